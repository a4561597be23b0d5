"""Property: no file, however crafted, gets a control character to the terminal or a traceback.

Hypothesis writes a source folder whose file names and contents mix news sentences with
terminal controls (ESC sequences, C1, bidi overrides, NUL, CR), markup and emoji codes, then
runs it through the core (load, search, facts, compare) and through every CLI command with and
without ``--json``.  Every output must be free of ESC, C0 (but newline and tab), DEL, C1 and
bidi controls; ``--json`` must parse; exit codes are 0 or 1 (1: nothing found); no exception.
Half the examples switch the library's sanitiser off, so the faces are tested on their own.

``KZ_FUZZ_EXAMPLES`` raises the number of examples for a longer local run.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kzreader.cli import main
from kzreader.library import load_library
from kzreader.safetext import is_safe
from tests.safety_corpus import unsafe_in

EXAMPLES = int(os.environ.get("KZ_FUZZ_EXAMPLES", "60"))

CONTROLS = [chr(c) for c in range(0x20) if c not in (9, 10)] + ["\x7f"]
CONTROLS += [chr(c) for c in range(0x80, 0xA0)] + [chr(c) for c in range(0x202A, 0x202F)]
CONTROLS += [chr(c) for c in range(0x2066, 0x206A)] + ["\u2028", "\u2029", "\ufeff"]
SEQUENCES = ["\x1b]52;c;aGVsbG8=\x07", "\x1b]0;title\x1b\\", "\x1b[2J", "\x9b31m", "\r\n", "\r"]
MARKUP = ["[/]", "[b]", "[/b]", "[@click=app.quit]", "[$accent]", "[video]", ":smile:", "\\"]
SENTENCES = (
    "Police said twelve people were killed and 300 injured in the city on Monday , "
    "according to the ministry . Officials said eight people died . The mayor said "
    "more than 250 were hurt . Reuters AP BBC"
)
WORDS = SENTENCES.split()

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(CONTROLS),
    st.sampled_from(SEQUENCES),
    st.sampled_from(MARKUP),
    st.text(min_size=1, max_size=6),
)
line = st.lists(token, min_size=1, max_size=25).map(" ".join)
body = st.lists(line, min_size=1, max_size=8).map("\n\n".join)
name_char = st.characters(blacklist_characters="/\x00", codec="utf-8")
name_char |= st.sampled_from(CONTROLS[1:])  # no NUL: no file system takes it in a name
file_name = st.tuples(
    st.text(alphabet=name_char, min_size=1, max_size=20).filter(lambda s: s not in (".", "..")),
    st.sampled_from([".txt", ".md", ".html"]),
).map("".join)
folder_files = st.dictionaries(file_name, body, min_size=2, max_size=4)


def write_folder(root: Path, files: dict[str, str]) -> Path:
    folder = root / "src"
    folder.mkdir()
    for name, text in files.items():
        if name.startswith("."):
            name = "x" + name
        try:
            (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        except (OSError, UnicodeEncodeError):  # a name the file system refuses (too long...)
            continue
    return folder


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def raw_library_patches() -> list[mock._patch]:  # type: ignore[name-defined]
    import kzreader.library.loader as loader

    return [
        mock.patch.object(loader, "sanitize", lambda text: text),
        mock.patch.object(loader, "one_line", lambda text: text.strip()),
    ]


def check_core(folder: Path, raw: bool) -> list[str]:
    """Load, search, facts and compare in the core; returns the ids."""
    from kzreader.facts import facts_for
    from kzreader.facts.diff import compare_articles
    from kzreader.search import SearchIndex

    library = load_library([folder])
    for article in library:
        if not raw:
            for text in (article.id, article.title, article.outlet, article.text):
                assert is_safe(text), ascii(text[:80])
    with SearchIndex.open(library) as index:
        index.update()
        for query in ("police", "killed OR injured", "[/]", "\x1b[2J", "\u202e"):
            try:
                results = index.search(query, limit=5)
            except Exception as exc:  # noqa: BLE001 - a bad query is a QueryError, nothing else
                from kzreader.search import QueryError

                assert isinstance(exc, QueryError), repr(exc)
                continue
            for hit in results.hits:
                text = library.get(hit.article).text
                for fragment in hit.fragments:
                    assert 0 <= fragment.start <= fragment.end <= len(text)
            index.search(query, limit=5, as_you_type=True)
    articles = list(library.articles)
    if len(articles) >= 2:
        report = facts_for(articles)
        for fact in report.facts:
            for claim in fact.claims:
                article = library.get(claim.article)
                # the offsets point into the part the claim is in (a headline is read too)
                parts = {"text": article.text, "title": article.title}
                text = parts.get(claim.part) or article.captions[claim.part_index]
                assert text[claim.start : claim.end] == claim.sentence
        compare_articles(articles[:2], report)
    return [a.id for a in articles]


def check_cli(folder: Path, ids: list[str]) -> None:
    source = ("--source", str(folder))
    commands = [["sources"], ["search", "police"], ["search", "killed OR [/]"], ["facts"]]
    commands += [["facts", "killed"]]
    if ids:
        commands.append(["show", "--", ids[0]])
    if len(ids) >= 2:
        commands.append(["compare", "--", ids[0], ids[1]])
    for argv in commands:
        for variant in (argv, [*argv[:1], "--json", *argv[1:]]):
            code, out, err = run(*source, *variant)
            assert code in (0, 1), (variant, code, err)
            assert unsafe_in(out) == [], (variant, unsafe_in(out)[:5])
            assert unsafe_in(err) == [], (variant, unsafe_in(err)[:5])
            if "--json" in variant:
                json.loads(out)  # one document, also when nothing was found (exit 1)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=folder_files, raw=st.booleans())
def test_crafted_files_never_reach_the_terminal(files, raw):
    with tempfile.TemporaryDirectory() as root, ExitStack() as stack:
        folder = write_folder(Path(root), files)
        if raw:
            for patch in raw_library_patches():
                stack.enter_context(patch)
        ids = check_core(folder, raw)
        event(f"{min(len(ids), 2)}+ articles loaded")
        check_cli(folder, ids)
