"""Row-level change capture for every action, so undo and redo survive closing the project.

While a command runs, temporary triggers copy each changed row's before and after images
into a scratch table; :func:`annotator.commands.execute` stores them with the command in the
``history`` table. After a restart, :func:`restore_stack` replays the log into the undo and
redo stacks, and :func:`apply_images` undoes or redoes an entry from its row images alone,
whatever kind of command it was. :func:`stale_rows` tells whether rows were changed since by
someone else (another window, a terminal command), so an undo never overwrites their work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson

# Tables whose rows user actions change; documents only through these columns (never the text).
CAPTURED = ("spans", "events", "arguments", "memory")
DOCUMENT_COLUMNS = ("status", "annotator", "updated_at")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _json(prefix: str, columns: list[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {prefix}.\"{c}\"" for c in columns) + ")"


def install_capture(conn: sqlite3.Connection) -> None:
    """Create this connection's temporary capture table and triggers (idle until capturing)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _changes (seq INTEGER PRIMARY KEY, tbl TEXT, row_id INTEGER,"
                 " old TEXT, new TEXT)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _capturing (flag INTEGER)")
    when = "WHEN EXISTS (SELECT 1 FROM temp._capturing)"
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in CAPTURED:
        if table not in existing:
            continue
        cols = _columns(conn, table)
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS _cap_{table}_i AFTER INSERT ON main.{table} {when} BEGIN"
            f" INSERT INTO _changes(tbl, row_id, old, new) VALUES ('{table}', NEW.id, NULL, {_json('NEW', cols)}); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS _cap_{table}_u AFTER UPDATE ON main.{table} {when} BEGIN"
            f" INSERT INTO _changes(tbl, row_id, old, new) VALUES ('{table}', NEW.id, {_json('OLD', cols)},"
            f" {_json('NEW', cols)}); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS _cap_{table}_d AFTER DELETE ON main.{table} {when} BEGIN"
            f" INSERT INTO _changes(tbl, row_id, old, new) VALUES ('{table}', OLD.id, {_json('OLD', cols)}, NULL); END"
        )
    doc_cols = list(DOCUMENT_COLUMNS)
    conn.execute(
        f"CREATE TEMP TRIGGER IF NOT EXISTS _cap_documents_u AFTER UPDATE OF {', '.join(doc_cols)} ON main.documents"
        f" {when} BEGIN INSERT INTO _changes(tbl, row_id, old, new) VALUES ('documents', NEW.id,"
        f" {_json('OLD', doc_cols)}, {_json('NEW', doc_cols)}); END"
    )


@dataclass(slots=True)
class Capture:
    """The row images one action changed, in order: (table, id, before or None, after or None)."""

    changes: list[tuple[str, int, dict[str, Any] | None, dict[str, Any] | None]] = field(default_factory=list)

    def to_json(self) -> list[list[Any]]:
        return [list(c) for c in self.changes]


@contextmanager
def capture(conn: sqlite3.Connection) -> Iterator[Capture]:
    """Record every row the block changes (call inside the action's transaction)."""
    result = Capture()
    conn.execute("DELETE FROM temp._changes")
    conn.execute("INSERT INTO temp._capturing VALUES (1)")
    try:
        yield result
    finally:
        conn.execute("DELETE FROM temp._capturing")
    for tbl, row_id, old, new in conn.execute("SELECT tbl, row_id, old, new FROM temp._changes ORDER BY seq"):
        result.changes.append((tbl, row_id, orjson.loads(old) if old else None, orjson.loads(new) if new else None))
    conn.execute("DELETE FROM temp._changes")


def apply_images(conn: sqlite3.Connection, changes: list[list[Any]], *, undo: bool) -> set[int]:
    """Put rows back to their before images (undo) or after images (redo); returns documents touched.

    Raises sqlite3.IntegrityError when the rows were changed since in a way that conflicts.
    """
    conn.execute("PRAGMA defer_foreign_keys = ON")  # a span and its role rows come back in any order
    docs: set[int] = set()
    for tbl, row_id, old, new in (reversed(changes) if undo else changes):
        target, current = (old, new) if undo else (new, old)
        if target is None:
            conn.execute(f"DELETE FROM {tbl} WHERE id = ?", (row_id,))
        elif current is None:
            cols = list(target)
            conn.execute(
                f"INSERT INTO {tbl}({', '.join(chr(34) + c + chr(34) for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
                [target[c] for c in cols],
            )
        else:
            cols = [c for c in target if c != "id"]
            conn.execute(
                f"UPDATE {tbl} SET {', '.join(chr(34) + c + chr(34) + ' = ?' for c in cols)} WHERE id = ?",
                [target[c] for c in cols] + [row_id],
            )
        row = target or current or {}
        if tbl == "documents":
            docs.add(row_id)
        elif "doc_id" in row:
            docs.add(row["doc_id"])
    return docs


# Columns that only keep score (when, by whom, how often): another process moving them is no
# conflict. A memory entry's count is merged instead (see :func:`stale_rows`). Time stamps are
# never conflicts: a redo runs its action again, which stamps the rows it writes anew, so after
# "add span, delete it, undo both, redo both" the span differs from the image the delete's undo
# left only in its time stamps - that is no one else's edit, and the second redo must go ahead.
_STAMPS = frozenset({"created_at", "updated_at"})
BOOKKEEPING = {"documents": frozenset({"annotator", "updated_at"}), "spans": _STAMPS, "events": _STAMPS,
               "arguments": _STAMPS, "memory": frozenset({"count", "last_by", "last_at", "first_at"})}


@dataclass(slots=True)
class Staleness:
    """How the rows an action left differ now: conflicts refuse an undo, count drift is merged."""

    conflicts: list[str] = field(default_factory=list)  # one line per row changed elsewhere since
    drift: dict[int, int] = field(default_factory=dict)  # memory entry id -> times taught elsewhere since


def _current(conn: sqlite3.Connection, table: str, row_id: int, columns: list[str]) -> dict[str, Any] | None:
    """A row's image now, built by the same SQL as the capture, so equal rows compare equal."""
    row = conn.execute(f"SELECT {_json(table, columns)} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return None if row is None else orjson.loads(row[0])


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

    ``left`` holds (table, id, image or None for a row the action deleted). Bookkeeping columns
    (time stamps, a document's annotator, a learned phrase's count) are not conflicts, nor is
    a learned phrase forgotten since; the count an entry gained elsewhere is returned as drift
    so the undo can keep it.
    """
    result = Staleness()
    seen: set[tuple[str, int]] = set()
    for table, row_id, image in reversed(left):  # a row changed twice: its last image counts
        if (table, row_id) in seen:
            continue
        seen.add((table, row_id))
        columns = list(image) if image is not None else (
            list(DOCUMENT_COLUMNS) if table == "documents" else _columns(conn, table))
        now = _current(conn, table, row_id, columns)
        ignore = BOOKKEEPING.get(table, frozenset())
        if image is not None and now is not None:
            if all(now.get(c) == image.get(c) for c in columns if c not in ignore):
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
    lost = []
    for entry_id, extra in drift.items():
        cursor = conn.execute("UPDATE memory SET count = max(1, count + ?) WHERE id = ?", (extra, entry_id))
        if cursor.rowcount == 0 and extra > 0:
            lost.append(f"learned phrase {entry_id} was taught elsewhere too")
    return lost


@dataclass(frozen=True, slots=True)
class Entry:
    """One undoable action from the history table."""

    history_id: int
    name: str
    doc_id: int | None
    changes: list[list[Any]]
    text: str


def _text(name: str) -> str:
    return name.replace("_", " ").capitalize()


def restore_stack(conn: sqlite3.Connection, *, limit: int = 500) -> tuple[list[Entry], list[Entry]]:
    """Replay the history log into (undo stack, redo stack), oldest first, newest last."""
    done: list[Entry] = []
    redo: list[Entry] = []
    for history_id, name, doc_id, payload in conn.execute(
        "SELECT id, command, doc_id, payload FROM history ORDER BY id"
    ):
        kind, _, base = name.partition(":") if ":" in name else ("do", "", name)
        if kind != "do":
            # Which entry this undo, redo or refusal was of (logs from before it was recorded: the
            # top of the stack); with two windows on one project they need not be the top.
            source, target = {"undo": (done, redo), "redo": (redo, done), "skip-undo": (done, None),
                              "skip-redo": (redo, None)}.get(kind, (None, None))
            if source:
                of = orjson.loads(payload).get("of")
                at = next((i for i in range(len(source) - 1, -1, -1) if source[i].history_id == of), len(source) - 1)
                moved = source.pop(at)
                if target is not None:
                    target.append(moved)
            continue
        data = orjson.loads(payload)
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
