"""Code point offsets <-> Qt (UTF-16) positions, for text with emoji, combining marks, CRLF, lone CR."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from annotator.textpos import TextPositions

PIECES = [
    "a", "Kyiv", " ", "\t", "\n", "\r\n", "\r", "😀", "👩\u200d👩\u200d👧", "🇺🇦", "e\u0301", "\u0915\u094d\u0937",
    "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645", "\u200f", "\u2028", "\u2029", "𝔘", "\ufeff", "\x00",
    "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "\u202e", "\u00a0",
]
TEXT = st.lists(
    st.sampled_from(PIECES) | st.text(st.characters(exclude_categories=["Cs"]), max_size=3), max_size=40,
).map("".join)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _splits_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"


def display_of(text: str) -> str:
    """What Qt shows: every CRLF and lone CR is one line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("a\r\r\nb")
@example("\r\n\r\r😀\r\n")
def test_every_offset_round_trips(text: str) -> None:
    pos = TextPositions(text)
    assert "\r\n" not in pos.display_text
    assert pos.qt_length == pos.to_qt(len(text)) == utf16_len(pos.display_text)
    for offset in range(len(text) + 1):
        qt = pos.to_qt(offset)
        back = pos.from_qt(qt)
        if _splits_crlf(text, offset):
            assert back == offset + 1  # between CR and LF: the same Qt position as after the pair
        else:
            assert back == offset


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_qt_positions_count_utf16_units_of_the_display_text(text: str) -> None:
    pos = TextPositions(text)
    assert utf16_len(pos.display_text) == utf16_len(display_of(text))
    for offset in range(len(text) + 1):
        if _splits_crlf(text, offset):
            continue
        assert pos.to_qt(offset) == utf16_len(display_of(text[:offset]))


@settings(max_examples=200, deadline=None)
@given(TEXT, st.data())
def test_ranges_cover_the_same_characters(text: str, data: st.DataObject) -> None:
    pos = TextPositions(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assume(not _splits_crlf(text, start) and not _splits_crlf(text, end))
    qs, qe = pos.range_to_qt(start, end)
    assert pos.display_text.encode("utf-16-le")[2 * qs : 2 * qe].decode("utf-16-le") == display_of(text[start:end])
    assert pos.range_from_qt(qs, qe) == (start, end)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_qt_position_inside_a_surrogate_pair_rounds_down_and_a_range_widens(text: str) -> None:
    pos = TextPositions(text)
    for offset, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            qt = pos.to_qt(offset)
            assert pos.from_qt(qt + 1) == offset
            assert pos.range_from_qt(qt, qt + 1) == (offset, offset + 1)


def test_examples() -> None:
    pos = TextPositions("😀 Kyiv\r\nOdesa")
    assert pos.display_text == "😀 Kyiv\nOdesa"
    assert pos.range_to_qt(2, 6) == (3, 7)  # "Kyiv" shifted by the emoji's second unit
    assert pos.range_to_qt(8, 13) == (8, 13)  # "Odesa": +1 emoji, -1 CRLF
    assert pos.range_from_qt(8, 13) == (8, 13)
    assert TextPositions("a\r\r\nb").display_text == "a\n\nb"


def test_out_of_range_is_refused() -> None:
    pos = TextPositions("ab😀")
    with pytest.raises(ValueError):
        pos.to_qt(4)
    with pytest.raises(ValueError):
        pos.from_qt(5)
    with pytest.raises(ValueError):
        pos.to_qt(-1)
