"""The span and document operations under their older names, and the older run/undo/redo functions.

New code runs operations through :class:`annotator.editing.session.EditingSession`; these
functions are that session's steps for callers that hold an operation rather than a session
(scripts, the self-test, tests): :func:`execute` runs an operation and keeps its history entry
on it, :func:`undo` and :func:`redo` step that entry back and forth from its row images.
"""

from __future__ import annotations

from typing import Any

from annotator.editing.history import Entry
from annotator.editing.operations import (  # noqa: F401 - re-exported
    AddSpan, Changes, Command, CommandError, Composite, DeleteSpan, Operation, SetDocStatus, UpdateRows, UpdateSpans,
    accept, check_range, finish_document, merge, move_span, reject, relabel, set_kb_id, set_kind,
)
from annotator.editing.session import Seen, StaleError, perform, step
from annotator.store import Store


class Restored:
    """An action from the history log (e.g. from before a restart), to undo or redo by its entry."""

    def __init__(self, entry: Entry) -> None:
        self.history_entry = entry
        self.doc_id = entry.doc_id if entry.doc_id is not None else 0
        self.name = entry.name

    def text(self) -> str:
        return self.history_entry.text


def _entry(command: Any) -> Entry:
    entry = getattr(command, "history_entry", None)
    if not isinstance(entry, Entry):
        raise CommandError(f"“{command.text()}” was never done, so it cannot be undone or redone")
    return entry


def execute(store: Store, command: Operation, *, annotator: str | None = None, seen: Seen | None = None) -> Changes:
    """Run an operation (and what it teaches) in one transaction and log it; see :func:`perform`."""
    changes, entry = perform(store, command, annotator=annotator, seen=seen)
    setattr(command, "history_entry", entry)  # what undo() and redo() of this operation step
    return changes


def undo(store: Store, command: Operation | Restored, *, annotator: str | None = None) -> Changes:
    """Undo an operation done with :func:`execute` (or a :class:`Restored` one) from its row images."""
    return step(store, _entry(command), undo=True, annotator=annotator)


def redo(store: Store, command: Operation | Restored, *, annotator: str | None = None) -> Changes:
    """Redo an undone operation from its row images (refused like :func:`undo`)."""
    return step(store, _entry(command), undo=False, annotator=annotator)
