"""“Where do outlets differ on this?”: the facts of one sentence across the other outlets.

Pushed by ``d`` in the article view with the article and a character offset.  A thread worker
finds the sentence there and asks the facts engine (``about_sentence``) which facts it holds;
the dialog shows each outlet's sentence with the values and verdict, or says honestly that no
other outlet reports this.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from kzreader.config import FactsConfig
from kzreader.facts import Fact, Sentence, changed_spans, matching_sentences
from kzreader.library import Article
from kzreader.report import short_names
from kzreader.safetext import one_line, visible
from kzreader.tui import layout
from kzreader.tui.screens.selection import LOADING_DELAY, source_groups_for
from kzreader.tui.widgets.claims_view import ClaimsView

NO_OTHER = "No other outlet reports this."
MAX_DIVERGENCE_ARTICLES = 200
"""``find_divergences`` checks the open article against at most this many articles."""


@dataclass
class DivergencesFound(Message):
    """Values of ``article_id`` that other outlets contradict: (start, end, verdict) spans."""

    article_id: str
    spans: list[tuple[int, int, str]]


def find_divergences(
    target: DOMNode,
    article: Article,
    articles: Sequence[Article],
    config: FactsConfig | None = None,
) -> None:
    """In a thread, find ``article``'s values other ``articles`` contradict; post
    ``DivergencesFound`` to ``target`` (whose handler calls ``ArticleView.set_divergences``).

    Skipped when there are more than ``MAX_DIVERGENCE_ARTICLES`` (a whole archive is no story).
    The facts are computed over ``articles`` in their given order, so opening one article after
    another asks the engine the same question and its cache answers; runs take turns on the
    engine's lock, so one superseded by a newer open finishes the shared work once instead of
    racing it.
    """
    library = tuple(articles)
    if article not in library:
        library = (article, *library)
    if len(library) < 2 or len(library) > MAX_DIVERGENCE_ARTICLES:
        return

    def job() -> None:
        from kzreader.facts import divergent_spans, facts_for

        report = facts_for(library, None, config)  # under the engine's lock: computed once
        if not get_current_worker().is_cancelled:  # a newer open owns the view now
            target.post_message(DivergencesFound(article.id, divergent_spans(report, article.id)))

    target.run_worker(
        job,
        name="divergences",
        group="divergences",
        thread=True,
        exclusive=True,
        exit_on_error=False,
    )


@dataclass
class DifferReady(Message):
    sentence: Sentence
    facts: list[Fact]
    matches: list[tuple[str, Sentence, float]]  # (article id, its aligned sentence, similarity)


@dataclass
class DifferFailed(Message):
    error: str


class DifferScreen(ModalScreen[None]):
    """The facts of ``article``'s sentence at ``offset``, as every outlet reports them."""

    DEFAULT_CSS = (
        layout.modal_css("DifferScreen")
        + """
    DifferScreen #differ-sentence { padding: 0 1 1 1; color: $text-muted; }
    DifferScreen #differ-none { padding: 0 1; text-style: bold; }
    DifferScreen #differ-matches { padding: 1 1 0 1; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,d", "dismiss", "Close", id="differ_close"),
    ]

    def __init__(
        self,
        article: Article,
        offset: int,
        articles: Sequence[Article],
        config: FactsConfig | None = None,
        source_groups: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.source_groups = dict(source_groups) if source_groups is not None else None
        self.article = article
        self.text_offset = offset
        self.articles = tuple(articles)
        self.facts_config = config
        self.names = short_names(self.articles)
        self.sentence: Sentence | None = None
        self.facts: list[Fact] | None = None
        self.matches: list[tuple[str, Sentence, float]] = []
        self.ready = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="differ-box") as box:
            outlet = visible(self.names.get(self.article.id, ""))  # border titles parse markup
            box.border_title = Content(f"Where do outlets differ? · {outlet}")
            box.border_subtitle = "escape to close"
            yield Static("Looking for this sentence in the other outlets…", id="differ-sentence")
            yield Static("", id="differ-none")
            yield ClaimsView(id="differ-facts")
            yield Static("", id="differ-matches")

    def on_mount(self) -> None:
        self.set_timer(LOADING_DELAY, self._show_loading)  # only when the engine is slow
        self.compute()

    def _show_loading(self) -> None:
        if not self.ready:
            self.query_one("#differ-box").loading = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="differ")
    def compute(self) -> None:
        from kzreader.facts import about_sentence, facts_for, sentence_at

        groups = self.source_groups
        if groups is None:
            try:
                groups = source_groups_for(self.articles)
            except Exception:  # noqa: BLE001 - the facts stand without copies marked
                groups = {}
        try:
            sentence = sentence_at(self.article, self.text_offset)
            facts = about_sentence(
                self.articles, self.article.id, sentence.start, sentence.end, self.facts_config,
                groups,
            )  # fmt: skip
            report = facts_for(self.articles, None, self.facts_config, groups)
            # outlets with a fact about this sentence first, then the rest in library order
            first = {c.article for f in facts for c in f.claims}
            others = sorted(self.articles, key=lambda a: a.id not in first)
            matches = matching_sentences(self.article, sentence, others, report)
        except (ValueError, TypeError, ArithmeticError, IndexError) as exc:
            self.post_message(DifferFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(DifferReady(sentence, facts, matches))

    def on_differ_ready(self, message: DifferReady) -> None:
        self.sentence, self.facts, self.matches = message.sentence, message.facts, message.matches
        self.query_one("#differ-box").loading = False
        self.query_one("#differ-sentence", Static).update(
            Content.assemble(
                Content.styled("This sentence: ", "bold"), f"“{visible(message.sentence.text)}”"
            )
        )
        if message.facts:
            verdict = ""
        elif message.matches:
            verdict = "No figures here that the outlets dispute."
        else:
            verdict = NO_OTHER
        self.query_one("#differ-none", Static).update(verdict)
        self.query_one("#differ-none").display = bool(verdict)
        self.query_one(ClaimsView).show_facts(message.facts, self.names)
        self.query_one(ClaimsView).display = bool(message.facts)
        self.query_one("#differ-matches", Static).update(self.matches_content(message))
        self.query_one("#differ-matches").display = bool(message.matches)
        self.ready = True

    def matches_content(self, message: DifferReady) -> Content:
        """Each outlet's aligned sentence, its words that differ from this one in bold."""
        if not message.matches:
            return Content("")
        parts: list[Content | str] = [Content.styled("How the other outlets put it", "bold")]
        for article_id, theirs, similarity in message.matches:
            text = Content(visible(theirs.text))
            for start, end in changed_spans(message.sentence.text, theirs.text):
                text = text.stylize("$text-primary bold", start, end)
            name = Content.styled(visible(self.names.get(article_id, article_id)), "bold")
            parts += ["\n\n", name, Content.styled(f" (similarity {similarity:.2f})", "dim")]
            parts += ["\n  “", text, "”"]
        return Content.assemble(*parts)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "differ":
            error = event.worker.error
            self.post_message(DifferFailed(f"{type(error).__name__}: {error}"))

    def on_differ_failed(self, message: DifferFailed) -> None:
        self.query_one("#differ-box").loading = False
        self.query_one("#differ-sentence", Static).update(
            Content(f"The facts engine failed: {one_line(message.error)}")
        )
        self.ready = True
