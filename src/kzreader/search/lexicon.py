"""The words of the index, with their document frequencies, for expanding prefixes and
wildcards without asking Whoosh term by term.

Whoosh answers ``iter_prefix`` on a multi-segment reader by merging each word's info across
segments (md5 lookups per segment per word: 80 ms for the 1,400 words of ``co`` in two
segments), and decodes a TermInfo per word even segment by segment (~30 us).  A segment never
changes, so its words and frequencies are read once (`SegmentWords`, ~0.2 s for 50,000 words)
and kept for the life of the index object; a prefix is then two bisections per segment.  For
leading wildcards the segments are merged, per searcher, into one string of words, most
frequent first (`Lexicon`), that one C-speed regular expression scans.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable
from typing import Any

from kzreader.search.score import segment_key


class SegmentWords:
    """One segment's words of one field, in the segment's (sorted) order, and their document
    frequencies."""

    def __init__(self, words: list[str], frequencies: array[int]) -> None:
        self.words = words
        self.frequencies = frequencies

    @classmethod
    def of(cls, leaf: Any, fieldname: str) -> SegmentWords:
        field = leaf.schema[fieldname]
        words: list[str] = []
        frequencies: array[int] = array("q")
        for text, info in leaf.iter_field(fieldname):
            words.append(text if isinstance(text, str) else field.from_bytes(text))
            frequencies.append(info.doc_frequency())
        return cls(words, frequencies)

    def prefixed(self, prefix: str) -> Iterable[tuple[str, int]]:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff", lo)
        return zip(self.words[lo:hi], self.frequencies[lo:hi], strict=True)


class Lexicon:
    """A field's words, most frequent first, as one newline-separated string for regex scans."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
        self.words = [w for w, _ in ordered]
        self.frequencies = [f for _, f in ordered]
        self.starts: list[int] = []
        position = 0
        for word in self.words:
            self.starts.append(position)
            position += len(word) + 1
        self.blob = "\n".join(self.words)

    def matching(self, pattern: re.Pattern[str]) -> Iterable[tuple[int, str]]:
        """(document frequency, word) of each word ``pattern`` matches whole, most frequent
        first.  ``pattern`` is used with MULTILINE ``^...$`` and must not cross a newline."""
        for match in pattern.finditer(self.blob):
            i = bisect.bisect_right(self.starts, match.start()) - 1
            yield self.frequencies[i], self.words[i]


class Lexicons:
    """Per segment and field, its words (kept across searchers: segments never change); per
    searcher and field, the merged `Lexicon` for leading wildcards."""

    def __init__(self) -> None:
        self._segments: dict[tuple[Any, str], SegmentWords] = {}
        self._merged: dict[str, Lexicon] = {}
        self._reader: Any = None

    def _for_reader(self, reader: Any) -> list[Any]:
        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
        if reader is not self._reader:
            self._reader = reader
            self._merged = {}
            live = {segment_key(leaf) for leaf in leaves}
            self._segments = {k: v for k, v in self._segments.items() if k[0] in live}
        return leaves

    def ready(self, reader: Any, fieldname: str) -> bool:
        leaves = self._for_reader(reader)
        return all((segment_key(leaf), fieldname) in self._segments for leaf in leaves)

    def segment(self, leaf: Any, fieldname: str) -> SegmentWords:
        key = (segment_key(leaf), fieldname)
        words = self._segments.get(key)
        if words is None:
            words = self._segments[key] = SegmentWords.of(leaf, fieldname)
        return words

    def warm(self, reader: Any, fieldnames: Iterable[str]) -> None:
        """Read every segment's words of these fields now (the reader calls it in a worker)."""
        for leaf in self._for_reader(reader):
            for fieldname in fieldnames:
                self.segment(leaf, fieldname)

    def prefixed(self, reader: Any, fieldname: str, prefix: str) -> list[tuple[int, str]]:
        """(document frequency, word) of every word of the field starting with ``prefix``;
        from the kept segment words when they are read, else segment by segment from Whoosh
        (not kept: a one-off query should not pay for reading every word)."""
        leaves = self._for_reader(reader)
        frequencies: dict[str, int] = {}
        if self.ready(reader, fieldname):
            for leaf in leaves:
                for word, frequency in self.segment(leaf, fieldname).prefixed(prefix):
                    frequencies[word] = frequencies.get(word, 0) + frequency
        else:
            field = reader.schema[fieldname]
            for leaf in leaves:
                for text, info in leaf.iter_prefix(fieldname, prefix):
                    word = text if isinstance(text, str) else field.from_bytes(text)
                    frequencies[word] = frequencies.get(word, 0) + info.doc_frequency()
        return [(frequency, word) for word, frequency in frequencies.items()]

    def merged(self, reader: Any, fieldname: str) -> Lexicon:
        """Every word of the field, most frequent first (built from the segments' words)."""
        leaves = self._for_reader(reader)
        lexicon = self._merged.get(fieldname)
        if lexicon is None:
            frequencies: dict[str, int] = {}
            for leaf in leaves:
                segment = self.segment(leaf, fieldname)
                for word, frequency in zip(segment.words, segment.frequencies, strict=True):
                    frequencies[word] = frequencies.get(word, 0) + frequency
            lexicon = self._merged[fieldname] = Lexicon(frequencies.items())
        return lexicon
