"""Bytes -> text: UTF-8 first, then legacy encodings; binary files are refused."""

from __future__ import annotations


class DecodeError(Exception):
    pass


_LEGACY = ("cp1252",)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control > max(8, len(sample) // 100)


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding name).  Raises DecodeError for binary or undecodable data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DecodeError("not decodable as UTF-16 despite its byte-order mark") from None
    if looks_binary(raw):
        raise DecodeError("binary file, not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for name in _LEGACY:
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            continue
    raise DecodeError(f"not UTF-8 (invalid byte at offset {utf8_error.start}) nor cp1252")
