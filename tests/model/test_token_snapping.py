"""Selections snap to whole tokens (spaCy's English tokenizer); boundaries move a token at a time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.tokens import TokenIndex

TEXT = "Russian drones struck  Odesa's port, U.S. officials said.\n\nNew para"
INDEX = TokenIndex.of(TEXT)


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def _snap_text(start: int, end: int) -> str | None:
    snapped = INDEX.snap(start, end)
    return None if snapped is None else TEXT[snapped[0] : snapped[1]]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ((1, 4), "Russian"),  # inside one word
        ((3, 10), "Russian drones"),  # two partial words
        ((7, 8), None),  # the space between words
        ((21, 23), None),  # a double space
        ((57, 59), None),  # the blank line
        ((6, 9), "Russian drones"),
        ((_at("Odesa")[0], _at("port")[0] + 1), "Odesa's port"),
        ((_at("U.S.")[0] - 1, _at("U.S.")[1] + 1), "U.S."),  # surrounding spaces dropped
        ((_at("U.S.")[0] + 1, _at("U.S.")[0] + 2), "U.S."),  # abbreviation is one token
        ((14, 24), "struck  Odesa"),
        ((9, 3), "Russian drones"),  # a backwards selection
        ((0, len(TEXT)), TEXT),
    ],
)
def test_snap_widens_to_whole_tokens(selection: tuple[int, int], expected: str | None) -> None:
    assert _snap_text(*selection) == expected


@pytest.mark.parametrize(("caret", "expected"), [(2, "Russian"), (0, "Russian"), (7, None), (22, None), (26, "Odesa")])
def test_caret_selects_the_word_it_is_in(caret: int, expected: str | None) -> None:
    assert _snap_text(caret, caret) == expected


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_snapped_ranges_start_and_end_on_tokens_and_cover_the_selection(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(TEXT)))
    end = data.draw(st.integers(start + 1, len(TEXT))) if start < len(TEXT) else start
    snapped = INDEX.snap(start, end)
    if snapped is None:
        assert not TEXT[start:end].strip()
        return
    s, e = snapped
    assert s in INDEX.starts and e in INDEX.ends
    assert TEXT[s:e] == TEXT[s:e].strip()
    assert s <= start + (len(TEXT[start:end]) - len(TEXT[start:end].lstrip()))
    assert e >= end - (len(TEXT[start:end]) - len(TEXT[start:end].rstrip()))


def _moved(span: tuple[int, int], edge: str, step: int) -> str | None:
    moved = INDEX.move_boundary(*span, edge=edge, step=step)
    return None if moved is None else TEXT[moved[0] : moved[1]]


def test_move_boundary_by_a_token() -> None:
    drones, russian = _at("drones"), _at("Russian")
    assert _moved(drones, "end", 1) == "drones struck"
    assert _moved(drones, "start", -1) == "Russian drones"
    assert _moved((russian[0], drones[1]), "end", -1) == "Russian"
    assert _moved((russian[0], drones[1]), "start", 1) == "drones"
    assert _moved(_at("Odesa"), "end", 1) == "Odesa's"
    assert _moved(_at("struck"), "end", 1) == "struck  Odesa"  # over the double space


def test_move_boundary_refuses_to_empty_a_span_or_leave_the_text() -> None:
    assert _moved(_at("drones"), "end", -1) is None
    assert _moved(_at("drones"), "start", 1) is None
    assert _moved(_at("Russian"), "start", -1) is None
    assert _moved(_at("para"), "end", 1) is None


def test_token_span_gives_inclusive_indices_of_aligned_ranges() -> None:
    assert INDEX.token_span(*_at("Russian")) == (0, 0)
    assert INDEX.token_span(_at("Russian")[0], _at("struck")[1]) == (0, 2)
    assert INDEX.token_span(1, 7) is None


def test_empty_text_has_nothing_to_snap() -> None:
    index = TokenIndex.of("   \n ")
    assert index.tokens == [] and index.snap(0, 3) is None and index.snap(1, 1) is None
