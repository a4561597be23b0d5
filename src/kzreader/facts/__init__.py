"""Facts: sentences, quantities, names, claims, alignment, verdicts, article diff."""

from kzreader.facts.engine import about_sentence, facts_for
from kzreader.facts.model import Claim, Fact, FactReport

__all__ = ["Claim", "Fact", "FactReport", "about_sentence", "facts_for"]
