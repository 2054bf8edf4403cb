"""Curation of a team project: the analysts' versions of a document, place by place, and the team's own rows.

A merged team project holds two kinds of rows: the analysts' (written by ``annotator merge``
under each analyst's name and listed in the ``analyst_spans`` and ``analyst_events`` tables) and
the team's own (the project's suggestions and what a curator decides). The team's rows are the *curated view*: the window
shows them and ``annotator export`` writes them; the analysts' rows stay as they were merged.

A document finished by one or more analysts is cut into *units*: the places where some analyst
accepted something, spans and events apart (overlapping spans, or overlapping triggers, form one
unit). Each unit has the analysts' distinct *versions* (who said what there, "nothing" included).
Where every analyst who finished the document gave the same version, the unit is *agreed*; a unit
is *decided* once the team's rows say something there (accepted or rejected, by a pick, an edit or
a rejection). The operations that write the decisions are in :mod:`annotator.editing.curation`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from annotator.documents import Document, Event, Span
from annotator.store import Store
from annotator.store import team_rows

UnitKind = Literal["span", "event"]
UnitKey = tuple[UnitKind, int, int]  # kind, start, end of the unit's extent
T = TypeVar("T")


@dataclass(frozen=True)
class DocumentRows:
    """One document of a team project: who finished it, and which of its rows are which analyst's."""

    doc_id: int
    finished: tuple[str, ...]  # the analysts who finished it, by name
    span_analyst: Mapping[int, str]  # an analyst's merged span id -> the analyst
    event_analyst: Mapping[int, str]

    def team_spans(self, spans: Iterable[Span]) -> list[Span]:
        """The spans that are the team's own (not an analyst's merged row)."""
        return [s for s in spans if s.id not in self.span_analyst]

    def team_events(self, events: Iterable[Event]) -> list[Event]:
        return [e for e in events if e.id not in self.event_analyst]


class TeamRows:
    """The analysts' merged rows of a team project, read a document at a time (memory stays flat)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def of(self, doc_id: int) -> DocumentRows:
        spans, events = team_rows.analyst_rows(self.store, [doc_id])
        return DocumentRows(doc_id, team_rows.finished_by(self.store, [doc_id]).get(doc_id, ()), spans, events)

    def curated(self, document: Document) -> Document:
        """The document as the team's rows have it: the analysts' rows left out (what the window shows)."""
        assert document.id is not None
        rows = self.of(document.id)
        return replace(document, spans=rows.team_spans(document.spans), events=rows.team_events(document.events))

    def finished_documents(self) -> list[int]:
        """The documents one or more analysts finished, in id order."""
        return [doc_id for doc_id, _names in team_rows.finished_documents(self.store)]


def team_rows_of(store: Store) -> TeamRows | None:
    """The analysts' rows of a team project (None: nobody's work was merged into this project)."""
    return TeamRows(store) if team_rows.has_analysts(store) else None


@dataclass(frozen=True)
class Version:
    """What some analysts accepted at one place: their spans (an event unit: the fillers) and events."""

    analysts: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    events: tuple[Event, ...] = ()

    @property
    def empty(self) -> bool:
        """These analysts accepted nothing here."""
        return not self.spans and not self.events

    def describe(self, text: str) -> str:
        """'Kyiv GPE', 'ATTACK "shelled": Attacker Ukrainian, Target Donetsk', or '— nothing'."""
        by_id = {s.id: s for s in self.spans}
        if self.events:
            parts = []
            for event in self.events:
                roles = ", ".join(f"{a.role} {text[by_id[a.span_id].start:by_id[a.span_id].end]}"
                                  for a in event.arguments if a.span_id in by_id)
                flags = "" if (event.modality, event.polarity) == ("asserted", "positive") else \
                    f" ({event.modality}, {event.polarity})"
                parts.append(f'{event.type} "{text[event.trigger_start:event.trigger_end]}"{flags}'
                             + (f": {roles}" if roles else ""))
            return "; ".join(parts)
        if not self.spans:
            return "— nothing"
        return "; ".join(f"{text[s.start:s.end]} {s.label}" + (f" [{s.kb_id}]" if s.kb_id else "")
                         + (" (nominal)" if s.kind == "nominal" else "") for s in self.spans)


@dataclass(frozen=True)
class Unit:
    """One place of a document and the analysts' versions of it."""

    kind: UnitKind
    start: int
    end: int
    versions: tuple[Version, ...]  # distinct versions, the one most analysts gave first
    decided: bool  # the team's rows already say something here

    @property
    def key(self) -> UnitKey:
        return (self.kind, self.start, self.end)

    @property
    def agreed(self) -> bool:
        """Every analyst who finished the document gave the same (non-empty) version here."""
        return len(self.versions) == 1 and not self.versions[0].empty


@dataclass(frozen=True)
class Curation:
    """A document's units, in text order, spans before events at the same place."""

    doc_id: int
    text: str
    analysts: tuple[str, ...]  # who finished it
    units: tuple[Unit, ...]

    def unit(self, key: UnitKey) -> Unit | None:
        return next((u for u in self.units if u.key == key), None)

    @property
    def open_disputes(self) -> list[Unit]:
        """Units where the analysts differ and the team has not decided yet."""
        return [u for u in self.units if not u.agreed and not u.decided]

    @property
    def open_agreements(self) -> list[Unit]:
        """Agreed units the team's rows do not hold yet (what accepting the agreements writes)."""
        return [u for u in self.units if u.agreed and not u.decided]


def _clusters(items: list[tuple[int, int, T]]) -> list[tuple[int, int, list[T]]]:
    """Group (start, end, item) by overlap: each group's extent and items."""
    groups: list[tuple[int, int, list[T]]] = []
    for start, end, item in sorted(items, key=lambda t: (t[0], -t[1])):
        if groups and start < groups[-1][1]:
            first, last, members = groups[-1]
            groups[-1] = (first, max(last, end), members + [item])
        else:
            groups.append((start, end, [item]))
    return groups


def _span_signature(s: Span) -> tuple[int, int, str, str, str]:
    return (s.start, s.end, s.label, s.kind, s.kb_id or "")


def _event_signature(e: Event, spans: dict[int, Span]) -> tuple[Any, ...]:
    fillers = tuple(sorted((a.role, spans[a.span_id].start, spans[a.span_id].end, spans[a.span_id].label)
                           for a in e.arguments if a.span_id in spans))
    return (e.trigger_start, e.trigger_end, e.type, e.modality, e.polarity, fillers)


def _versions(analysts: tuple[str, ...], signature: Mapping[str, tuple[object, ...]],
              make: Mapping[str, Version]) -> tuple[Version, ...]:
    """One version per distinct signature, with every analyst who gave it."""
    by_signature: dict[tuple[object, ...], list[str]] = {}
    for name in analysts:
        by_signature.setdefault(signature[name], []).append(name)
    versions = [replace(make[names[0]], analysts=tuple(names)) for names in by_signature.values()]
    versions.sort(key=lambda v: (-len(v.analysts), v.empty, v.analysts))
    return tuple(versions)


def curation(store: Store, doc_id: int, rows: TeamRows | None = None) -> Curation:
    """The units of one document of a team project (none if no analyst finished it)."""
    rows = rows if rows is not None else team_rows_of(store)
    document = store.document(doc_id)
    mine = rows.of(doc_id) if rows is not None else None
    if mine is None or not mine.finished:
        return Curation(doc_id, document.text, (), ())
    analysts = mine.finished
    span_by_id = {s.id: s for s in document.spans if s.id is not None}
    team_spans = [s for s in mine.team_spans(document.spans) if s.status != "suggested"]
    team_events = [e for e in mine.team_events(document.events) if e.status != "suggested"]
    units: list[Unit] = []

    spans: list[tuple[int, int, tuple[str, Span]]] = []
    events: list[tuple[int, int, tuple[str, Event]]] = []
    for s in document.spans:
        name = mine.span_analyst.get(s.id or 0)
        if name in analysts and s.status == "accepted":
            spans.append((s.start, s.end, (name, s)))
    for e in document.events:
        name = mine.event_analyst.get(e.id or 0)
        if name in analysts and e.status == "accepted":
            events.append((e.trigger_start, e.trigger_end, (name, e)))

    for start, end, members in _clusters(spans):
        given: dict[str, list[Span]] = {name: [] for name in analysts}
        for who, span in members:
            given[who].append(span)
        signature: dict[str, tuple[object, ...]] = {
            n: tuple(sorted(_span_signature(s) for s in given[n])) for n in analysts}
        make = {n: Version((n,), tuple(sorted(given[n], key=_span_signature))) for n in analysts}
        decided = any(s.start < end and start < s.end for s in team_spans)
        units.append(Unit("span", start, end, _versions(analysts, signature, make), decided))

    for start, end, happened in _clusters(events):
        chosen: dict[str, list[Event]] = {name: [] for name in analysts}
        for who, event in happened:
            chosen[who].append(event)
        signature = {n: tuple(sorted(_event_signature(e, span_by_id) for e in chosen[n])) for n in analysts}
        make = {}
        for n in analysts:
            fillers = tuple(span_by_id[a.span_id] for e in chosen[n] for a in e.arguments if a.span_id in span_by_id)
            make[n] = Version((n,), fillers, tuple(sorted(chosen[n], key=lambda e: _event_signature(e, span_by_id))))
        decided = any(e.trigger_start < end and start < e.trigger_end for e in team_events)
        units.append(Unit("event", start, end, _versions(analysts, signature, make), decided))

    units.sort(key=lambda u: (u.start, u.kind != "span", u.end))
    return Curation(doc_id, document.text, analysts, tuple(units))


def unanimous_rejections(store: Store, doc_id: int, rows: TeamRows) -> tuple[list[int], list[int]]:
    """The team's suggested spans and events where no analyst who finished the document accepted anything.

    Every analyst left that place empty (rejected the suggestion, or let it be): they agree it is
    not an entity or event, so accepting the agreements rejects these too.
    """
    mine = rows.of(doc_id)
    if not mine.finished:
        return [], []
    document = store.document(doc_id)
    theirs = [s for s in document.spans if s.status == "accepted" and mine.span_analyst.get(s.id or 0) in mine.finished]
    their_events = [e for e in document.events
                    if e.status == "accepted" and mine.event_analyst.get(e.id or 0) in mine.finished]
    spans = [s.id for s in mine.team_spans(document.spans) if s.status == "suggested" and s.id is not None
             and not any(t.start < s.end and s.start < t.end for t in theirs)]
    events = [e.id for e in mine.team_events(document.events) if e.status == "suggested" and e.id is not None
              and not any(t.trigger_start < e.trigger_end and e.trigger_start < t.trigger_end for t in their_events)]
    return spans, events
