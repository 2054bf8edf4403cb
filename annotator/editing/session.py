"""One editing session: runs operations, teaches from them by rule, undoes and redoes them from row images.

:meth:`EditingSession.run` applies an operation in one transaction with the row capture on,
applies what it teaches (:mod:`annotator.editing.teaching`, by the operation's kind), and logs
it with every row image it changed. Undo and redo put those images back (:func:`step`) and
nothing else: no operation knows how to revert itself, so an action undone right away and one
undone after closing and reopening the project go the same way. A session starts from the
undo and redo stacks the history log gives (:func:`annotator.editing.history.restore_stack`).

An undo or redo first checks that the rows are as the action (or its undo) left them; if
another window or process changed them since, nothing is overwritten: the refusal is logged
(so a restart leaves the action off the stack too) and :class:`StaleError` raised.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from annotator.editing import history, teaching
from annotator.editing.history import Entry
from annotator.editing.operations import Changes, CommandError, Operation
from annotator.errors import Stale
from annotator.store import Store
from annotator.store import editing_rows as rows

# What a window shows of a row, by (table, id): an edit of a row changed since it was shown is refused.
Seen = Callable[[str, int], Mapping[str, Any] | None]


class StaleError(CommandError, Stale):
    """The rows an action would change were changed elsewhere since; nothing was written."""


class _Lost(Exception):
    """Rolls an undo or redo back: applied, it would drop a learned phrase taught elsewhere too."""

    def __init__(self, conflicts: list[str]) -> None:
        super().__init__(conflicts)
        self.conflicts = conflicts


class _Impossible(_Lost):
    """Rolls an undo or redo back: its images no longer fit the project (a constraint says no)."""


def _check_seen(captured: rows.Capture, seen: Seen) -> None:
    checked: set[tuple[str, int]] = set()
    for tbl, row_id, old, _new in captured.changes:
        if (tbl, row_id) in checked:  # changed again within the action: its first image is what was shown
            continue
        checked.add((tbl, row_id))
        if old is None:  # a row the action inserted: nothing of it was shown before
            continue
        shown = seen(tbl, row_id)
        if shown is not None and any(old.get(k) != v for k, v in shown.items()):
            now = ", ".join(str(old.get(k)) for k in shown if old.get(k) != shown[k])
            raise StaleError(f"{tbl[:-1]} {row_id} was changed elsewhere a moment ago (now {now}); "
                             "nothing was changed — look again and repeat if still needed")


def perform(store: Store, op: Operation, *, annotator: str | None = None,
            seen: Seen | None = None) -> tuple[Changes, Entry]:
    """Apply ``op`` and what it teaches in one transaction, and log it with every row it changed.

    ``seen(table, id)`` gives what the user was shown of a row (e.g. its label and status); if
    a row the operation changes differs (another window changed it meanwhile), StaleError and
    nothing is written. Returns the Changes and the history entry that undoes it.
    """
    with store.transaction():
        with rows.capture(store.conn) as captured:
            changes, memory = teaching.apply(store, op, annotator)
        if seen is not None:
            _check_seen(captured, seen)
        payload = op.payload()
        if memory is not None:
            payload["memory"] = memory
        images = captured.to_json()
        payload.update(text=op.text(), changes=images)
        history_id = rows.log(store, op.name, doc_id=op.doc_id, annotator=annotator, payload=payload)
    return changes, Entry(history_id, op.name, op.doc_id, images, op.text())


def step(store: Store, entry: Entry, *, undo: bool, annotator: str | None = None) -> Changes:
    """Undo (or redo) an entry from its row images, in one transaction, logged as ``undo:NAME`` (``redo:``).

    Refused with StaleError (and logged as skipped) when its rows were changed since by someone
    else: the step would overwrite their work. A learned phrase's count gained elsewhere is kept.
    """
    verb = "undo" if undo else "redo"
    refused: list[str] = []
    docs: set[int] = set()
    try:
        with store.transaction():
            staleness = history.stale_rows(store.conn, history.left_images(entry, undo=undo))
            refused = staleness.conflicts
            if refused:
                _log_skip(store, entry, verb, annotator, refused)
            else:
                with rows.capture(store.conn) as captured:
                    try:
                        docs = rows.apply_images(store.conn, entry.changes, undo=undo)
                    except sqlite3.IntegrityError as exc:
                        raise _Impossible([str(exc)]) from exc  # rolled back: nothing changed
                    broken = rows.broken_references(store.conn, entry.changes, undo=undo)
                    if broken:
                        raise _Impossible(broken)
                    lost = history.merge_drift(store.conn, staleness.drift)
                if lost:
                    raise _Lost(lost)  # rolled back: nothing changed
                rows.log(store, f"{verb}:{entry.name}", doc_id=entry.doc_id, annotator=annotator,
                         payload={"text": entry.text, "changes": captured.to_json(), "of": entry.history_id})
    except (_Lost, _Impossible) as exc:  # logged like any refusal, so a restart leaves the action off the stack too
        with store.transaction():
            _log_skip(store, entry, verb, annotator, exc.conflicts)
        if isinstance(exc, _Impossible):
            raise CommandError(f"cannot {verb} “{entry.text}”: the project changed since ({exc.conflicts[0]})") from exc
        refused = exc.conflicts
    if refused:
        raise StaleError(_refusal(entry, verb, refused))
    return _changes_of(entry, docs)


def _changes_of(entry: Entry, docs: set[int]) -> Changes:
    """What an undo or redo touched, from the entry's images."""
    changes = Changes(entry.doc_id or (min(docs) if docs else 0), doc_status=True)
    changes.span_ids = {c[1] for c in entry.changes if c[0] == "spans"}
    changes.event_ids = {c[1] for c in entry.changes if c[0] == "events"}
    changes.other_doc_ids = docs - {changes.doc_id}  # e.g. suggestions a correction taught elsewhere
    return changes


def _log_skip(store: Store, entry: Entry, verb: str, annotator: str | None, conflicts: list[str]) -> None:
    """Record a refused undo or redo (``skip-undo:…``): restore_stack takes it off the stack."""
    rows.log(store, f"skip-{verb}:{entry.name}", doc_id=entry.doc_id, annotator=annotator,
             payload={"text": entry.text, "conflicts": conflicts, "of": entry.history_id})


def _refusal(entry: Entry, verb: str, conflicts: list[str]) -> str:
    more = f" and {len(conflicts) - 2} more" if len(conflicts) > 2 else ""
    return (f"Cannot {verb} “{entry.text}”: it was changed since, elsewhere ({'; '.join(conflicts[:2])}{more}). "
            f"{verb.capitalize()} skipped, so that change is kept.")


class EditingSession:
    """A window's (or a script's) edits of one project, with their undo and redo stacks.

    Starts from the stacks the project's history gives, so undo and redo survive a restart.
    A refused undo or redo (changed elsewhere since, or no longer possible) takes the entry
    off its stack; one that could not run at all (the project busy) leaves the stacks as they are.
    """

    def __init__(self, store: Store, *, annotator: str | None = None) -> None:
        self.store = store
        self.annotator = annotator
        self._done, self._undone = history.restore_stack(store.conn)  # undone: the next redo last

    def run(self, op: Operation, *, seen: Seen | None = None) -> Changes:
        """Apply an operation (saved at once) and put it on the undo stack."""
        changes, entry = perform(self.store, op, annotator=self.annotator, seen=seen)
        self._done.append(entry)
        self._undone.clear()
        return changes

    def undo(self) -> Changes:
        """Undo the last action done (CommandError if there is none, or it is refused)."""
        return self._step(self._done, self._undone, undo=True)

    def redo(self) -> Changes:
        """Redo the last action undone (CommandError if there is none, or it is refused)."""
        return self._step(self._undone, self._done, undo=False)

    def _step(self, source: list[Entry], target: list[Entry], *, undo: bool) -> Changes:
        if not source:
            raise CommandError(f"nothing to {'undo' if undo else 'redo'}")
        entry = source[-1]
        try:
            changes = step(self.store, entry, undo=undo, annotator=self.annotator)
        except CommandError:
            source.pop()
            raise
        source.pop()
        target.append(entry)
        return changes

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_text(self) -> str:
        """What the next undo undoes ("" if nothing)."""
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    @property
    def done(self) -> int:
        """How many actions can be undone."""
        return len(self._done)

    @property
    def undone(self) -> int:
        """How many actions can be redone."""
        return len(self._undone)
