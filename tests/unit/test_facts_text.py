"""The one text toolkit (facts/text/textsim.py): stop list, stemmer, stems and TF-IDF."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from kzreader.facts.text.textsim import STOP, TfidfVectors, cosine, stem, stems


def test_one_stemmer_folds_inflections_whatever_the_case() -> None:
    assert stem("killed") == stem("Killing") == stem("kills") == stem("kill")
    assert stem("killed") != stem("kiln")
    assert stem("injuries") == stem("injury")
    assert stem("officers") == stem("Officer")
    assert stem("gas") == "gas" and stem("bus") == "bus"  # short words and -us/-ss stay


def test_stems_drop_stop_words_single_letters_and_digits() -> None:
    got = stems("The police said that 12 officers were killed in a raid, X said.")
    assert got == [stem("police"), stem("officer"), stem("kill"), stem("raid")]
    assert {"the", "said", "whose", "according"} <= STOP


def test_tfidf_over_own_documents_is_smooth_and_unit_length() -> None:
    docs = [["quake", "toll"], ["quake", "aid"], ["vote", "poll"]]
    vectors = TfidfVectors(docs)
    assert all(sum(v * v for v in vec.values()) == pytest.approx(1.0) for vec in vectors.vectors)
    # "quake" is in 2 of 3 documents: idf log(4/3) + 1; "toll" in 1: log(4/2) + 1
    quake, toll = math.log(4 / 3) + 1, math.log(2) + 1
    norm = math.hypot(quake, toll)
    assert vectors.vectors[0]["quake"] == pytest.approx(quake / norm)
    assert vectors.cosine(0, 2) == 0.0
    assert 0 < vectors.cosine(0, 1) < 1


def test_tfidf_with_outside_frequencies() -> None:
    """The claim aligner counts every sentence of the articles, not only the claims' own."""
    df = Counter({"kill": 40, "officer": 2, "raid": 2})
    vectors = TfidfVectors([["kill", "officer"], ["kill", "raid"]], df, 50)
    own = TfidfVectors([["kill", "officer"], ["kill", "raid"]])
    # "kill" is common over the 50 sentences: the two claims look less alike than on their own
    assert vectors.cosine(0, 1) < own.cosine(0, 1)
    assert cosine(vectors.vectors[0], vectors.vectors[0]) == pytest.approx(1.0)
