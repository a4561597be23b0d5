"""Facts: sentences, quantities, names, claims, alignment, verdicts, article diff."""
