"""The history of actions as the undo stack sees it: entries, the stacks rebuilt from the log, staleness.

Every action is logged with the row images it changed (:mod:`annotator.store.editing_rows`). An
:class:`Entry` is such an action; :func:`restore_stack` replays the log into the undo and redo
stacks (what a window shows after a restart, and what a session starts from); :func:`stale_rows`
tells whether the rows an entry left were changed since by someone else (another window, a
terminal command), so an undo or redo never overwrites their work.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from annotator.store import editing_rows as rows


@dataclass(frozen=True, slots=True)
class Entry:
    """One undoable action from the history table: its row images are all undo and redo need."""

    history_id: int
    name: str
    doc_id: int | None
    changes: list[list[Any]]
    text: str


def _text(name: str) -> str:
    return name.replace("_", " ").capitalize()


def restore_stack(conn: sqlite3.Connection, *, limit: int = 500) -> tuple[list[Entry], list[Entry]]:
    """Replay the history log into (undo stack, redo stack), oldest first, newest last.

    The redo stack's last entry is the one undone most recently (the next to redo).
    """
    done: list[Entry] = []
    redo: list[Entry] = []
    for history_id, name, doc_id, data in rows.history_rows(conn):
        kind, _, base = name.partition(":") if ":" in name else ("do", "", name)
        if kind != "do":
            # Which entry this undo, redo or refusal was of (logs from before it was recorded: the
            # top of the stack); with two windows on one project they need not be the top.
            source, target = {"undo": (done, redo), "redo": (redo, done), "skip-undo": (done, None),
                              "skip-redo": (redo, None)}.get(kind, (None, None))
            if source:
                of = data.get("of")
                at = next((i for i in range(len(source) - 1, -1, -1) if source[i].history_id == of), len(source) - 1)
                moved = source.pop(at)
                if target is not None:
                    target.append(moved)
            continue
        changes = data.get("changes")
        if changes is None:  # written before changes were captured: cannot be undone after a restart
            done.clear()
            redo.clear()
            continue
        done.append(Entry(history_id, base, doc_id, changes, data.get("text") or _text(base)))
        redo.clear()
        if len(done) > limit:
            del done[0]
    return done, redo


def left_images(entry: Entry, *, undo: bool) -> list[tuple[str, int, dict[str, Any] | None]]:
    """(table, id, image) of every row the entry changed, as its action (undo) or its undo (redo) left it.

    A row changed twice in one action was left in its last after image, and found before it in
    its first before image.
    """
    found: dict[tuple[str, int], dict[str, Any] | None] = {}
    for tbl, row_id, old, new in entry.changes:
        if undo:
            found[(tbl, row_id)] = new
        else:
            found.setdefault((tbl, row_id), old)
    return [(tbl, row_id, image) for (tbl, row_id), image in found.items()]


# Columns that only keep score (when, by whom, how often): another process moving them is no
# conflict. A memory entry's count is merged instead (see :func:`stale_rows`). Time stamps are
# never conflicts either.
_STAMPS = frozenset({"created_at", "updated_at"})
BOOKKEEPING = {"documents": frozenset({"annotator", "updated_at"}), "spans": _STAMPS, "events": _STAMPS,
               "arguments": _STAMPS, "memory": frozenset({"count", "last_by", "last_at", "first_at"})}


@dataclass(slots=True)
class Staleness:
    """How the rows an action left differ now: conflicts refuse an undo, count drift is merged."""

    conflicts: list[str] = field(default_factory=list)  # one line per row changed elsewhere since
    drift: dict[int, int] = field(default_factory=dict)  # memory entry id -> times taught elsewhere since


def _describe(table: str, row_id: int, left: dict[str, Any] | None, now: dict[str, Any] | None) -> str:
    noun = {"spans": "span", "events": "event", "arguments": "role filler", "memory": "learned phrase",
            "documents": "document"}.get(table, table)
    if now is None:
        return f"{noun} {row_id} was deleted"
    if left is None:
        return f"{noun} {row_id} was added"
    changed = [c for c in now if c not in ("updated_at", "created_at") and now.get(c) != left.get(c)]
    detail = ", ".join(f"{c} {left.get(c)!r} → {now[c]!r}" for c in changed[:3])
    return f"{noun} {row_id} was changed ({detail})" if detail else f"{noun} {row_id} was changed"


def stale_rows(conn: sqlite3.Connection, left: list[tuple[str, int, dict[str, Any] | None]]) -> Staleness:
    """Compare rows with the images an action left them in: what changed since, by someone else.

    ``left`` holds (table, id, image or None for a row the action deleted), one per row.
    Bookkeeping columns (time stamps, a document's annotator, a learned phrase's count) are not
    conflicts, nor is a learned phrase forgotten since; the count an entry gained elsewhere is
    returned as drift so the undo can keep it.
    """
    result = Staleness()
    for table, row_id, image in left:
        cols = list(image) if image is not None else rows.columns(conn, table)
        now = rows.current_image(conn, table, row_id, cols)
        ignore = BOOKKEEPING.get(table, frozenset())
        if image is not None and now is not None:
            if all(now.get(c) == image.get(c) for c in cols if c not in ignore):
                if table == "memory" and now.get("count") != image.get("count"):
                    result.drift[row_id] = int(now["count"]) - int(image["count"])
                continue
        elif now is None and (image is None or table == "memory"):
            continue  # gone as the action left it, or a learned phrase forgotten since: nothing to overwrite
        result.conflicts.append(_describe(table, row_id, image, now))
    return result


def merge_drift(conn: sqlite3.Connection, drift: dict[int, int]) -> list[str]:
    """After an undo or redo, add back what learned phrases were taught elsewhere meanwhile.

    Returns conflicts: an entry the undo removed although it was taught elsewhere too.
    """
    return [f"learned phrase {entry_id} was taught elsewhere too" for entry_id, extra in drift.items()
            if not rows.add_count(conn, entry_id, extra) and extra > 0]
