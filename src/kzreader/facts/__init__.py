"""Facts: what outlets state, kind by kind, and where they diverge (DESIGN.md "Facts").

The one front door: the faces (CLI, commands, TUI, report) import these names from
``kzreader.facts`` and nothing from its modules.  Imports are lazy (module ``__getattr__``):
``import kzreader.facts`` costs nothing until a name is used, and a name loads only its module.

- ``facts_for(articles, query=None, config=None, source_groups=None) -> FactReport`` and
  ``about_sentence(...)``: the engine (``engine.py``);
- ``Claim``, ``Fact``, ``FactReport``, ``Kind``, ``Verdict``, ``VERDICTS``, ``DIVERGENT``,
  ``DISPUTED``,
  ``verdict_rank``: the records (``model.py``);
- ``compare_articles``, ``Comparison``, ``Row``, ``word_opcodes``, ``word_diff``: the article
  diff (``diff.py``); ``Sentence``, ``sentences_of``, ``split_sentences`` (``text/sentences.py``);
- ``sentence_marks``, ``divergent_spans``, ``matching_sentences``... : what the faces mark
  (``compare/divergences.py``); ``unit`` (the unit a word names, ``text/units.py``).

Layout: ``text/`` (sentences, numbers, names, attribution, the one stemmer and TF-IDF),
``extract/`` (claims by kind), ``compare/`` (alignment, verdicts by kind, divergences),
``kinds.py`` (the registry of kinds), ``engine.py`` (the pipeline), ``diff.py`` (the article diff).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        ("Claim", "Fact", "FactReport", "Kind", "Verdict", "VERDICTS", "DIVERGENT", "DISPUTED",
         "verdict_rank"),
        "model",
    ),
    **dict.fromkeys(("facts_for", "about_sentence", "filter_facts", "sentence_at"), "engine"),
    **dict.fromkeys(("Comparison", "Row", "compare_articles", "word_diff", "word_opcodes"), "diff"),
    **dict.fromkeys(("Sentence", "sentences_of", "split_sentences"), "text.sentences"),
    **dict.fromkeys(
        ("MAX_MATCH_ARTICLES", "Mark", "changed_spans", "claim_values", "divergent_spans",
         "facts_in", "matching_sentences", "row_is_divergent", "sentence_marks"),
        "compare.divergences",
    ),
    **dict.fromkeys(("unit",), "text.units"),
}  # fmt: skip

__all__ = [
    "DISPUTED",
    "DIVERGENT",
    "MAX_MATCH_ARTICLES",
    "VERDICTS",
    "Claim",
    "Comparison",
    "Fact",
    "FactReport",
    "Kind",
    "Mark",
    "Row",
    "Sentence",
    "Verdict",
    "about_sentence",
    "changed_spans",
    "claim_values",
    "compare_articles",
    "divergent_spans",
    "facts_for",
    "facts_in",
    "filter_facts",
    "matching_sentences",
    "row_is_divergent",
    "sentence_at",
    "sentence_marks",
    "sentences_of",
    "split_sentences",
    "unit",
    "verdict_rank",
    "word_diff",
    "word_opcodes",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # what the names are, for type checkers (never imported at run time)
    from kzreader.facts.compare.divergences import (
        MAX_MATCH_ARTICLES,
        Mark,
        changed_spans,
        claim_values,
        divergent_spans,
        facts_in,
        matching_sentences,
        row_is_divergent,
        sentence_marks,
    )
    from kzreader.facts.diff import Comparison, Row, compare_articles, word_diff, word_opcodes
    from kzreader.facts.engine import about_sentence, facts_for, filter_facts, sentence_at
    from kzreader.facts.model import (
        DISPUTED,
        DIVERGENT,
        VERDICTS,
        Claim,
        Fact,
        FactReport,
        Kind,
        Verdict,
        verdict_rank,
    )
    from kzreader.facts.text.sentences import Sentence, sentences_of, split_sentences
    from kzreader.facts.text.units import unit
