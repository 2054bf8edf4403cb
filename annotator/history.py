"""Row-level change capture for every action, so undo and redo survive closing the project.

While a command runs, temporary triggers copy each changed row's before and after images
into a scratch table; :func:`annotator.commands.execute` stores them with the command in the
``history`` table. After a restart, :func:`restore_stack` replays the log into the undo and
redo stacks, and :func:`revert_entry` / :func:`reapply_entry` undo or redo an entry from its
row images alone, whatever kind of command it was.
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
        if kind == "undo":
            if done:
                redo.append(done.pop())
            continue
        if kind == "redo":
            if redo:
                done.append(redo.pop())
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
