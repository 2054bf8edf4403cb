"""User actions as command objects with apply()/revert(), each run in one transaction.

A command remembers what it changed on its first apply, so revert() restores exactly that
and a second apply (redo) writes the same rows again. :func:`execute` and :func:`undo`
wrap a command in a transaction and log it to the history table; the UI puts them on a
QUndoStack, the CLI and tests call them directly.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.editing import rows as history
from annotator.documents import DOC_STATUSES, SPAN_KINDS, Span, validate_offsets
from annotator.store import Store, now


class CommandError(ValueError):
    """The action cannot be done; the message says why."""


@dataclass(slots=True)
class Changes:
    """What a command touched, so the UI redraws only that."""

    doc_id: int
    span_ids: set[int] = field(default_factory=set)
    doc_status: bool = False  # the document's status (or list entry) changed
    event_ids: set[int] = field(default_factory=set)
    other_doc_ids: set[int] = field(default_factory=set)  # other documents it changed (memory propagation)


class Command(Protocol):
    """An undoable user action on one document."""

    doc_id: int

    @property
    def name(self) -> str: ...  # short machine name for the history table

    def text(self) -> str: ...  # what the Undo menu says

    def payload(self) -> dict[str, Any]: ...  # what the history table stores

    def apply(self, store: Store, annotator: str | None) -> Changes: ...

    def revert(self, store: Store) -> Changes: ...


def check_range(store: Store, doc_id: int, start: int, end: int) -> None:
    """Raise CommandError unless the document exists and ``start:end`` is a non-empty range of its text."""
    row = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise CommandError(f"document {doc_id} no longer exists")
    try:
        validate_offsets(row[0], start, end)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


class _DocTouch:
    """Moves a new document to in_progress on its first edit, and back on revert."""

    def __init__(self) -> None:
        self._before: dict[str, Any] | None = None

    def touch(self, store: Store, doc_id: int, annotator: str | None, changes: Changes) -> None:
        row = store.conn.execute(
            "SELECT status, annotator, updated_at FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise CommandError(f"document {doc_id} no longer exists")
        self._before = {"status": row[0], "annotator": row[1], "updated_at": row[2]}
        values: dict[str, Any] = {"annotator": annotator or row[1]}
        if row[0] == "new":
            values["status"] = "in_progress"
            changes.doc_status = True
        store.update_document(doc_id, **values)

    def restore(self, store: Store, doc_id: int, changes: Changes) -> None:
        if self._before is not None:
            store.update_document(doc_id, **self._before)
            changes.doc_status = True


class UpdateRows:
    """Set columns of spans or events of one document: accept, reject, relabel, retype, modality.

    Accepting events also accepts the suggested spans filling their roles (the analyst accepted
    the event with its arguments, and exports write accepted spans), undone with it.
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
        self._before: dict[int, dict[str, Any]] = {}
        self._fillers_before: dict[int, dict[str, Any]] = {}  # suggested role fillers an event accept accepted
        self._doc = _DocTouch()

    @property
    def name(self) -> str:
        return self._name

    def text(self) -> str:
        return self._text

    def payload(self) -> dict[str, Any]:
        payload = {"table": self.table, "ids": self.ids, "values": self.values, "before": self._before}
        if self._fillers_before:
            payload["fillers_before"] = self._fillers_before
        return payload

    def _changes(self) -> Changes:
        changes = Changes(self.doc_id)
        (changes.span_ids if self.table == "spans" else changes.event_ids).update(self.ids)
        changes.span_ids.update(self._fillers_before)
        return changes

    def _accept_fillers(self, store: Store, annotator: str | None, stamp: str) -> None:
        """Accept the suggested spans filling roles of the events this command accepts."""
        self._fillers_before = {}
        if self.table != "events" or self.values.get("status") != "accepted":
            return
        marks = ", ".join("?" * len(self.ids))
        rows = store.conn.execute(
            "SELECT DISTINCT s.id, s.status, s.annotator, s.updated_at FROM spans s JOIN arguments a ON a.span_id = s.id"
            f" WHERE a.event_id IN ({marks}) AND s.status = 'suggested' ORDER BY s.id", self.ids,
        ).fetchall()
        for span_id, status, who, updated_at in rows:
            self._fillers_before[span_id] = {"status": status, "annotator": who, "updated_at": updated_at}
            store.update_span(span_id, status="accepted", annotator=annotator, updated_at=stamp)

    def _update(self, store: Store, row_id: int, values: dict[str, Any]) -> None:
        (store.update_span if self.table == "spans" else store.update_event)(row_id, **values)

    def apply(self, store: Store, annotator: str | None) -> Changes:
        columns = list(self.values) + ["annotator", "updated_at"]
        stamp = now()
        read = store.span_row if self.table == "spans" else store.event_row
        for row_id in self.ids:
            row = read(row_id)
            if row["doc_id"] != self.doc_id:
                raise CommandError(f"{self.table[:-1]} {row_id} belongs to another document")
            self._before[row_id] = {c: row[c] for c in columns}
            self._update(store, row_id, {**self.values, "annotator": annotator, "updated_at": stamp})
        self._accept_fillers(store, annotator, stamp)
        changes = self._changes()
        self._doc.touch(store, self.doc_id, annotator, changes)
        return changes

    def revert(self, store: Store) -> Changes:
        for row_id, before in self._before.items():
            self._update(store, row_id, before)
        for span_id, before in self._fillers_before.items():
            store.update_span(span_id, **before)
        changes = self._changes()
        self._doc.restore(store, self.doc_id, changes)
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


class AddSpan:
    """Label a range of text: a new accepted human span, or accept a suggestion over the same range."""

    name = "add_span"

    def __init__(self, doc_id: int, start: int, end: int, label: str) -> None:
        self.doc_id = doc_id
        self.start, self.end, self.label = start, end, label
        self.span_id: int | None = None
        self._existing_before: dict[str, Any] | None = None
        self._doc = _DocTouch()

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
        same = store.conn.execute(
            'SELECT id, status, label, annotator, updated_at FROM spans WHERE doc_id = ? AND start = ? AND "end" = ?'
            " AND (label = ? OR status = 'suggested') ORDER BY label = ? DESC, id LIMIT 1",
            (self.doc_id, self.start, self.end, self.label, self.label),
        ).fetchone()
        changes = Changes(self.doc_id)
        if same is not None:
            self.span_id = same[0]
            self._existing_before = dict(zip(("status", "label", "annotator", "updated_at"), same[1:]))
            store.update_span(self.span_id, status="accepted", label=self.label, annotator=annotator)
        else:
            span = Span(self.start, self.end, self.label, origin="human", status="accepted",
                        id=self.span_id, annotator=annotator)
            (self.span_id,) = store.insert_spans(self.doc_id, [span])
        changes.span_ids.add(self.span_id)
        self._doc.touch(store, self.doc_id, annotator, changes)
        return changes

    def revert(self, store: Store) -> Changes:
        assert self.span_id is not None, "revert before apply"
        changes = Changes(self.doc_id, {self.span_id})
        if self._existing_before is not None:
            store.update_span(self.span_id, **self._existing_before)
        else:
            store.delete_span(self.span_id)
        self._doc.restore(store, self.doc_id, changes)
        return changes


class DeleteSpan:
    """Remove a span entirely (for a span made by mistake; rejecting keeps it as a negative)."""

    name = "delete_span"

    def __init__(self, doc_id: int, span_id: int) -> None:
        self.doc_id = doc_id
        self.span_id = span_id
        self._row: dict[str, Any] | None = None
        self._arguments: list[dict[str, Any]] = []  # roles the span filled: removed with it, restored on undo
        self._doc = _DocTouch()

    def text(self) -> str:
        return "Delete span"

    def payload(self) -> dict[str, Any]:
        return {"span_id": self.span_id, "row": self._row, "arguments": self._arguments}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        row = store.span_row(self.span_id)
        if row["doc_id"] != self.doc_id:
            raise CommandError(f"span {self.span_id} belongs to another document")
        self._row = row
        self._arguments = store.argument_rows(span_id=self.span_id)
        store.delete_span(self.span_id)
        changes = Changes(self.doc_id, {self.span_id}, event_ids={a["event_id"] for a in self._arguments})
        self._doc.touch(store, self.doc_id, annotator, changes)
        return changes

    def revert(self, store: Store) -> Changes:
        assert self._row is not None, "revert before apply"
        store.insert_span_row(self._row)
        store.insert_argument_rows(self._arguments)
        changes = Changes(self.doc_id, {self.span_id}, event_ids={a["event_id"] for a in self._arguments})
        self._doc.restore(store, self.doc_id, changes)
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
        row = store.conn.execute(
            "SELECT status, annotator, updated_at FROM documents WHERE id = ?", (self.doc_id,)
        ).fetchone()
        if row is None:
            raise CommandError(f"document {self.doc_id} no longer exists")
        self._before = {"status": row[0], "annotator": row[1], "updated_at": row[2]}
        store.update_document(self.doc_id, status=self.status, annotator=annotator or row[1])
        return Changes(self.doc_id, doc_status=True)

    def revert(self, store: Store) -> Changes:
        assert self._before is not None, "revert before apply"
        store.update_document(self.doc_id, **self._before)
        return Changes(self.doc_id, doc_status=True)


def move_span(doc_id: int, span_id: int, start: int, end: int) -> UpdateRows:
    """New boundaries for a span (token-snapped by the caller); the analyst has decided: accepted."""
    return UpdateRows(doc_id, [span_id], {"start": start, "end": end, "status": "accepted"}, name="move_span",
                      text="Move span boundary")


class Composite:
    """Several commands as one action (one transaction, one undo step)."""

    def __init__(self, doc_id: int, parts: list[Command], *, name: str, text: str) -> None:
        self.doc_id = doc_id
        self.parts = parts
        self.name = name
        self._text = text

    def text(self) -> str:
        return self._text

    def payload(self) -> dict[str, Any]:
        return {"parts": [{"name": p.name, **p.payload()} for p in self.parts]}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        return _merge(self.doc_id, [part.apply(store, annotator) for part in self.parts])

    def revert(self, store: Store) -> Changes:
        return _merge(self.doc_id, [part.revert(store) for part in reversed(self.parts)])


def _merge(doc_id: int, all_changes: list[Changes]) -> Changes:
    merged = Changes(doc_id)
    for c in all_changes:
        merged.span_ids |= c.span_ids
        merged.event_ids |= c.event_ids
        merged.other_doc_ids |= c.other_doc_ids
        merged.doc_status = merged.doc_status or c.doc_status
    return merged


def finish_document(store: Store, doc_id: int) -> Composite:
    """Ctrl+Enter: accept every remaining suggested span and event, and mark the document done."""
    spans = [r[0] for r in store.conn.execute(
        "SELECT id FROM spans WHERE doc_id = ? AND status = 'suggested' ORDER BY id", (doc_id,))]
    events = [r[0] for r in store.conn.execute(
        "SELECT id FROM events WHERE doc_id = ? AND status = 'suggested' ORDER BY id", (doc_id,))]
    parts: list[Command] = []
    if spans:
        parts.append(accept(doc_id, spans))
    if events:
        parts.append(UpdateRows(doc_id, events, {"status": "accepted"}, name="accept_event",
                                text="Accept events", table="events"))
    parts.append(SetDocStatus(doc_id, "done"))
    return Composite(doc_id, parts, name="finish_document", text="Accept all and mark done")


# The row images each command's latest apply or revert captured: what an undo or redo expects
# to find, so it can tell whether someone else changed those rows since.
_LAST_CAPTURE: weakref.WeakKeyDictionary[Any, list[list[Any]]] = weakref.WeakKeyDictionary()
# The history id of each command's first apply: undo, redo and refusals name it ("of").
_HISTORY_ID: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()

# What a window shows of a row, by (table, id): an edit of a row changed since it was shown is refused.
Seen = Callable[[str, int], Mapping[str, Any] | None]


class StaleError(CommandError):
    """The rows an action would change were changed elsewhere since; nothing was written."""


def _left_images(command: Command, *, undo: bool) -> list[tuple[str, int, dict[str, Any] | None]] | None:
    """(table, id, image) of every row as the command last left it; None when unknown."""
    last = _LAST_CAPTURE.get(command)
    if last is not None:
        return [(tbl, row_id, new) for tbl, row_id, _old, new in last]
    if isinstance(command, Restored):  # from an earlier session: done (undo) or undone (redo)
        return [(tbl, row_id, new if undo else old) for tbl, row_id, old, new in command.entry.changes]
    return None


def _check_seen(captured: history.Capture, seen: Seen) -> None:
    for tbl, row_id, old, _new in captured.changes:
        if old is None:  # a row the command inserted: nothing of it was shown before
            continue
        shown = seen(tbl, row_id)
        if shown is not None and any(old.get(k) != v for k, v in shown.items()):
            now = ", ".join(str(old.get(k)) for k in shown if old.get(k) != shown[k])
            raise StaleError(f"{tbl[:-1]} {row_id} was changed elsewhere a moment ago (now {now}); "
                             "nothing was changed — look again and repeat if still needed")


def _logged(store: Store, command: Command, log_as: str, annotator: str | None, *, forward: bool,
            again: bool = False, seen: Seen | None = None) -> Changes:
    """Run a command's apply or revert and its history row in one transaction.

    ``again`` (undo, redo): first check that the command's rows are as it left them; if another
    window or process changed them since, nothing is overwritten: the refusal is logged and
    StaleError raised. ``seen``: refuse an action on rows that differ from what the user saw.
    """
    refused: list[str] = []
    drift: dict[int, int] = {}
    try:
        with store.transaction():
            if again:
                left = _left_images(command, undo=not forward)
                if left is not None:
                    staleness = history.stale_rows(store.conn, left)
                    refused, drift = staleness.conflicts, staleness.drift
            of = _HISTORY_ID.get(command) if again else None
            if of is None and isinstance(command, Restored):
                of = command.entry.history_id
            if refused:
                _log_skip(store, command, log_as, annotator, refused, of)
            else:
                with history.capture(store.conn) as captured:
                    changes = command.apply(store, annotator) if forward else command.revert(store)
                    lost = history.merge_drift(store.conn, drift)
                if lost:
                    raise _Lost(lost)  # rolled back: nothing changed
                if seen is not None:
                    _check_seen(captured, seen)
                payload = {**command.payload(), "text": command.text(), "changes": captured.to_json()}
                if again:
                    payload["of"] = of
                store.log(log_as, doc_id=command.doc_id, annotator=annotator, payload=payload)
                if not again:
                    _HISTORY_ID[command] = store.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    except _Lost as exc:  # logged like any refusal, so a restart leaves the action off the stack too
        refused = exc.conflicts
        with store.transaction():
            _log_skip(store, command, log_as, annotator, refused, of)
    if refused:
        raise StaleError(_refusal(command, log_as, refused))
    _LAST_CAPTURE[command] = captured.to_json()
    return changes


class _Lost(Exception):
    """Rolls an undo or redo back: applied, it would drop a learned phrase taught elsewhere too."""

    def __init__(self, conflicts: list[str]) -> None:
        super().__init__(conflicts)
        self.conflicts = conflicts


def _log_skip(store: Store, command: Command, log_as: str, annotator: str | None, conflicts: list[str],
              of: int | None) -> None:
    """Record a refused undo or redo (``skip-undo:…``): restore_stack takes it off the stack."""
    store.log(f"skip-{log_as.partition(':')[0]}:{command.name}", doc_id=command.doc_id, annotator=annotator,
              payload={"text": command.text(), "conflicts": conflicts, "of": of})


def _refusal(command: Command, log_as: str, conflicts: list[str]) -> str:
    verb = log_as.partition(":")[0]
    more = f" and {len(conflicts) - 2} more" if len(conflicts) > 2 else ""
    return (f"Cannot {verb} “{command.text()}”: it was changed since, elsewhere ({'; '.join(conflicts[:2])}{more}). "
            f"{verb.capitalize()} skipped, so that change is kept.")


def execute(store: Store, command: Command, *, annotator: str | None = None, seen: Seen | None = None) -> Changes:
    """Apply a command in one transaction and record it, with every row it changed, in the history.

    ``seen(table, id)`` gives what the user was shown of a row (e.g. its label and status); if
    a row the command changes differs (another window changed it meanwhile), StaleError.
    """
    return _logged(store, command, command.name, annotator, forward=True, seen=seen)


def undo(store: Store, command: Command, *, annotator: str | None = None) -> Changes:
    """Revert a command in one transaction and record the undo in the history table.

    Refused with StaleError (and logged as skipped) when its rows were changed since by
    someone else: the undo would overwrite their work.
    """
    return _logged(store, command, f"undo:{command.name}", annotator, forward=False, again=True)


def redo(store: Store, command: Command, *, annotator: str | None = None) -> Changes:
    """Apply an undone command again, recorded as a redo (so a restart rebuilds the redo stack).

    Refused like :func:`undo` when its rows were changed since by someone else.
    """
    return _logged(store, command, f"redo:{command.name}", annotator, forward=True, again=True)


class Restored:
    """An action from an earlier session, undone or redone from its stored row images."""

    def __init__(self, entry: history.Entry) -> None:
        self.entry = entry
        self.doc_id = entry.doc_id if entry.doc_id is not None else 0
        self.name = entry.name

    def text(self) -> str:
        return self.entry.text

    def payload(self) -> dict[str, Any]:
        return {"restored_from": self.entry.history_id}

    def _images(self, store: Store, *, undo: bool) -> Changes:
        try:
            docs = history.apply_images(store.conn, self.entry.changes, undo=undo)
        except sqlite3.IntegrityError as exc:
            raise CommandError(f"cannot {'undo' if undo else 'redo'} “{self.entry.text}”: "
                               f"the project changed since ({exc})") from exc
        changes = Changes(self.doc_id, doc_status=True)
        changes.span_ids = {c[1] for c in self.entry.changes if c[0] == "spans"}
        changes.event_ids = {c[1] for c in self.entry.changes if c[0] == "events"}
        if not self.doc_id and docs:
            changes.doc_id = min(docs)
        changes.other_doc_ids = docs - {changes.doc_id}  # e.g. suggestions a correction taught elsewhere
        return changes

    def apply(self, store: Store, annotator: str | None) -> Changes:
        return self._images(store, undo=False)

    def revert(self, store: Store) -> Changes:
        return self._images(store, undo=True)
