"""Headlines and captions read as claims: offsets into the part they are in, a ``part`` field
in the claim and ``--json``, faces that mark the body skip them, and a headline that restates
its body joins the body's fact instead of making a second one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kzreader.facts import Kind, Verdict, facts_for
from kzreader.facts.compare.divergences import divergent_spans
from kzreader.facts.engine import about_sentence
from kzreader.library import Article

BODY = (
    "{n} people were killed when a bridge collapsed over the Narva river on Monday, officials "
    "said. Rescuers searched the water."
)


def article(
    aid: str, text: str, title: str, captions: tuple[str, ...] = (), when: int | None = None
) -> Article:
    return Article(
        id=aid, path=Path(f"{aid}.txt"), outlet=aid, title=title,
        published=datetime(2024, 3, when, tzinfo=UTC) if when else None, text=text,
        paragraphs=tuple(text.split("\n\n")), sha256="0" * 64, captions=captions,
    )  # fmt: skip


def test_a_headline_figure_is_a_claim_with_offsets_into_the_title() -> None:
    a = article(
        "a", "A bridge collapsed over the Narva river on Monday.", "Nine dead as bridge falls"
    )
    b = article("b", BODY.format(n="Seven"), "Bridge collapse on the Narva")
    (fact,) = [f for f in facts_for([a, b]).facts if f.kind == Kind.COUNT]
    assert fact.verdict == Verdict.CONFLICT and fact.reason == "9 vs 7"
    head = next(c for c in fact.claims if c.article == "a")
    assert head.part == "title" and head.in_text is False
    assert a.title[head.value_start : head.value_end] == "Nine"
    assert a.title[head.start : head.end] == head.sentence == "Nine dead as bridge falls"
    doc = facts_for([a, b]).to_json()
    parts = {c["article"]: c["part"] for f in doc["facts"] for c in f["claims"]
             if c["kind"] == "count"}  # fmt: skip
    assert parts == {"a": "title", "b": "text"}


def test_a_caption_claim_says_which_caption() -> None:
    captions = ("Rescuers at the river.", "Nine people were killed, officials said.")
    a = article("a", "A bridge collapsed over the Narva river on Monday.", "Bridge falls", captions)
    b = article("b", BODY.format(n="Seven"), "Bridge collapse on the Narva")
    (fact,) = [f for f in facts_for([a, b]).facts if f.kind == Kind.COUNT]
    cap = next(c for c in fact.claims if c.article == "a")
    assert (cap.part, cap.part_index) == ("caption", 1)
    assert a.captions[1][cap.value_start : cap.value_end] == "Nine"
    claim = next(c for f in facts_for([a, b]).to_json()["facts"] for c in f["claims"]
                 if c["article"] == "a")  # fmt: skip
    assert (claim["part"], claim["caption"]) == ("caption", 1)


def test_faces_marking_the_body_skip_headline_claims() -> None:
    a = article(
        "a", "A bridge collapsed over the Narva river on Monday.", "Nine dead as bridge falls"
    )
    b = article("b", BODY.format(n="Seven"), "Bridge collapse on the Narva")
    report = facts_for([a, b])
    assert divergent_spans(report, "a") == []  # the title's offsets are not the body's
    assert [s for s in divergent_spans(report, "b")]
    assert [f for f in about_sentence([a, b], "a", 0, len(a.text)) if f.kind == Kind.COUNT] == []


def test_a_headline_restating_its_body_joins_the_body_fact() -> None:
    a = article("a", BODY.format(n="Seven"), "Seven dead in Narva bridge collapse", when=4)
    b = article("b", BODY.format(n="Nine"), "Nine dead in Narva bridge collapse", when=5)
    facts = [f for f in facts_for([a, b]).facts if f.kind == Kind.COUNT]
    assert len(facts) == 1
    assert sorted((c.article, c.part) for c in facts[0].claims) == [
        ("a", "text"), ("a", "title"), ("b", "text"), ("b", "title"),
    ]  # fmt: skip
    assert facts[0].verdict == Verdict.UPDATE


def test_title_case_headlines_tell_no_names() -> None:
    a = article(
        "a", "Lena Marsh, 41, was hurt in the collapse, police said.", "Police Say Bridge Fell"
    )
    b = article(
        "b", "Lena Marsh, 41, was hurt in the collapse, police said.", "Bridge Falls Near Town"
    )
    labels = [f.label for f in facts_for([a, b]).facts]
    assert "age: Marsh" in labels
    assert not any(label.startswith("name:") for label in labels)
