"""Every SQL statement the editing session needs, as functions of a Store or its connection.

Three parts: the row-image capture (temporary triggers copy each changed row's before and after
images into a scratch table while an action runs; :func:`apply_images` puts rows back to either
image, which is all undo and redo ever do); the history log (the entries the undo stack is
rebuilt from); and the reads and writes of operations and teaching that the Store has no
method for. Memory rows are in :mod:`annotator.store.memory_rows`.

Functions of a Store (or its connection) rather than Store methods, so the editing modules
(which import it as ``rows``) read as what they do; it needs sqlite3 and orjson only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from annotator.store import Store

# Tables whose rows user actions change; documents only through these columns (never the text).
CAPTURED = ("spans", "events", "arguments", "memory", "memory_ids")
DOCUMENT_COLUMNS = ("status", "annotator", "updated_at")
# A row image as stored: (table, id, before or None, after or None).
Image = tuple[str, int, dict[str, Any] | None, dict[str, Any] | None]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns of ``table`` (the captured ones, for documents)."""
    if table == "documents":
        return list(DOCUMENT_COLUMNS)
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _json(prefix: str, cols: list[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {prefix}.\"{c}\"" for c in cols) + ")"


# -- capture ---------------------------------------------------------------------------------
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
        cols = columns(conn, table)
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

    changes: list[Image] = field(default_factory=list)

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


def _quoted(cols: list[str]) -> list[str]:
    return [f'"{c}"' for c in cols]


def apply_images(conn: sqlite3.Connection, changes: list[list[Any]], *, undo: bool) -> set[int]:
    """Put rows back to their before images (undo) or after images (redo); returns documents touched.

    A learned phrase put back while the same phrase, label and kind was taught anew meanwhile
    (another entry) is merged into that entry: both teachings count. Raises sqlite3.IntegrityError
    when the rows were changed since in a way that conflicts.
    """
    conn.execute("PRAGMA defer_foreign_keys = ON")  # a span and its role rows come back in any order
    docs: set[int] = set()
    for tbl, row_id, old, new in (reversed(changes) if undo else changes):
        target, current = (old, new) if undo else (new, old)
        if target is None:
            conn.execute(f"DELETE FROM {tbl} WHERE id = ?", (row_id,))
        elif current is None:
            cols = list(target)
            merge = " ON CONFLICT(phrase, label, kind) DO UPDATE SET count = count + excluded.count" \
                if tbl == "memory" else ""
            conn.execute(f"INSERT INTO {tbl}({', '.join(_quoted(cols))}) VALUES ({', '.join('?' * len(cols))}){merge}",
                         [target[c] for c in cols])
        else:
            cols = [c for c in target if c != "id"]
            conn.execute(f"UPDATE {tbl} SET {', '.join(q + ' = ?' for q in _quoted(cols))} WHERE id = ?",
                         [target[c] for c in cols] + [row_id])
        row = target or current or {}
        if tbl == "documents":
            docs.add(row_id)
        elif "doc_id" in row:
            docs.add(row["doc_id"])
    return docs


def broken_references(conn: sqlite3.Connection, changes: list[list[Any]], *, undo: bool) -> list[str]:
    """The rows :func:`apply_images` wrote that point at a row gone since (a role filler of a deleted event).

    Foreign keys are deferred while images are applied, so without this check the commit would
    fail and leave the transaction open.
    """
    final: dict[tuple[str, int], dict[str, Any] | None] = {}  # each row as the images leave it
    for tbl, row_id, old, new in changes:
        if undo:
            final.setdefault((tbl, row_id), old)
        else:
            final[(tbl, row_id)] = new
    broken = []
    for (tbl, _row_id), target in final.items():
        if target is None:
            continue
        for _id, _seq, parent, column, to, *_ in conn.execute(f"PRAGMA foreign_key_list({tbl})"):
            value = target.get(column)
            if value is not None and conn.execute(f'SELECT 1 FROM {parent} WHERE "{to}" = ?', (value,)).fetchone() is None:
                broken.append(f"{parent[:-1]} {value} was deleted")
    return broken


def current_image(conn: sqlite3.Connection, table: str, row_id: int, cols: list[str]) -> dict[str, Any] | None:
    """A row's image now, built by the same SQL as the capture, so equal rows compare equal."""
    row = conn.execute(f"SELECT {_json(table, cols)} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return None if row is None else orjson.loads(row[0])


def add_count(conn: sqlite3.Connection, entry_id: int, extra: int) -> bool:
    """Add ``extra`` to a learned phrase's count (at least 1 stays); False if the entry is gone."""
    return conn.execute("UPDATE memory SET count = max(1, count + ?) WHERE id = ?", (extra, entry_id)).rowcount > 0


# -- the history log -------------------------------------------------------------------------
def log(store: Store, command: str, *, doc_id: int | None, annotator: str | None, payload: dict[str, Any]) -> int:
    """Append a row to the history table (inside the action's transaction); returns its id."""
    store.log(command, doc_id=doc_id, annotator=annotator, payload=payload)
    return int(store.conn.execute("SELECT last_insert_rowid()").fetchone()[0])


def history_rows(conn: sqlite3.Connection) -> Iterator[tuple[int, str, int | None, dict[str, Any]]]:
    """(id, command, doc id, payload) of every history row, oldest first."""
    for history_id, name, doc_id, payload in conn.execute("SELECT id, command, doc_id, payload FROM history ORDER BY id"):
        yield history_id, name, doc_id, orjson.loads(payload)


# -- what operations read --------------------------------------------------------------------
def document_text(store: Store, doc_id: int) -> str | None:
    """A document's text; None if it no longer exists."""
    row = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return None if row is None else str(row[0])


def document_state(store: Store, doc_id: int) -> dict[str, Any] | None:
    """A document's status, annotator and updated_at; None if it no longer exists."""
    row = store.conn.execute("SELECT status, annotator, updated_at FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return None if row is None else dict(zip(DOCUMENT_COLUMNS, row))


def suggested_fillers(store: Store, event_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The suggested spans filling roles of these events: id -> status, annotator and updated_at."""
    marks = ", ".join("?" * len(event_ids))
    return {r[0]: dict(zip(("status", "annotator", "updated_at"), r[1:])) for r in store.conn.execute(
        "SELECT DISTINCT s.id, s.status, s.annotator, s.updated_at FROM spans s JOIN arguments a ON a.span_id = s.id"
        f" WHERE a.event_id IN ({marks}) AND s.status = 'suggested' ORDER BY s.id", event_ids)}


def span_over(store: Store, doc_id: int, start: int, end: int, label: str) -> dict[str, Any] | None:
    """The span a new ``label`` span over start:end would duplicate: same range and label, or a suggestion.

    (id, status, label) as a dict; the same label first.
    """
    row = store.conn.execute(
        'SELECT id, status, label FROM spans WHERE doc_id = ? AND start = ? AND "end" = ?'
        " AND (label = ? OR status = 'suggested') ORDER BY label = ? DESC, id LIMIT 1",
        (doc_id, start, end, label, label),
    ).fetchone()
    return None if row is None else dict(zip(("id", "status", "label"), row))


def suggested_ids(store: Store, table: str, doc_id: int) -> list[int]:
    """Ids of a document's suggested spans or events (``table``), in id order."""
    assert table in ("spans", "events")
    return [r[0] for r in store.conn.execute(
        f"SELECT id FROM {table} WHERE doc_id = ? AND status = 'suggested' ORDER BY id", (doc_id,))]


def argument_row(store: Store, argument_id: int) -> dict[str, Any] | None:
    """One ``arguments`` row; None if that role is empty."""
    rows = list(store.db.query("SELECT * FROM arguments WHERE id = ?", [argument_id]))
    return rows[0] if rows else None


# -- what teaching reads -----------------------------------------------------------------------
def span_places(store: Store, span_ids: list[int]) -> dict[int, tuple[int, int, int, str, str]]:
    """(doc_id, start, end, label, status) of spans, by id."""
    found: dict[int, tuple[int, int, int, str, str]] = {}
    for chunk in range(0, len(span_ids), 500):
        part = span_ids[chunk:chunk + 500]
        for row in store.conn.execute(
            f'SELECT id, doc_id, start, "end", label, status FROM spans WHERE id IN ({", ".join("?" * len(part))})',
            part,
        ):
            found[row[0]] = row[1:]
    return found


def unreviewed_with(store: Store, phrase: str, unreviewed: str) -> list[int]:
    """Ids of the documents matching the SQL condition ``unreviewed`` whose text holds ``phrase``."""
    return [r[0] for r in store.conn.execute(
        f"SELECT id FROM documents WHERE {unreviewed} AND instr(text, ?) > 0 ORDER BY id", (phrase,))]


def set_suggested_id(store: Store, span_id: int, kb_id: str, kb_score: float) -> None:
    """Give a suggestion a knowledge-base id, leaving its ``updated_at``: it stays untouched."""
    store.conn.execute("UPDATE spans SET kb_id = ?, kb_score = ? WHERE id = ?", (kb_id, kb_score, span_id))


def span_rows(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """Every ``spans`` row of a document, in id order."""
    return list(store.db.query("SELECT * FROM spans WHERE doc_id = ? ORDER BY id", [doc_id]))


def still_taught(store: Store, phrase: str, label: str, status: str) -> bool:
    """True when some span of the project (status, label, exact text) still says ``phrase`` is (not) ``label``."""
    return store.conn.execute(
        "SELECT 1 FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.label = ? AND s.status = ?"
        ' AND s."end" - s.start = ? AND substr(d.text, s.start + 1, s."end" - s.start) = ? LIMIT 1',
        (label, status, len(phrase), phrase),
    ).fetchone() is not None
