"""Comparing claims across articles: alignment, verdicts, variants, divergences."""
