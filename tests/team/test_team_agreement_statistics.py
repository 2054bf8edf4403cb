"""The agreement statistics against independent references: scikit-learn and cases computed by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.documents import Span
from annotator.team.agreement import cohen_kappa, compare, compare_overlapping, krippendorff_alpha, token_labels

LABELS = st.sampled_from(["O", "PERSON", "GPE", "ORG"])


@given(st.lists(st.tuples(LABELS, LABELS), min_size=1, max_size=60))
def test_cohen_kappa_is_scikit_learns(pairs: list[tuple[str, str]]) -> None:
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    ours = cohen_kappa(a, b)
    if len(set(a) | set(b)) == 1:
        assert ours is None  # one label only on both sides: kappa is undefined (sklearn gives nan)
    else:
        assert ours == pytest.approx(float(cohen_kappa_score(a, b)))


def test_cohen_kappa_by_hand() -> None:
    # observed 0.75; expected 0.5*0.5 + 0.5*0.5 = 0.5; kappa = (0.75 - 0.5) / 0.5
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]) == pytest.approx(0.5)


def test_krippendorff_alpha_by_hand() -> None:
    # Coincidences o_aa=2, o_ab=o_ba=1, o_bb=4; n_a=3, n_b=5, n=8:
    # alpha = 1 - (2/8) / (2*3*5 / (8*7)) = 8/15.
    assert krippendorff_alpha([["a", "a", "b", "b"], ["a", "b", "b", "b"]]) == pytest.approx(8 / 15)


def test_krippendorff_alpha_with_missing_values_by_hand() -> None:
    # Three analysts: unit 1 (a, a) gives o_aa=2; unit 2 (b, b, b) six ordered pairs of weight 1/2,
    # o_bb=3; unit 3 (b, a) o_ab=o_ba=1. n_a=3, n_b=4, n=7: alpha = 1 - (2/7) / (2*3*4 / (7*6)) = 1/2.
    rows = [["a", "b", None], ["a", "b", "b"], [None, "b", "a"]]
    assert krippendorff_alpha(rows) == pytest.approx(1 / 2)


def test_krippendorff_alpha_needs_two_values() -> None:
    assert krippendorff_alpha([["O", "O"], ["O", "O"]]) is None


def test_span_f1_exact_and_overlapping_by_hand() -> None:
    a = {(0, 5, "PER"), (10, 20, "GPE"), (30, 35, "ORG")}
    b = {(0, 5, "PER"), (12, 20, "GPE"), (40, 45, "ORG")}
    assert compare(a, b).f1 == pytest.approx(1 / 3)  # 1 of 3 each way
    assert compare_overlapping(a, b).f1 == pytest.approx(2 / 3)  # GPE overlaps too; ORG apart
    assert compare_overlapping({(0, 5, "PER")}, {(0, 5, "GPE")}).f1 == 0  # same place, other label
    assert compare(set(), set()).f1 is None


def test_token_labels_take_the_span_over_them() -> None:
    tokens = [(0, 7), (8, 14), (15, 20)]
    spans = [Span(0, 14, "ORG", status="accepted"), Span(15, 18, "GPE", status="accepted")]
    assert token_labels(tokens, spans) == ["ORG", "ORG", "GPE"]
    assert token_labels(tokens, []) == ["O", "O", "O"]
