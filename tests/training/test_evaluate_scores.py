"""Span-level exact-match precision, recall and F1, overall and per label."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.documents import Span
from annotator.evaluate import evaluate, read_spans_jsonl

GOLD = {(0, 4, "GPE"), (10, 18, "PERSON"), (20, 26, "WEAPON"), (30, 34, "GPE")}


def test_exact_offsets_and_label_are_required() -> None:
    predicted = {
        (0, 4, "GPE"),          # right
        (10, 18, "ORG"),        # wrong label
        (20, 25, "WEAPON"),     # wrong end
        (30, 34, "GPE"),        # right
        (40, 44, "DATE"),       # not in gold
    }
    result = evaluate(GOLD, predicted)
    o = result.overall
    assert (o.tp, o.fp, o.fn) == (2, 3, 2)
    assert o.precision == pytest.approx(2 / 5)
    assert o.recall == pytest.approx(2 / 4)
    assert o.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert result.per_label["GPE"].f1 == 1.0
    assert (result.per_label["PERSON"].tp, result.per_label["PERSON"].fn) == (0, 1)
    assert (result.per_label["ORG"].fp, result.per_label["ORG"].precision) == (1, 0.0)
    assert result.per_label["DATE"].recall == 0.0  # no gold DATE: recall defined as 0, not an error
    assert set(result.to_dict()["per_label"]) == {"GPE", "PERSON", "WEAPON", "ORG", "DATE"}


def test_empty_and_duplicate_inputs() -> None:
    assert evaluate([], []).overall.f1 == 0.0
    assert evaluate(GOLD, list(GOLD) * 2).overall.f1 == 1.0
    assert evaluate(GOLD, []).overall.to_dict() == {
        "tp": 0, "fp": 0, "fn": 4, "precision": 0.0, "recall": 0.0, "f1": 0.0,
    }


def test_span_objects_and_document_keys() -> None:
    spans = [Span(0, 4, "GPE"), Span(10, 18, "PERSON")]
    assert evaluate(GOLD, spans).overall.tp == 2
    gold = {(1, 0, 4, "GPE"), (2, 0, 4, "GPE")}  # (doc_id, start, end, label)
    result = evaluate(gold, {(1, 0, 4, "GPE")})
    assert (result.overall.tp, result.overall.fn, result.per_label["GPE"].recall) == (1, 1, 0.5)


def test_read_spans_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"start": 0, "end": 4, "label": "GPE", "text": "Kyiv"}\n\n{"start": 5, "end": 9, "label": "GPE"}\n')
    assert read_spans_jsonl(path) == {(0, 4, "GPE"), (5, 9, "GPE")}
    path.write_text('{"start": 0, "label": "GPE"}\n')
    with pytest.raises(ValueError, match="gold.jsonl:1"):
        read_spans_jsonl(path)
