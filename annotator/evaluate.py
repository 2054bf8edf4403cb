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


# -- events ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventMention:
    """An event reduced to what scoring compares: offsets, type, attributes, role fillers' offsets."""

    type: str
    start: int
    end: int
    modality: str = "asserted"
    polarity: str = "positive"
    arguments: tuple[tuple[str, int, int], ...] = ()  # (role, start, end)
    doc: Hashable = None  # events are matched only within one document


@dataclass(frozen=True, slots=True)
class EventEvaluation:
    """Trigger and argument scores, per event type, and attribute agreement on matched triggers.

    A predicted trigger is right when its type equals a gold event's and the offsets overlap
    (each gold event matched at most once). An argument is right when its event is matched and
    it has a gold argument's role with overlapping offsets: arguments of unmatched events count
    as false positives or negatives (the TextEE/OneIE "argument classification" convention, with
    overlap instead of exact offsets because analysts and rules draw phrase edges differently).
    """

    trigger: Score
    argument: Score
    per_type: dict[str, Score] = field(default_factory=dict)
    per_role: dict[str, Score] = field(default_factory=dict)
    modality: tuple[int, int] = (0, 0)  # (agreeing, matched)
    polarity: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        """Scores as JSON-ready dicts."""
        return {
            "trigger": self.trigger.to_dict(),
            "argument": self.argument.to_dict(),
            "per_type": {k: self.per_type[k].to_dict() for k in sorted(self.per_type)},
            "per_role": {k: self.per_role[k].to_dict() for k in sorted(self.per_role)},
            "modality_agreement": list(self.modality),
            "polarity_agreement": list(self.polarity),
        }

    def summary(self, name: str = "events") -> str:
        """One line of figures, as the quality tests print them."""
        t, a = self.trigger, self.argument
        return (f"{name}: trigger P={t.precision:.3f} R={t.recall:.3f} F={t.f1:.3f} (tp={t.tp} fp={t.fp} fn={t.fn}) | "
                f"argument P={a.precision:.3f} R={a.recall:.3f} F={a.f1:.3f} (tp={a.tp} fp={a.fp} fn={a.fn}) | "
                f"modality {self.modality[0]}/{self.modality[1]} polarity {self.polarity[0]}/{self.polarity[1]}")


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _pairs(gold: list[Any], predicted: list[Any], key: Any) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, predicted index): exact offsets first, then largest overlap."""
    candidates = []
    for g, gold_item in enumerate(gold):
        for p, pred_item in enumerate(predicted):
            score = key(gold_item, pred_item)
            if score is not None:
                candidates.append((score, g, p))
    candidates.sort(key=lambda c: (-c[0][0], -c[0][1], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            pairs.append((g, p))
    return pairs


def evaluate_events(gold: Iterable[EventMention], predicted: Iterable[EventMention]) -> EventEvaluation:
    """Score predicted events against gold ones (see :class:`EventEvaluation` for the rules)."""
    gold_list, pred_list = list(gold), list(predicted)

    def trigger_key(g: EventMention, p: EventMention) -> tuple[int, int] | None:
        if g.doc != p.doc or g.type != p.type:
            return None
        overlap = _overlap(g.start, g.end, p.start, p.end)
        return ((g.start, g.end) == (p.start, p.end), overlap) if overlap else None

    def argument_key(g: tuple[str, int, int], p: tuple[str, int, int]) -> tuple[int, int] | None:
        if g[0] != p[0]:
            return None
        overlap = _overlap(g[1], g[2], p[1], p[2])
        return (g[1:] == p[1:], overlap) if overlap else None

    pairs = _pairs(gold_list, pred_list, trigger_key)
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    counts: dict[str, list[int]] = {}  # type -> [tp, fp, fn]
    roles: dict[str, list[int]] = {}

    def bump(table: dict[str, list[int]], name: str, slot: int) -> None:
        table.setdefault(name, [0, 0, 0])[slot] += 1

    for g, p in pairs:
        bump(counts, gold_list[g].type, 0)
    for p, item in enumerate(pred_list):
        if p not in matched_p:
            bump(counts, item.type, 1)
            for role, _, _ in item.arguments:
                bump(roles, role, 1)
    for g, item in enumerate(gold_list):
        if g not in matched_g:
            bump(counts, item.type, 2)
            for role, _, _ in item.arguments:
                bump(roles, role, 2)
    modality = polarity = 0
    for g, p in pairs:
        gold_args, pred_args = list(gold_list[g].arguments), list(pred_list[p].arguments)
        arg_pairs = _pairs(gold_args, pred_args, argument_key)
        for ga, _ in arg_pairs:
            bump(roles, gold_args[ga][0], 0)
        for pa, arg in enumerate(pred_args):
            if pa not in {x for _, x in arg_pairs}:
                bump(roles, arg[0], 1)
        for ga, arg in enumerate(gold_args):
            if ga not in {x for x, _ in arg_pairs}:
                bump(roles, arg[0], 2)
        modality += gold_list[g].modality == pred_list[p].modality
        polarity += gold_list[g].polarity == pred_list[p].polarity

    def total(table: dict[str, list[int]]) -> Score:
        return Score(*(sum(v[i] for v in table.values()) for i in range(3)))

    return EventEvaluation(
        trigger=total(counts), argument=total(roles),
        per_type={k: Score(*v) for k, v in counts.items()}, per_role={k: Score(*v) for k, v in roles.items()},
        modality=(modality, len(pairs)), polarity=(polarity, len(pairs)),
    )


def read_events_jsonl(path: str | Path, *, doc: Hashable = None) -> list[EventMention]:
    """Gold events from JSONL: ``{"type", "trigger": {"start", "end"}, "modality", "polarity", "arguments": [...]}``."""
    events = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        record = orjson.loads(line)
        try:
            trigger = record["trigger"]
            arguments = tuple((str(a["role"]), int(a["start"]), int(a["end"])) for a in record.get("arguments", ()))
            events.append(EventMention(
                str(record["type"]), int(trigger["start"]), int(trigger["end"]),
                str(record.get("modality", "asserted")), str(record.get("polarity", "positive")), arguments, doc,
            ))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: expected an event with type, trigger and arguments ({exc})") from exc
    return events


def event_mentions(events: Iterable[Any], spans: Any, *, doc: Hashable = None) -> list[EventMention]:
    """EventMentions from :class:`annotator.documents.Event` objects.

    ``spans`` resolves an argument's ``span_id``: a mapping of span id -> Span, or a list when
    the ids are indices (as in freshly computed suggestions).
    """
    mentions = []
    for event in events:
        arguments = tuple(
            (a.role, spans[a.span_id].start, spans[a.span_id].end) for a in event.arguments
        )
        mentions.append(EventMention(event.type, event.trigger_start, event.trigger_end, event.modality,
                                     event.polarity, arguments, doc))
    return mentions
