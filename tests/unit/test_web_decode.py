"""Decoding text files: legacy code pages detected, a bad byte in UTF-8 kept UTF-8, wide
encodings told apart, NULs past the first 8 KB reported."""

from __future__ import annotations

import codecs

import pytest

from kzreader.library import load_library
from kzreader.library.decode import DecodeError, decode_text

RUSSIAN = (
    "Власти заявили в понедельник, что протесты в столице подавлены.\n\n"
    "По словам министерства, задержаны более трёхсот человек, а двенадцать сотрудников "
    "полиции погибли в ходе беспорядков на центральной площади.\n\n"
    "Жители говорят, что связь в городе не работала почти двое суток.\n"
)
ENGLISH = "The council met on Tuesday.\n\nIt approved the budget for the new bridge.\n"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_cyrillic_legacy_files_are_detected(tmp_path, encoding):
    (tmp_path / "report.txt").write_bytes(("Протесты подавлены\n\n" + RUSSIAN).encode(encoding))
    library = load_library([tmp_path])
    article = library.get("report")
    assert article is not None
    assert article.title == "Протесты подавлены"
    assert "двенадцать сотрудников полиции" in article.text
    assert article.encoding == encoding
    notes = [w.message for w in library.warnings]
    assert any(encoding in n and "detected" in n for n in notes)


def test_cp1252_text_is_still_cp1252():
    raw = "The café’s owner said “we will reopen” — soon.".encode("cp1252")
    decoded = decode_text(raw)
    assert decoded.encoding == "cp1252" and decoded.text.endswith("— soon.")


def test_a_declared_charset_is_used_when_the_bytes_are_not_utf8():
    raw = RUSSIAN.encode("koi8_r")
    assert decode_text(raw, declared="KOI8-R").encoding == "koi8-r"
    assert decode_text(raw, declared="utf-8").text == RUSSIAN  # a wrong declaration: detected


def test_utf8_with_one_bad_byte_stays_utf8_and_names_the_offset(tmp_path):
    good = "Café owners in Zürich said “no” — twice.\n\n" + ENGLISH
    raw = good.encode("utf-8")
    at = raw.index(b"Tuesday")
    broken = raw[:at] + b"\x92" + raw[at:]
    decoded = decode_text(broken)
    assert decoded.encoding == "utf-8"
    assert "Zürich" in decoded.text and "“no”" in decoded.text  # not cp1252 mojibake
    assert "\ufffdTuesday" in decoded.text
    assert decoded.notes == (f"1 invalid UTF-8 byte replaced by U+FFFD (first at offset {at})",)
    (tmp_path / "a.txt").write_bytes(broken)
    library = load_library([tmp_path])
    assert any(str(at) in str(w) and "a.txt" in str(w) for w in library.warnings)


def test_utf32_is_not_read_as_utf16():
    for codec in ("utf-32", "utf-32-le", "utf-32-be"):
        raw = ENGLISH.encode(codec)
        if codec != "utf-32":
            raw = (codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE) + raw
        decoded = decode_text(raw)
        assert (decoded.text, decoded.encoding) == (ENGLISH, "utf-32")


def test_wide_text_without_a_bom_is_recognised():
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        decoded = decode_text(ENGLISH.encode(codec))
        assert decoded.text == ENGLISH and decoded.encoding == codec
        assert "no byte-order mark" in decoded.notes[0]


def test_a_nul_after_the_first_8_kb_is_removed_and_reported(tmp_path):
    text = "Headline\n\n" + ("The council met again today and talked. " * 300) + "\n\nEnd.\n"
    raw = text.encode()
    at = 9000
    (tmp_path / "n.txt").write_bytes(raw[:at] + b"\x00" + raw[at:])
    library = load_library([tmp_path])
    article = library.get("n")
    assert article is not None and "\x00" not in article.text
    assert any(f"NUL byte removed (first at offset {at})" in str(w) for w in library.warnings)


def test_binary_is_still_refused():
    with pytest.raises(DecodeError, match="binary"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_legacy_bytes_with_a_few_utf8_lookalikes_are_legacy():
    # cp1251 text where one pair of bytes happens to be valid UTF-8 is still cp1251
    raw = RUSSIAN.encode("cp1251") + "\n\nЦена: 5 €\n".encode("cp1251")
    assert decode_text(raw).encoding == "cp1251"
