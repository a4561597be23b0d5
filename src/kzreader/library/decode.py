"""Bytes -> text: byte-order marks, then UTF-8 (kept when only a few bytes are bad), then the
legacy encoding that charset-normalizer finds; binary data is refused.

Rules, in order:

1. A byte-order mark decides: UTF-8, UTF-32 (checked before UTF-16: the UTF-32-LE mark starts
   with the UTF-16-LE one), UTF-16.  Without a mark, a text whose bytes follow the zero pattern
   of ASCII in UTF-16 or UTF-32 (every second or three of four bytes NUL) is read so.
2. A NUL byte in the first 8 KB, or many control bytes there, marks a binary file.
3. Valid UTF-8 is UTF-8.  Invalid UTF-8 that still holds at least as many valid multi-byte
   sequences as bad bytes is UTF-8 with a few bad bytes (a pasted character, a truncated
   sequence): each bad byte becomes U+FFFD and the caller is told the offset of the first.
   Legacy-encoded text almost never forms valid multi-byte UTF-8 by chance, so this keeps a
   UTF-8 file UTF-8 instead of reading it all as cp1252.
4. Otherwise the encoding the document declares (an HTML ``<meta charset>`` or an HTTP
   header, passed by the caller) when it decodes, else charset-normalizer's best guess among
   the common legacy encodings of news text (cp1251, KOI8-R, cp1252, ...), else cp1252.  With
   fewer than 8 non-ASCII bytes there is nothing to detect from: cp1252, when it decodes.
5. NUL bytes after the first 8 KB are dropped with a note naming the offset of the first.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field


class DecodeError(Exception):
    pass


@dataclass(frozen=True)
class Decoded:
    text: str
    #: Python codec name: "utf-8", "utf-16", "cp1251", ...
    encoding: str
    #: What the caller should warn about (naming the file): bad bytes, guessed encodings.
    notes: tuple[str, ...] = field(default=())


_SAMPLE = 8192
_HIGH = bytes(range(128, 256))
#: Fewer non-ASCII bytes than this and the file is read as cp1252 (when it decodes so):
#: detection on a handful of bytes is a guess.
_DETECT_MIN = 8
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
#: Candidates for charset-normalizer: the legacy code pages news text comes in.  Limiting the
#: search keeps it from rare code pages (cp775, cp1125) that fit short Latin text by accident.
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp1250",
    "iso8859_2",
    "iso8859_5",
    "iso8859_15",
    "mac_cyrillic",
    "cp866",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp874",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)


def looks_binary(raw: bytes) -> bool:
    sample = raw[:_SAMPLE]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control > max(8, len(sample) // 100)


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta charset=...>``), as a
    Python codec name, or None when it declares none or one Python does not know."""
    match = _META_CHARSET.search(raw[:4096])
    return codec_name(match.group(1).decode("ascii")) if match else None


def codec_name(label: str | None) -> str | None:
    """A charset label ("Windows-1251", "koi8-r") as a Python codec name, or None."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """(text, encoding name).  Raises DecodeError for binary or undecodable data."""
    decoded = decode_text(raw)
    return decoded.text, decoded.encoding


def decode_text(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode one document; ``declared`` is the charset its container names (an HTTP header or
    the HTML meta tag), used when the bytes are not UTF-8.  Raises DecodeError."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(
                    raw[len(bom) :].decode(name), name.removesuffix("-le").removesuffix("-be")
                )
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"not decodable as {name} despite its byte-order mark "
                    f"(invalid data at offset {exc.start + len(bom)})"
                ) from None
    wide = _wide_ascii(raw)
    if wide is not None:
        try:
            return Decoded(raw.decode(wide), wide, (f"decoded as {wide} (no byte-order mark)",))
        except UnicodeDecodeError:
            pass  # not that after all: judged as bytes below
    if looks_binary(raw):
        raise DecodeError("binary file, not text")
    notes: list[str] = []
    nul = raw.find(b"\x00")
    if nul >= 0:
        count = raw.count(b"\x00")
        notes.append(f"{count} NUL byte{'s' if count > 1 else ''} removed (first at offset {nul})")
        raw = raw.replace(b"\x00", b"")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", tuple(notes))
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad - raw.count(b"\xef\xbf\xbd")
    if good > 0 and good >= bad:
        notes.append(
            f"{bad} invalid UTF-8 byte{'s' if bad > 1 else ''} replaced by U+FFFD "
            f"(first at offset {first_bad})"
        )
        return Decoded(text, "utf-8", tuple(notes))
    name = _legacy(raw, declared)
    try:
        text = raw.decode(name)
    except UnicodeDecodeError:
        raise DecodeError(f"not UTF-8 (invalid byte at offset {first_bad}) nor {name}") from None
    how = "declared" if declared and codec_name(declared) == name else "detected"
    notes.append(f"decoded as {name} ({how}; not UTF-8: invalid byte at offset {first_bad})")
    return Decoded(text, name, tuple(notes))


def _legacy(raw: bytes, declared: str | None) -> str:
    name = codec_name(declared)
    if name and name not in ("utf-8", "ascii"):
        try:
            raw.decode(name)
            return name
        except UnicodeDecodeError:
            pass  # a wrong declaration: detect instead
    high = len(raw) - len(raw.translate(None, _HIGH))
    if high < _DETECT_MIN:
        return "cp1252"  # too few non-ASCII bytes to tell code pages apart
    from charset_normalizer import from_bytes  # about 30 ms to import: only for legacy files

    best = from_bytes(raw[:262144], cp_isolation=list(LEGACY_ENCODINGS)).best()
    found = codec_name(best.encoding) if best is not None else None
    if found and found != "cp1252":
        try:
            text = raw.decode(found)
        except UnicodeDecodeError:
            return "cp1252"  # the sample fitted, the whole does not
        try:
            if raw.decode("cp1252") == text:
                return "cp1252"  # the same text either way: name the common one
        except UnicodeDecodeError:
            pass  # not cp1252 at all: the guess stands
        return found
    return "cp1252"


def _wide_ascii(raw: bytes) -> str | None:
    """UTF-16/32 without a byte-order mark, recognised by the NUL bytes of its ASCII."""
    sample = raw[:_SAMPLE]
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    n = len(sample)
    if n % 4 == 0 and len(raw) % 4 == 0:
        for name, zero in (("utf-32-le", (1, 2, 3)), ("utf-32-be", (0, 1, 2))):
            if all(_share_zero(sample, k) > 0.9 for k in zero):
                return name
    if len(raw) % 2 == 0:
        even, odd = _share_zero(sample[0::2], 0, 1), _share_zero(sample[1::2], 0, 1)
        if odd > 0.9 and even < 0.1:
            return "utf-16-le"
        if even > 0.9 and odd < 0.1:
            return "utf-16-be"
    return None


def _share_zero(data: bytes, offset: int, step: int = 4) -> float:
    part = data[offset::step]
    return part.count(0) / len(part) if part else 0.0
