"""Comparators: one module per kind of fact, deciding which claims state one fact and its verdict.

The contract (the other half of a kind; see ``kzreader.facts.extract`` and ``kinds.KINDS``),
in ``facts/compare/<kind>.py``:

``group(found: list[F], report: ReportContext) -> list[list[F]]``
    ``found`` is everything the kind's extractor returned for the report, in article then text
    order.  Return the groups of claims that state one fact (each group in the order its
    claims should be shown: by article, then position).  A group needs claims of two or more
    articles (``report.config.min_outlets``; the engine drops the others) that report one story
    (``report.related(i, j)``).  Two ways to align:

    - by similarity (events described in sentences: counts, measures, money, times): call
      ``align.cluster(found, report, same_fact=..., score=..., bar=..., restates=...)``, where
      ``same_fact(a, b)`` says whether claims of two different articles can be one fact at all
      (the same predicate and subject, the same dimension, the same event; cheap, it runs on
      every pair), ``score(a, b)`` how alike they are (typically a base plus half
      ``align.similarity(a, b)``, the TF-IDF cosine of their sentences, plus bonuses for an
      agreeing subject, place or source), ``bar(a, b)`` the score needed
      (``report.config.similarity`` plus any margin), ``restates(a, b)`` whether one article
      may give both (a figure restated).  ``F`` then needs ``words`` (``ctx.words``) and a
      ``vector: dict[str, float] | None = None`` field;
    - by identity (one person's age or nationality, one entity's spelling): group by a key,
      as ``ages`` does through ``variants.name_index(report)`` (the report's name groups).

``judge(group: list[F], report: ReportContext) -> Fact``
    The fact: ``Fact(label, verdict, reason, claims)``.  ``label`` names what the fact is
    about ("police officers killed", "distance from Medan", "age: Roe"); ``verdict`` a
    ``model.Verdict`` (``agree`` one value; ``compatible`` values that can all be true:
    overlapping intervals, a matching conversion, a later report of an older age; ``update``
    a later report, by ``report.published`` or by wording, revising a value; ``conflict``
    values that exclude each other; ``variant`` one entity spelled differently); ``reason``
    one line ("8 vs 12", "more than 300 includes 317", "later report (Jan 6) revises 8 to
    12"); word agreement with ``reasons.agreement(claims, value)`` so that copies of one source
    are not counted as independent confirmation (the engine adds the same note to other
    verdicts).  ``claims`` are ``model.Claim``s, one per article and value at least.

The engine sorts the facts (``model.verdict_rank``, then independent sources, then article
order).  Modules here: ``align`` (the similarity aligner and the story relation), ``reasons``
(wording that counts sources), ``divergences`` (what the faces mark), ``updates`` (when a later
report revises a figure: publication stamps and wording, for every revisable kind), and the
registered kinds' comparators ``counts``, ``variants`` (names), ``ages``, ``places`` (with the
gazetteer, ``text.gazetteer``), ``attributes``, ``qualities``, ``times``, ``dates``.

Tests: a comparator is tested through ``facts_for`` on invented articles (verdict, reason,
which claims are grouped, and what must stay apart), and ``group``/``judge`` directly where a
rule is easier to pin there.
"""
