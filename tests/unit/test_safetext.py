"""The one sanitiser: terminal controls and bidi overrides never survive, everything else does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kzreader.library import load_library
from kzreader.safetext import is_safe, one_line, sanitize

UNSAFE = [chr(c) for c in range(0x20) if c not in (9, 10)] + ["\x7f"]
UNSAFE += [chr(c) for c in range(0x80, 0xA0)] + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
UNSAFE += ["\u2066", "\u2067", "\u2068", "\u2069"]


def test_escape_sequences_lose_their_controls():
    osc52 = "before\x1b]52;c;aGVsbG8=\x07after"
    assert sanitize(osc52) == "before]52;c;aGVsbG8=after"
    assert sanitize("title\x1b]0;pwned\x1b\\ x") == "title]0;pwned\\ x"
    assert sanitize("csi\x9b2J and \u202eevil") == "csi2J and evil"


def test_newlines_and_tabs_stay_and_carriage_returns_become_newlines():
    assert sanitize("a\r\nb\rc\n\td") == "a\nb\nc\n\td"
    assert one_line("  Head\nline\t\u2028x  ") == "Head line x"


def test_plain_text_is_returned_unchanged():
    text = "Les manifestants — 8 morts, « 300 blessés » à Almaty. 日本語 ✓"
    assert sanitize(text) is text


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(UNSAFE)))
def test_nothing_unsafe_survives(text):
    out = sanitize(text)
    assert is_safe(out)
    assert not any(c in out for c in UNSAFE)
    assert "\r" not in out
    # every safe character is kept, in order
    assert out == "".join(
        c for c in text.replace("\r\n", "\n").replace("\r", "\n") if c not in UNSAFE
    )


def test_files_enter_the_library_sanitised(tmp_path):
    (tmp_path / "evil\x1b]0;x\x07.txt").write_text(
        "Head\x1b[2Jline \u202eflip\nBy A\x9bB\n\nThe body \x1b]52;c;Zm9v\x07 said eight.\n",
        encoding="utf-8",
    )
    (article,) = load_library([tmp_path]).articles
    for field in (article.id, article.title, article.text, article.outlet, article.byline or ""):
        assert is_safe(field), repr(field)
    assert "said eight" in article.text
