"""Extractors: one module per kind of fact, turning a sentence into that kind's claims.

The contract (a kind is an extractor here and a comparator in ``kzreader.facts.compare``,
registered together by one line in ``kzreader.facts.kinds.KINDS``):

``extract(ctx: SentenceContext) -> list[F]`` in ``facts/extract/<kind>.py``

- It is called once per sentence of every article of a report, in article order then sentence
  order (so what it returns for one article comes out in text order).  It must not raise on any
  text, and it should be cheap on sentences without its cue (test a regex or a word set first:
  it runs on every sentence).
- ``ctx`` (``context.SentenceContext``) gives: ``ctx.text`` and ``ctx.sentence`` (a
  ``Sentence``: ``index``, ``start``/``end`` offsets into the article's text, ``text``);
  ``ctx.previous`` (the sentence before it in the same paragraph, or None); ``ctx.article``
  (the article's index in ``ctx.report.articles``: the ``Article`` is
  ``ctx.report.articles[ctx.article]``, with its ``title`` and ``published``);
  ``ctx.published`` (naive UTC, or None: resolve "yesterday", weekdays and times against it);
  ``ctx.config`` (``FactsConfig``); and, computed once and shared with the other kinds,
  ``ctx.tokens`` (``text.numbers.tokens``), ``ctx.words`` (stems, for alignment) and
  ``ctx.mentions`` (``text.names.mentions``).  ``ctx.report`` is the ``ReportContext``.
- It returns instances of its own ``F``: a ``@dataclass(eq=False, kw_only=True)`` subclass of
  ``context.Found`` (fields ``article`` and ``sentence``, which it copies from ``ctx``) with
  whatever its comparator needs (a normalised value, a unit, the subject, the predicate...).
  The engine reads only ``F.article``; the comparator receives exactly these objects back.
- The record the faces see is a ``model.Claim``.  Build it with ``ctx.claim(kind, start, end,
  value=..., low=..., high=..., unit=..., attribution=..., measure=...)``: ``start``/``end`` are
  the value's offsets in ``ctx.text`` (they are highlighted), ``kind`` a ``model.Kind``
  (``Kind.MEASURE`` claims must carry a canonical unit of ``text.units`` and ``low``/``high``
  in it; ``Kind.MONEY`` the currency code as ``unit``), ``value`` the value as written (default:
  the text at ``start:end``), ``low``/``high`` its interval (None for names), ``measure`` what is
  measured (the predicate: "killed", "distance", "age"...), ``attribution`` who says it
  (``text.attribution.attribution``).  ``source_group`` and the offsets into the article are
  filled in.  A kind may build its claims later, in its comparator, with
  ``report.claim(article, sentence, kind, start, end, ...)`` (the name kind does: it keeps only
  one claim per article and spelling).
- Word lists belong to the kind's own module (or ``lexicon.py`` when several kinds read them):
  general lexicons only, nothing keyed to a story, person or place.

Registered kinds: ``counts`` (``count``: counts of people and things with a casualty or arrest
measure, and figures said to be unknown), ``names`` (``name``: every word of every capitalised
name), ``ages`` (``age``, claims of kind ``attribute``: the age of a named person), ``places``
(``place``: where something happened), ``attributes`` (``attribute``: nationality, role and
status of a named person), ``qualities`` (``qualitative``: closed-class qualities: colour,
strength, damage, manner of death, weapon, aircraft, a fire's cause), ``times`` (``time``: clock
times, parts of the day and times in a game, with their zone and event) and ``dates``
(``date``: dates resolved against the article's publication day, with their event).

A sentence may be a headline's or a caption's (``ctx.part``): claims built through
``ctx.claim`` carry the part, and their offsets point into that text (``model.Claim``);
``KindSpec.headlines`` says which of those sentences a kind reads.

Tests: ``tests/unit/test_facts_<kind>.py`` with invented sentences; call ``extract`` through a
``SentenceContext`` (``tests/unit/test_facts_kinds.py`` shows how, with ``ReportContext`` over
invented ``Article``s) and the engine end to end through ``facts_for``.
"""
