"""Event actions as forward operations: create, accept/reject, retype, modality, polarity, roles.

Same contract as :mod:`annotator.editing.operations`: ``apply`` writes and says what it
touched; the session runs it in one transaction and undoes it from the row images.
"""

from __future__ import annotations

from typing import Any

from annotator.documents import Argument, Event
from annotator.editing.operations import AddSpan, Changes, CommandError, UpdateRows, accept, check_range, touch_document
from annotator.store import Store
from annotator.store import editing_rows as rows


def _check_event(store: Store, doc_id: int, event_id: int) -> dict[str, Any]:
    try:
        row = store.event_row(event_id)
    except KeyError as exc:
        raise CommandError(f"event {event_id} no longer exists") from exc
    if row["doc_id"] != doc_id:
        raise CommandError(f"event {event_id} belongs to another document")
    return row


def accept_events(doc_id: int, event_ids: list[int]) -> UpdateRows:
    """Accept suggested events, and the suggested spans filling their roles (exports write accepted spans)."""
    return UpdateRows(doc_id, event_ids, {"status": "accepted"}, name="accept_event", text="Accept event",
                      table="events")


def reject_events(doc_id: int, event_ids: list[int]) -> UpdateRows:
    """Reject events (kept as negatives, never exported)."""
    return UpdateRows(doc_id, event_ids, {"status": "rejected"}, name="reject_event", text="Reject event",
                      table="events")


def set_event_type(doc_id: int, event_id: int, event_type: str) -> UpdateRows:
    """Change an event's type; the analyst has decided, so it counts as accepted."""
    return UpdateRows(doc_id, [event_id], {"type": event_type, "status": "accepted"}, name="event_type",
                      text=f"Event type {event_type}", table="events")


def set_modality(doc_id: int, event_id: int, modality: str) -> UpdateRows:
    """Asserted, planned or hypothetical."""
    return UpdateRows(doc_id, [event_id], {"modality": modality}, name="event_modality",
                      text=f"Modality {modality}", table="events")


def set_polarity(doc_id: int, event_id: int, polarity: str) -> UpdateRows:
    """Positive, or negative ("did not attack")."""
    return UpdateRows(doc_id, [event_id], {"polarity": polarity}, name="event_polarity",
                      text=f"Polarity {polarity}", table="events")


class AddEvent:
    """A new accepted event on a trigger range (the analyst's own)."""

    name = "add_event"

    def __init__(self, doc_id: int, start: int, end: int, event_type: str) -> None:
        self.doc_id = doc_id
        self.start, self.end, self.event_type = start, end, event_type
        self.event_id: int | None = None

    def text(self) -> str:
        return f"New {self.event_type} event"

    def payload(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "type": self.event_type, "event_id": self.event_id}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        check_range(store, self.doc_id, self.start, self.end)
        if store.schema.event(self.event_type) is None:
            raise CommandError(f"{self.event_type} is not an event type of this project's schema")
        event = Event(self.event_type, self.start, self.end, origin="human", status="accepted",
                      id=self.event_id, annotator=annotator)
        self.event_id = store.insert_event(self.doc_id, event)
        changes = Changes(self.doc_id, event_ids={self.event_id})
        touch_document(store, self.doc_id, annotator, changes)
        return changes


class DeleteEvent:
    """Remove an event and its role fillings (the filler spans stay)."""

    name = "delete_event"

    def __init__(self, doc_id: int, event_id: int) -> None:
        self.doc_id = doc_id
        self.event_id = event_id
        self._row: dict[str, Any] | None = None
        self._arguments: list[dict[str, Any]] = []

    def text(self) -> str:
        return "Delete event"

    def payload(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "row": self._row, "arguments": self._arguments}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        self._row = _check_event(store, self.doc_id, self.event_id)
        self._arguments = store.argument_rows(event_id=self.event_id)
        store.delete_event(self.event_id)
        changes = Changes(self.doc_id, event_ids={self.event_id})
        touch_document(store, self.doc_id, annotator, changes)
        return changes


class FillRole:
    """Fill an event's role with a span; a role that cannot repeat gives up its previous filler.

    Filling a role is the analyst's decision that the span is right: a suggested (or rejected)
    filler is accepted in the same step, so the argument is never lost from exports.
    """

    name = "fill_role"

    def __init__(self, doc_id: int, event_id: int, role: str, span_id: int | None = None, *,
                 new_span: AddSpan | None = None) -> None:
        if (span_id is None) == (new_span is None):
            raise CommandError("fill a role with either an existing span or a new one")
        self.doc_id = doc_id
        self.event_id = event_id
        self.role = role
        self.span_id = span_id
        self.new_span = new_span  # selected text becomes a span first, in the same transaction
        # An existing filler not yet accepted is accepted with the filling (teaching sees it as an accept).
        self.accept_filler = accept(doc_id, [span_id]) if span_id is not None else None
        self._accepted = False
        self.argument_id: int | None = None
        self._replaced: list[dict[str, Any]] = []

    def text(self) -> str:
        return f"Fill {self.role}"

    def payload(self) -> dict[str, Any]:
        payload = {"event_id": self.event_id, "role": self.role, "span_id": self.span_id,
                   "argument_id": self.argument_id, "replaced": self._replaced}
        if self._accepted and self.accept_filler is not None:
            payload["accepted"] = self.accept_filler.payload()
        return payload

    def apply(self, store: Store, annotator: str | None) -> Changes:
        event = _check_event(store, self.doc_id, self.event_id)
        role = store.schema.role(event["type"], self.role)
        if role is None:
            raise CommandError(f"{event['type']} has no role {self.role}")
        changes = Changes(self.doc_id, event_ids={self.event_id})
        if self.new_span is not None:
            changes.span_ids |= self.new_span.apply(store, annotator).span_ids
            self.span_id = self.new_span.span_id
        assert self.span_id is not None
        span = store.span_row(self.span_id)
        if span["doc_id"] != self.doc_id:
            raise CommandError(f"span {self.span_id} belongs to another document")
        if not role.fits(span["label"]):
            raise CommandError(f"{self.role} takes {', '.join(role.labels)}, not {span['label']}")
        existing = store.argument_rows(event_id=self.event_id)
        if any(a["role"] == self.role and a["span_id"] == self.span_id for a in existing):
            raise CommandError(f"that span already fills {self.role}")
        self._accepted = self.accept_filler is not None and span["status"] != "accepted"
        if self._accepted:
            assert self.accept_filler is not None
            changes.span_ids |= self.accept_filler.apply(store, annotator).span_ids
        self._replaced = [] if role.repeat else [a for a in existing if a["role"] == self.role]
        for row in self._replaced:
            store.delete_argument(row["id"])
        self.argument_id = store.insert_argument(
            self.event_id, Argument(self.role, self.span_id, origin="human", id=self.argument_id)
        )
        changes.span_ids.add(self.span_id)
        touch_document(store, self.doc_id, annotator, changes)
        return changes


class ClearRole:
    """Empty one filled role slot (the span itself stays)."""

    name = "clear_role"

    def __init__(self, doc_id: int, argument_id: int) -> None:
        self.doc_id = doc_id
        self.argument_id = argument_id
        self._row: dict[str, Any] | None = None

    def text(self) -> str:
        return "Clear role"

    def payload(self) -> dict[str, Any]:
        return {"argument_id": self.argument_id, "row": self._row}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        self._row = rows.argument_row(store, self.argument_id)
        if self._row is None:
            raise CommandError("that role is already empty")
        _check_event(store, self.doc_id, self._row["event_id"])
        store.delete_argument(self.argument_id)
        changes = Changes(self.doc_id, event_ids={self._row["event_id"]})
        touch_document(store, self.doc_id, annotator, changes)
        return changes

