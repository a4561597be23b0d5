"""Vocabulary for the property tests that build random news-like sentences.

The facts-engine and number-extraction properties sample from the same core of count phrases,
measures and sources, each adding the words its own property is about.
"""

from __future__ import annotations


def news_words(*extra: str) -> list[str]:
    """The shared core of hedges, numbers, measures, sources and punctuation, plus ``extra``."""
    core = (
        "more than at least about nearly dozens of 12 1,500 twenty four killed injured were "
        "people police officers said according to the ministry in Port Vila , . 2011 and"
    )
    return core.split() + list(extra)
