"""User actions on spans and documents as forward operations: each applies itself and says what it touched.

An operation only goes forward: :meth:`Operation.apply` writes the rows and returns the
:class:`Changes` the window redraws. It never undoes itself: the session
(:mod:`annotator.editing.session`) runs it in one transaction with the row-image capture on, and
undo and redo put those images back, the same way before and after a restart. An operation
keeps the ids it created (``AddSpan.span_id``), so running it again reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.store import clock  # its `now` is looked up at each call: tests freeze it
from annotator.documents import DOC_STATUSES, SPAN_KINDS, Span, validate_offsets
from annotator.store import Store
from annotator.store import editing_rows as rows


class CommandError(ValueError):
    """The action cannot be done; the message says why."""


@dataclass(slots=True)
class Changes:
    """What an action touched, so the UI redraws only that."""

    doc_id: int
    span_ids: set[int] = field(default_factory=set)
    doc_status: bool = False  # the document's status (or list entry) changed
    event_ids: set[int] = field(default_factory=set)
    other_doc_ids: set[int] = field(default_factory=set)  # other documents it changed (memory propagation)


class Operation(Protocol):
    """A user action on one document, applied forward only."""

    doc_id: int

    @property
    def name(self) -> str: ...  # short machine name for the history table

    def text(self) -> str: ...  # what the Undo menu says

    def payload(self) -> dict[str, Any]: ...  # what the history table stores (after apply: what it did)

    def apply(self, store: Store, annotator: str | None) -> Changes: ...


Command = Operation  # the older name


def check_range(store: Store, doc_id: int, start: int, end: int) -> None:
    """Raise CommandError unless the document exists and ``start:end`` is a non-empty range of its text."""
    text = rows.document_text(store, doc_id)
    if text is None:
        raise CommandError(f"document {doc_id} no longer exists")
    try:
        validate_offsets(text, start, end)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def touch_document(store: Store, doc_id: int, annotator: str | None, changes: Changes) -> None:
    """An edit of a document: a new one moves to in_progress, and it names who edited it last."""
    state = rows.document_state(store, doc_id)
    if state is None:
        raise CommandError(f"document {doc_id} no longer exists")
    values: dict[str, Any] = {"annotator": annotator or state["annotator"]}
    if state["status"] == "new":
        values["status"] = "in_progress"
        changes.doc_status = True
    store.update_document(doc_id, **values)


class UpdateRows:
    """Set columns of spans or events of one document: accept, reject, relabel, retype, modality.

    Accepting events also accepts the suggested spans filling their roles (the analyst accepted
    the event with its arguments, and exports write accepted spans).
    """

    def __init__(self, doc_id: int, ids: list[int], values: dict[str, Any], *, name: str, text: str,
                 table: str = "spans") -> None:
        if not ids:
            raise CommandError(f"no {table[:-1]} to change")
        self.doc_id = doc_id
        self.ids = list(ids)
        self.values = values
        self.table = table
        self._name = name
        self._text = text
        self._before: dict[int, dict[str, Any]] = {}  # what the rows were (the history's record)
        self._fillers_before: dict[int, dict[str, Any]] = {}  # suggested role fillers an event accept accepted

    @property
    def name(self) -> str:
        return self._name

    def text(self) -> str:
        return self._text

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"table": self.table, "ids": self.ids, "values": self.values,
                                   "before": self._before}
        if self._fillers_before:
            payload["fillers_before"] = self._fillers_before
        return payload

    def apply(self, store: Store, annotator: str | None) -> Changes:
        columns = list(self.values) + ["annotator", "updated_at"]
        stamp = clock.now()
        read = store.span_row if self.table == "spans" else store.event_row
        update = store.update_span if self.table == "spans" else store.update_event
        self._before = {}
        for row_id in self.ids:
            row = read(row_id)
            if row["doc_id"] != self.doc_id:
                raise CommandError(f"{self.table[:-1]} {row_id} belongs to another document")
            self._before[row_id] = {c: row[c] for c in columns}
            update(row_id, **{**self.values, "annotator": annotator, "updated_at": stamp})
        self._fillers_before = {}
        if self.table == "events" and self.values.get("status") == "accepted":
            self._fillers_before = rows.suggested_fillers(store, self.ids)
            for span_id in self._fillers_before:
                store.update_span(span_id, status="accepted", annotator=annotator, updated_at=stamp)
        changes = Changes(self.doc_id)
        (changes.span_ids if self.table == "spans" else changes.event_ids).update(self.ids)
        changes.span_ids.update(self._fillers_before)
        touch_document(store, self.doc_id, annotator, changes)
        return changes


UpdateSpans = UpdateRows  # the span form, by its older name


def accept(doc_id: int, span_ids: list[int]) -> UpdateRows:
    """Accept suggestions (or re-accept rejected spans)."""
    n = len(span_ids)
    return UpdateRows(doc_id, span_ids, {"status": "accepted"}, name="accept",
                      text="Accept span" if n == 1 else f"Accept {n} spans")


def reject(doc_id: int, span_ids: list[int]) -> UpdateRows:
    """Reject spans: kept in the project as negative examples, hidden from exports of accepted spans."""
    n = len(span_ids)
    return UpdateRows(doc_id, span_ids, {"status": "rejected"}, name="reject",
                      text="Reject span" if n == 1 else f"Reject {n} spans")


def relabel(doc_id: int, span_ids: list[int], label: str) -> UpdateRows:
    """Give spans another label; the analyst has decided, so they count as accepted."""
    return UpdateRows(doc_id, span_ids, {"label": label, "status": "accepted"}, name="relabel",
                      text=f"Label as {label}")


def set_kind(doc_id: int, span_ids: list[int], kind: str) -> UpdateRows:
    """Make spans names or nominal mentions (descriptions such as "the Ukrainian military").

    Only the kind changes: status and label stay, so a suggestion stays a suggestion.
    """
    if kind not in SPAN_KINDS:
        raise CommandError(f"unknown span kind {kind!r}; use one of {', '.join(SPAN_KINDS)}")
    return UpdateRows(doc_id, span_ids, {"kind": kind}, name="set_kind",
                      text="Make name" if kind == "name" else "Make nominal mention")


def set_kb_id(doc_id: int, span_ids: list[int], kb_id: str | None) -> UpdateRows:
    """Give spans a knowledge-base id ("NIL": no entry exists; None: no id). The analyst chose it, so
    the span counts as accepted and the id has no suggestion's score."""
    if kb_id is not None and (not kb_id or any(c.isspace() for c in kb_id)):
        raise CommandError(f"a knowledge-base id must be non-empty and hold no spaces, not {kb_id!r}")
    return UpdateRows(doc_id, span_ids, {"kb_id": kb_id, "kb_score": None, "status": "accepted"}, name="set_kb_id",
                      text="Remove id" if kb_id is None else f"Link to {kb_id}")


def move_span(doc_id: int, span_id: int, start: int, end: int) -> UpdateRows:
    """New boundaries for a span (token-snapped by the caller); the analyst has decided: accepted."""
    return UpdateRows(doc_id, [span_id], {"start": start, "end": end, "status": "accepted"}, name="move_span",
                      text="Move span boundary")


class AddSpan:
    """Label a range of text: a new accepted human span, or accept a suggestion over the same range."""

    name = "add_span"

    def __init__(self, doc_id: int, start: int, end: int, label: str) -> None:
        self.doc_id = doc_id
        self.start, self.end, self.label = start, end, label
        self.span_id: int | None = None
        self.took_over: dict[str, Any] | None = None  # the span it accepted instead (id, status, label before)

    def text(self) -> str:
        return f"New {self.label} span"

    def payload(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, "span_id": self.span_id}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        check_range(store, self.doc_id, self.start, self.end)
        if store.schema.get(self.label) is None:
            raise CommandError(f"{self.label} is not a label of this project's schema")
        # The same range already labelled, or suggested with another label: that span is the
        # one the analyst means, so it is accepted (and relabelled) instead of duplicated.
        self.took_over = rows.span_over(store, self.doc_id, self.start, self.end, self.label)
        if self.took_over is not None:
            self.span_id = self.took_over["id"]
            store.update_span(self.span_id, status="accepted", label=self.label, annotator=annotator)
        else:
            span = Span(self.start, self.end, self.label, origin="human", status="accepted",
                        id=self.span_id, annotator=annotator)
            (self.span_id,) = store.insert_spans(self.doc_id, [span])
        assert self.span_id is not None
        changes = Changes(self.doc_id, {self.span_id})
        touch_document(store, self.doc_id, annotator, changes)
        return changes


class DeleteSpan:
    """Remove a span entirely (for a span made by mistake; rejecting keeps it as a negative)."""

    name = "delete_span"

    def __init__(self, doc_id: int, span_id: int) -> None:
        self.doc_id = doc_id
        self.span_id = span_id
        self.row: dict[str, Any] | None = None  # the span as it was
        self._arguments: list[dict[str, Any]] = []  # roles the span filled: removed with it

    def text(self) -> str:
        return "Delete span"

    def payload(self) -> dict[str, Any]:
        return {"span_id": self.span_id, "row": self.row, "arguments": self._arguments}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        row = store.span_row(self.span_id)
        if row["doc_id"] != self.doc_id:
            raise CommandError(f"span {self.span_id} belongs to another document")
        self.row = row
        self._arguments = store.argument_rows(span_id=self.span_id)
        store.delete_span(self.span_id)
        changes = Changes(self.doc_id, {self.span_id}, event_ids={a["event_id"] for a in self._arguments})
        touch_document(store, self.doc_id, annotator, changes)
        return changes


class SetDocStatus:
    """Mark a document done, skipped, in progress or new."""

    name = "set_status"

    def __init__(self, doc_id: int, status: str) -> None:
        if status not in DOC_STATUSES:
            raise CommandError(f"unknown document status {status!r}; use one of {', '.join(DOC_STATUSES)}")
        self.doc_id = doc_id
        self.status = status
        self._before: dict[str, Any] | None = None

    def text(self) -> str:
        return "Mark done" if self.status == "done" else f"Mark {self.status.replace('_', ' ')}"

    def payload(self) -> dict[str, Any]:
        return {"status": self.status, "before": self._before}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        self._before = rows.document_state(store, self.doc_id)
        if self._before is None:
            raise CommandError(f"document {self.doc_id} no longer exists")
        store.update_document(self.doc_id, status=self.status, annotator=annotator or self._before["annotator"])
        return Changes(self.doc_id, doc_status=True)


class Composite:
    """Several operations as one action (one transaction, one undo step)."""

    def __init__(self, doc_id: int, parts: list[Operation], *, name: str, text: str) -> None:
        self.doc_id = doc_id
        self.parts = parts
        self.name = name
        self._text = text

    def text(self) -> str:
        return self._text

    def payload(self) -> dict[str, Any]:
        return {"parts": [{"name": p.name, **p.payload()} for p in self.parts]}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        return merge(self.doc_id, [part.apply(store, annotator) for part in self.parts])


def merge(doc_id: int, all_changes: list[Changes]) -> Changes:
    """One Changes for several."""
    merged = Changes(doc_id)
    for c in all_changes:
        merged.span_ids |= c.span_ids
        merged.event_ids |= c.event_ids
        merged.other_doc_ids |= c.other_doc_ids
        merged.doc_status = merged.doc_status or c.doc_status
    return merged


def finish_document(store: Store, doc_id: int) -> Composite:
    """Ctrl+Enter: accept every remaining suggested span and event, and mark the document done."""
    spans = rows.suggested_ids(store, "spans", doc_id)
    events = rows.suggested_ids(store, "events", doc_id)
    parts: list[Operation] = []
    if spans:
        parts.append(accept(doc_id, spans))
    if events:
        parts.append(UpdateRows(doc_id, events, {"status": "accepted"}, name="accept_event",
                                text="Accept events", table="events"))
    parts.append(SetDocStatus(doc_id, "done"))
    return Composite(doc_id, parts, name="finish_document", text="Accept all and mark done")
