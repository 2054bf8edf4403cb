"""Curation decisions as operations: take one analyst's version of a place, reject them all, accept the agreements.

Each writes only the team's own rows of a document (the curated view, see
:mod:`annotator.team.curation`); the analysts' merged rows are never touched. Taking a version
accepts the team's row at the same place (a suggestion the project already holds) or adds one,
and rejects the team's other rows there (a span filling a role of an accepted event excepted),
so that a later "accept all" cannot bring back what the curator passed over. An event's role is
filled with the curator's accepted span at that place when there is one, so the boundaries the
curator chose hold for the events too. Run by the editing session like every operation: one transaction,
one undo step, saved at once. Curation teaches the correction memory nothing: the analysts'
decisions taught their own files already.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from annotator.documents import Argument, Event, Span
from annotator.editing.operations import Changes, CommandError, touch_document
from annotator.store import Store
from annotator.team.curation import (
    Curation, DocumentRows, TeamRows, Unit, UnitKey, Version, curation, team_rows_of, unanimous_rejections,
)

Choice = tuple[UnitKey, int | None]  # a unit and the index of the version taken (None: reject them all)


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return other_start < end and start < other_end


def _reject_suggested(unit: Unit, rows: Sequence[tuple[int | None, str, int, int]], update: Callable[..., None],
                      changed: set[int], annotator: str | None) -> None:
    """Reject the suggestions among ``rows`` (id, status, start, end) at the unit's place, noting their ids."""
    for row_id, status, start, end in rows:
        if row_id is not None and status == "suggested" and _overlaps(unit.start, unit.end, start, end):
            update(row_id, status="rejected", annotator=annotator)
            changed.add(row_id)


def _team(store: Store, rows: TeamRows | None) -> TeamRows:
    """The analysts' rows the caller read, or read now; CommandError in a project with none merged."""
    team = rows if rows is not None else team_rows_of(store)
    if team is None:
        raise CommandError("this project holds no merged analysts' work: there is nothing to curate")
    return team


class Curate:
    """Settle places of a team project's document: take a version of each, or reject every version."""

    def __init__(self, doc_id: int, choices: list[Choice], *, name: str, text: str,
                 reject_unanimous: bool = False, rows: TeamRows | None = None) -> None:
        self.doc_id = doc_id
        self.rows = rows  # the analysts' rows, if the caller read them already (only a merge changes them)
        self.choices = list(choices)
        self.name = name
        self._text = text
        self.reject_unanimous = reject_unanimous  # also reject the suggestions every analyst left empty
        self.rejected_unanimous: tuple[list[int], list[int]] = ([], [])  # after apply: span and event ids

    def text(self) -> str:
        return self._text

    def payload(self) -> dict[str, Any]:
        return {"choices": [[list(key), index] for key, index in self.choices],
                "rejected_unanimous": [list(ids) for ids in self.rejected_unanimous]}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        team = _team(store, self.rows)
        found = curation(store, self.doc_id, team)
        rows = team.of(self.doc_id)
        changes = Changes(self.doc_id)
        for key, index in self.choices:
            unit = found.unit(key)
            if unit is None:
                raise CommandError(f"the analysts' versions at {key[1]}–{key[2]} are no longer there; "
                                   "nothing was changed")
            if index is not None and not 0 <= index < len(unit.versions):
                raise CommandError(f"there is no version {index + 1} there (only {len(unit.versions)})")
            version = unit.versions[index] if index is not None else None
            if version is None or version.empty:
                self._reject(store, rows, unit, annotator, changes)
            elif unit.kind == "span":
                self._take_spans(store, rows, unit, version, annotator, changes)
            else:
                self._take_events(store, rows, unit, version, annotator, changes)
        if self.reject_unanimous:
            spans, events = self.rejected_unanimous = unanimous_rejections(store, self.doc_id, team)
            for span_id in spans:
                store.update_span(span_id, status="rejected", annotator=annotator)
            for event_id in events:
                store.update_event(event_id, status="rejected", annotator=annotator)
            changes.span_ids |= set(spans)
            changes.event_ids |= set(events)
        touch_document(store, self.doc_id, annotator, changes)
        return changes

    # -- spans -------------------------------------------------------------------------------
    def _team_spans(self, store: Store, rows: DocumentRows) -> list[Span]:
        return rows.team_spans(store.spans(self.doc_id))

    def _take_span(self, store: Store, rows: DocumentRows, span: Span, annotator: str | None) -> int:
        """The team's accepted row for this span: a row at the same place accepted, or a new one."""
        here = [t for t in self._team_spans(store, rows) if (t.start, t.end) == (span.start, span.end)]
        same = next((t for t in here if t.label == span.label), here[0] if here else None)
        values = {"status": "accepted", "label": span.label, "kind": span.kind, "kb_id": span.kb_id,
                  "kb_score": span.kb_score, "annotator": annotator}
        if same is not None and same.id is not None:
            store.update_span(same.id, **values)
            return same.id
        (new_id,) = store.insert_spans(self.doc_id, [Span(
            span.start, span.end, span.label, origin=span.origin, status="accepted", score=span.score,
            annotator=annotator, model=span.model, kind=span.kind, kb_id=span.kb_id, kb_score=span.kb_score)])
        return new_id

    def _filler(self, store: Store, rows: DocumentRows, span: Span, annotator: str | None) -> int:
        """The team's span to fill a role with: the curator's accepted span there (same label), else the analyst's."""
        accepted = [t for t in self._team_spans(store, rows) if t.status == "accepted" and t.label == span.label
                    and t.id is not None and _overlaps(span.start, span.end, t.start, t.end)]
        accepted.sort(key=lambda t: ((t.start, t.end) != (span.start, span.end), t.start))
        return accepted[0].id if accepted and accepted[0].id is not None else self._take_span(store, rows, span, annotator)

    def _take_spans(self, store: Store, rows: DocumentRows, unit: Unit, version: Version, annotator: str | None,
                    changes: Changes) -> None:
        taken = {self._take_span(store, rows, s, annotator) for s in version.spans}
        changes.span_ids |= taken
        filling = {a.span_id for e in rows.team_events(store.events(self.doc_id)) if e.status == "accepted"
                   for a in e.arguments}
        for t in self._team_spans(store, rows):  # the version replaces what the team had there
            if t.id is not None and t.id not in taken and t.id not in filling and t.status != "rejected" and _overlaps(
                    unit.start, unit.end, t.start, t.end):
                store.update_span(t.id, status="rejected", annotator=annotator)
                changes.span_ids.add(t.id)

    # -- events ------------------------------------------------------------------------------
    def _take_events(self, store: Store, rows: DocumentRows, unit: Unit, version: Version, annotator: str | None,
                     changes: Changes) -> None:
        fillers = {s.id: s for s in version.spans}
        taken: set[int] = set()
        for event in version.events:
            arguments = []
            for argument in event.arguments:
                filler = fillers.get(argument.span_id)
                if filler is not None:
                    span_id = self._filler(store, rows, filler, annotator)
                    changes.span_ids.add(span_id)
                    arguments.append(Argument(argument.role, span_id, score=argument.score, origin=argument.origin))
            team_events = rows.team_events(store.events(self.doc_id))
            same = next((e for e in team_events if e.status == "suggested" and e.id not in taken and e.type == event.type
                         and (e.trigger_start, e.trigger_end) == (event.trigger_start, event.trigger_end)), None)
            if same is not None and same.id is not None:
                store.update_event(same.id, status="accepted", modality=event.modality, polarity=event.polarity,
                                   annotator=annotator)
                for old in same.arguments:
                    if old.id is not None:
                        store.delete_argument(old.id)
                for argument in arguments:
                    store.insert_argument(same.id, argument)
                event_id = same.id
            else:
                event_id = store.insert_event(self.doc_id, Event(
                    event.type, event.trigger_start, event.trigger_end, modality=event.modality,
                    polarity=event.polarity, origin=event.origin, status="accepted", score=event.score,
                    annotator=annotator, model=event.model, arguments=tuple(arguments)))
            taken.add(event_id)
        changes.event_ids |= taken
        others = [(e.id, e.status, e.trigger_start, e.trigger_end)
                  for e in rows.team_events(store.events(self.doc_id)) if e.id not in taken]
        _reject_suggested(unit, others, store.update_event, changes.event_ids, annotator)

    # -- reject all --------------------------------------------------------------------------
    def _reject(self, store: Store, rows: DocumentRows, unit: Unit, annotator: str | None, changes: Changes) -> None:
        """None of the versions: the team's suggestions there rejected, each version kept as a negative."""
        if unit.kind == "span":
            team = self._team_spans(store, rows)
            _reject_suggested(unit, [(t.id, t.status, t.start, t.end) for t in team], store.update_span,
                              changes.span_ids, annotator)
            places = {(t.start, t.end, t.label) for t in team}
            for version in unit.versions:
                for s in version.spans:
                    if (s.start, s.end, s.label) not in places:
                        places.add((s.start, s.end, s.label))
                        changes.span_ids |= set(store.insert_spans(self.doc_id, [Span(
                            s.start, s.end, s.label, origin=s.origin, status="rejected", annotator=annotator,
                            kind=s.kind)]))
            return
        team_events = rows.team_events(store.events(self.doc_id))
        _reject_suggested(unit, [(e.id, e.status, e.trigger_start, e.trigger_end) for e in team_events],
                          store.update_event, changes.event_ids, annotator)
        triggers = {(e.trigger_start, e.trigger_end, e.type) for e in team_events}
        for version in unit.versions:
            for event in version.events:
                if (event.trigger_start, event.trigger_end, event.type) not in triggers:
                    triggers.add((event.trigger_start, event.trigger_end, event.type))
                    changes.event_ids.add(store.insert_event(self.doc_id, Event(
                        event.type, event.trigger_start, event.trigger_end, origin=event.origin,
                        status="rejected", annotator=annotator)))


def pick(doc_id: int, key: UnitKey, index: int, rows: TeamRows | None = None) -> Curate:
    """Take version ``index`` (0-based; key 1 is 0) of one place as the team's."""
    return Curate(doc_id, [(key, index)], name="curate_pick", text=f"Take version {index + 1}", rows=rows)


def reject_all(doc_id: int, key: UnitKey, rows: TeamRows | None = None) -> Curate:
    """None of the analysts' versions of one place."""
    return Curate(doc_id, [(key, None)], name="curate_reject", text="Reject every version", rows=rows)


def accept_agreements(store: Store, doc_id: int, rows: TeamRows | None = None, *,
                      found: Curation | None = None) -> Curate:
    """Accept once what every analyst who finished the document agrees on, and reject what all of them left empty.

    ``found``: the document's places, if the caller worked them out already. CommandError when
    there is nothing left to accept or reject (so an empty step never lands on the undo stack).
    """
    rows = _team(store, rows)
    found = found if found is not None else curation(store, doc_id, rows)
    if not found.analysts:
        raise CommandError("no analyst finished this document: there is nothing to curate")
    agreed = found.open_agreements
    spans, events = unanimous_rejections(store, doc_id, rows)
    if not agreed and not spans and not events:
        raise CommandError("every agreement of this document is curated already")
    return Curate(doc_id, [(u.key, 0) for u in agreed], name="curate_agreements",
                  text=f"Accept {len(agreed)} agreements", reject_unanimous=True, rows=rows)
