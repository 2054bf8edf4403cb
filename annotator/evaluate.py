"""Span-level exact-match precision, recall and F1 against gold annotations.

A predicted span counts only when its offsets *and* label equal a gold span's (the CoNLL /
spaCy ``ents_p``/``ents_r``/``ents_f`` convention). This module backs ``annotator evaluate``
and the pre-annotation quality test; it needs neither spaCy nor a project.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

# A span key: (start, end, label), or any tuple ending with the label, e.g.
# (doc_id, start, end, label) to score several documents at once.
SpanKey = tuple[Hashable, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of true positives, false positives and false negatives, with P/R/F."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted spans that are right (0.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of gold spans that were found (0.0 when there is no gold span)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts and rounded P/R/F, for JSON output."""
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Overall (micro-averaged) and per-label scores."""

    overall: Score
    per_label: dict[str, Score] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``{"overall": {...}, "per_label": {label: {...}}}`` with labels sorted."""
        return {
            "overall": self.overall.to_dict(),
            "per_label": {label: self.per_label[label].to_dict() for label in sorted(self.per_label)},
        }


def _keys(spans: Iterable[Any]) -> set[SpanKey]:
    keys: set[SpanKey] = set()
    for span in spans:
        if isinstance(span, tuple):
            keys.add(span)
        else:  # a Span-like object
            keys.add((span.start, span.end, span.label))
    return keys


def evaluate(gold: Iterable[Any], predicted: Iterable[Any]) -> Evaluation:
    """Score ``predicted`` against ``gold`` by exact offsets and label.

    Both are collections of ``(start, end, label)`` tuples (or tuples with a leading
    document key, or objects with ``start``/``end``/``label``); duplicates count once.
    """
    gold_keys, pred_keys = _keys(gold), _keys(predicted)
    labels = {k[-1] for k in gold_keys} | {k[-1] for k in pred_keys}
    per_label = {}
    for label in labels:
        g = {k for k in gold_keys if k[-1] == label}
        p = {k for k in pred_keys if k[-1] == label}
        per_label[str(label)] = Score(len(g & p), len(p - g), len(g - p))
    overall = Score(len(gold_keys & pred_keys), len(pred_keys - gold_keys), len(gold_keys - pred_keys))
    return Evaluation(overall, per_label)


def read_spans_jsonl(path: str | Path) -> set[tuple[int, int, str]]:
    """Gold spans from a JSONL file of ``{"start", "end", "label", ...}`` objects, one a line."""
    spans = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        record = orjson.loads(line)
        try:
            spans.add((int(record["start"]), int(record["end"]), str(record["label"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: expected an object with start, end and label ({exc})") from exc
    return spans
