"""Text toolkit of the facts engine: sentences, numbers, names, attribution, one stemmer and TF-IDF.

Nothing here knows about claims or verdicts; ``extract`` and ``compare`` build on it.
"""
