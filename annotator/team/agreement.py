"""``annotator agreement``: how far analysts agree on the documents two or more of them finished.

Spans: pairwise F1 per label and overall, with exact boundaries and with overlapping ones (as
Prodigy's ``metric.iaa.span``: one analyst's spans scored against the other's, which is symmetric).
Tokens: each token takes the label of the accepted span over it, else ``O``; Cohen's kappa per pair
and Krippendorff's alpha (nominal, the ``krippendorff`` package) over every analyst at once.
Events: F1 on the trigger, on trigger and type, then per role on the fillers of the events both
found (same trigger and type). Labels, roles and documents are listed lowest agreement first.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.documents import Event, Span
from annotator.store import Store
from annotator.store import team_rows

OUTSIDE = "O"  # the token label where no accepted span is


@dataclass
class Counts:
    """Matches of one side against the other, both ways: F1 = harmonic mean of the two shares matched."""

    matched_a: int = 0
    total_a: int = 0
    matched_b: int = 0
    total_b: int = 0

    def add(self, other: Counts) -> None:
        self.matched_a += other.matched_a
        self.total_a += other.total_a
        self.matched_b += other.matched_b
        self.total_b += other.total_b

    @property
    def items(self) -> int:
        return self.total_a + self.total_b

    @property
    def f1(self) -> float | None:
        """None when neither side has any item (nothing to agree on)."""
        if self.total_a + self.total_b == 0:
            return None
        p = self.matched_a / self.total_a if self.total_a else 0.0
        r = self.matched_b / self.total_b if self.total_b else 0.0
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def compare(a: Iterable[Any], b: Iterable[Any]) -> Counts:
    """Exact matching of two sets of items."""
    sa, sb = set(a), set(b)
    common = len(sa & sb)
    return Counts(common, len(sa), common, len(sb))


def compare_overlapping(a: Iterable[tuple[int, int, str]], b: Iterable[tuple[int, int, str]]) -> Counts:
    """(start, end, label) items: one matches if the other side has one of the same label that overlaps it."""
    la, lb = sorted(set(a)), sorted(set(b))

    def matched(xs: list[tuple[int, int, str]], ys: list[tuple[int, int, str]]) -> int:
        return sum(any(y[2] == x[2] and y[0] < x[1] and x[0] < y[1] for y in ys) for x in xs)

    return Counts(matched(la, lb), len(la), matched(lb, la), len(lb))


def cohen_kappa(a: list[str], b: list[str]) -> float | None:
    """Cohen's kappa of two raters' labels of the same items (None: no item, or one label only on both sides)."""
    return kappa_of(Counter(zip(a, b)))


def kappa_of(pairs: Counter[tuple[str, str]]) -> float | None:
    """Cohen's kappa from how often each (label of a, label of b) pair occurs: a confusion table, not lists."""
    n = sum(pairs.values())
    if n == 0:
        return None
    observed = sum(count for (x, y), count in pairs.items() if x == y) / n
    ca: Counter[str] = Counter()
    cb: Counter[str] = Counter()
    for (x, y), count in pairs.items():
        ca[x] += count
        cb[y] += count
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(rows: list[list[str | None]]) -> float | None:
    """Krippendorff's alpha (nominal) of raters (rows) over units (columns); None where a rater has no value."""
    patterns: Counter[tuple[str, ...]] = Counter()
    for unit in zip(*rows):
        patterns[tuple(sorted(v for v in unit if v is not None))] += 1
    return alpha_of(patterns)


def alpha_of(patterns: Counter[tuple[str, ...]]) -> float | None:
    """Krippendorff's alpha (nominal) from how many units got each multiset of values (sorted tuples).

    Alpha depends on the units only through the coincidence matrix, a sum over units, so units
    that got the same values count once with their number: memory grows with the kinds of
    disagreement, not with the tokens. The matrices are the ``krippendorff`` package's own.
    """
    import numpy as np

    values = sorted({v for pattern in patterns for v in pattern})
    pairable = [(p, n) for p, n in patterns.items() if len(p) >= 2]
    if len(values) < 2 or not pairable:
        return None
    column = {v: i for i, v in enumerate(values)}
    counts = np.zeros((len(pairable), len(values)))
    for row, (pattern, _n) in enumerate(pairable):
        for value in pattern:
            counts[row, column[value]] += 1
    weights = np.array([n for _p, n in pairable], dtype=float)
    return _alpha_of_weighted(counts, weights)


def _alpha_of_weighted(counts: Any, weights: Any) -> float | None:
    """Alpha of units given as value counts (rows) each standing for ``weights`` identical units.

    None when alpha is undefined: the paired values never differ and no value is expected to.
    """
    import numpy as np
    from krippendorff import krippendorff as k

    distinct = counts.shape[0]
    if not all(hasattr(k, name) for name in ("_coincidences", "_random_coincidences", "_distances", "_nominal_metric")):
        # A krippendorff without these: its public function on every unit (correct, memory not flat).
        with np.errstate(invalid="ignore", divide="ignore"):
            alpha = float(k.alpha(value_counts=np.repeat(counts, weights.astype(int), axis=0),
                                  level_of_measurement="nominal"))
        return None if np.isnan(alpha) else alpha
    o = sum((k._coincidences(counts[i : i + 1]) * weights[i] for i in range(distinct)),
            np.zeros((counts.shape[1], counts.shape[1])))
    n_v = o.sum(axis=0)
    e = k._random_coincidences(n_v)
    d: Any = k._distances(np.arange(counts.shape[1]), k._nominal_metric, n_v)
    expected = float((e * d).sum())
    return None if expected == 0 else float(1 - (o * d).sum() / expected)


def token_labels(tokens: list[tuple[int, int]], spans: list[Span]) -> list[str]:
    """Each token's label: the first (leftmost, longest) accepted span overlapping it, else ``O``."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    labels = []
    for start, end in tokens:
        label = next((s.label for s in ordered if s.start < end and start < s.end), OUTSIDE)
        labels.append(label)
    return labels


def _by_label(items: set[tuple[int, int, str]]) -> dict[str, set[tuple[int, int, str]]]:
    grouped: dict[str, set[tuple[int, int, str]]] = {}
    for item in items:
        grouped.setdefault(item[2], set()).add(item)
    return grouped


@dataclass
class Work:
    """One analyst's accepted spans and events on one document, as comparable items."""

    spans: set[tuple[int, int, str]]
    triggers: set[tuple[int, int]]
    typed: set[tuple[int, int, str]]
    fillers: dict[tuple[int, int, str], set[tuple[str, int, int]]]  # by event: (role, start, end)


def _work(spans: list[Span], events: list[Event], all_spans: dict[int, Span]) -> Work:
    fillers: dict[tuple[int, int, str], set[tuple[str, int, int]]] = {}
    for event in events:
        key = (event.trigger_start, event.trigger_end, event.type)
        for arg in event.arguments:
            filler = all_spans.get(arg.span_id)
            if filler is not None:
                fillers.setdefault(key, set()).add((arg.role, filler.start, filler.end))
    return Work({(s.start, s.end, s.label) for s in spans},
                {(e.trigger_start, e.trigger_end) for e in events},
                {(e.trigger_start, e.trigger_end, e.type) for e in events}, fillers)


@dataclass
class Report:
    """The agreement figures; :meth:`to_dict` is what ``--json`` prints."""

    analysts: list[str]
    documents: int
    exact: dict[str, Counts] = field(default_factory=dict)
    overlap: dict[str, Counts] = field(default_factory=dict)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    alpha: float | None = None
    tokens: int = 0
    triggers: Counts = field(default_factory=Counts)
    typed: Counts = field(default_factory=Counts)
    roles: dict[str, Counts] = field(default_factory=dict)
    per_document: list[dict[str, Any]] = field(default_factory=list)

    def overall(self, table: dict[str, Counts]) -> Counts:
        total = Counts()
        for counts in table.values():
            total.add(counts)
        return total

    def to_dict(self) -> dict[str, Any]:
        labels = [{"label": k, "f1_exact": self.exact[k].f1, "f1_overlap": self.overlap[k].f1,
                   "spans": self.exact[k].items} for k in self.exact]
        labels.sort(key=lambda r: (r["f1_exact"], r["label"]))
        roles = [{"role": k, "f1": c.f1, "fillers": c.items} for k, c in self.roles.items()]
        roles.sort(key=lambda r: (r["f1"], r["role"]))
        return {
            "analysts": self.analysts, "documents": self.documents,
            "spans": {"f1_exact": self.overall(self.exact).f1, "f1_overlap": self.overall(self.overlap).f1,
                      "spans": self.overall(self.exact).items, "labels": labels},
            "tokens": {"krippendorff_alpha": self.alpha, "tokens": self.tokens},
            "pairs": self.pairs,
            "events": {"f1_trigger": self.triggers.f1, "f1_trigger_type": self.typed.f1,
                       "events": self.typed.items, "roles": roles},
            "documents_lowest_first": sorted(self.per_document, key=lambda r: (
                r["f1_exact"] if r["f1_exact"] is not None else 2.0, r["doc_id"])),
        }


def agreement(team: Store) -> Report:
    """Agreement over the documents two or more analysts finished."""
    shared = dict(team_rows.finished_documents(team, at_least=2))
    analysts = sorted({n for names in shared.values() for n in names})
    report = Report(analysts, len(shared))
    pair_names = list(itertools.combinations(analysts, 2))
    pair_labels: dict[tuple[str, str], Counter[tuple[str, str]]] = {p: Counter() for p in pair_names}
    pair_exact: dict[tuple[str, str], Counts] = {p: Counts() for p in pair_names}
    pair_overlap: dict[tuple[str, str], Counts] = {p: Counts() for p in pair_names}
    pair_docs: Counter[tuple[str, str]] = Counter()
    patterns: Counter[tuple[str, ...]] = Counter()  # the labels each token got, for alpha
    doc_ids = list(shared)
    for at in range(0, len(doc_ids), 200):
        part = doc_ids[at : at + 200]
        spans_of = team.spans_by_document(part)
        events_of = team.events_by_document(part)
        span_analyst, event_analyst = team_rows.analyst_rows(team, part)  # whose each merged row is
        for doc_id in part:
            names = shared[doc_id]
            document = team.document_row(doc_id)
            tokens = [(t.start, t.end) for t in team.tokens_of(doc_id, document["text"]).tokens()]
            every_span = {s.id: s for s in spans_of.get(doc_id, []) if s.id is not None}
            works: dict[str, Work] = {}
            labels: dict[str, list[str]] = {}
            for name in names:
                mine = [s for s in spans_of.get(doc_id, [])
                        if s.id is not None and span_analyst.get(s.id) == name and s.status == "accepted"]
                events = [e for e in events_of.get(doc_id, [])
                          if e.id is not None and event_analyst.get(e.id) == name and e.status == "accepted"]
                works[name] = _work(mine, events, every_span)
                labels[name] = token_labels(tokens, mine)
            patterns.update(tuple(sorted(unit)) for unit in zip(*labels.values()))
            report.tokens += len(tokens)
            doc_exact, doc_events = Counts(), Counts()
            for a, b in itertools.combinations(sorted(names), 2):
                wa, wb = works[a], works[b]
                pair_docs[(a, b)] += 1
                pair_labels[(a, b)].update(zip(labels[a], labels[b]))
                ga, gb = _by_label(wa.spans), _by_label(wb.spans)
                for label in set(ga) | set(gb):
                    exact = compare(ga.get(label, set()), gb.get(label, set()))
                    overlap = compare_overlapping(ga.get(label, set()), gb.get(label, set()))
                    report.exact.setdefault(label, Counts()).add(exact)
                    report.overlap.setdefault(label, Counts()).add(overlap)
                    pair_exact[(a, b)].add(exact)
                    pair_overlap[(a, b)].add(overlap)
                    doc_exact.add(exact)
                report.triggers.add(compare(wa.triggers, wb.triggers))
                typed = compare(wa.typed, wb.typed)
                report.typed.add(typed)
                doc_events.add(typed)
                for key in wa.typed & wb.typed:
                    fa, fb = wa.fillers.get(key, set()), wb.fillers.get(key, set())
                    for role in {r for r, _, _ in fa | fb}:
                        counts = compare({f for f in fa if f[0] == role}, {f for f in fb if f[0] == role})
                        report.roles.setdefault(f"{key[2]}.{role}", Counts()).add(counts)
            report.per_document.append({"doc_id": doc_id, "title": document["title"], "analysts": sorted(names),
                                        "f1_exact": doc_exact.f1, "f1_events": doc_events.f1})
    for a, b in pair_names:
        if pair_docs[(a, b)]:
            report.pairs.append({"a": a, "b": b, "documents": pair_docs[(a, b)], "cohen_kappa": kappa_of(pair_labels[(a, b)]),
                                 "f1_exact": pair_exact[(a, b)].f1, "f1_overlap": pair_overlap[(a, b)].f1})
    report.pairs.sort(key=lambda p: (p["cohen_kappa"] if p["cohen_kappa"] is not None else 2.0, p["a"], p["b"]))
    report.alpha = alpha_of(patterns) if analysts else None
    return report
