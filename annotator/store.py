"""The SQLite project file: open/create, migrations, one transaction per action.

One file per project, WAL journal, ``PRAGMA user_version`` for the schema version.
Every write goes through :meth:`Store.transaction` (``BEGIN IMMEDIATE``), so an action is
stored whole or not at all and a second writer waits instead of failing half-way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson
import sqlite_utils

from annotator.documents import DOC_STATUSES, Document, Span, text_hashes
from annotator.schema import Schema, default_schema

SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"


class ProjectError(RuntimeError):
    """The project file cannot be used; the message says why and what to do."""


def now() -> str:
    """The current UTC time as an ISO 8601 string (what every timestamp column holds)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


_V1 = f"""
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    input_hash INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{{}}',
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ({_quoted(DOC_STATUSES)})),
    annotator TEXT,
    preannotated_with TEXT,
    preannotated_at TEXT,
    imported_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_status ON documents(status);
CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" > start),
    label TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('model', 'rule', 'memory', 'human', 'import')),
    status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
    score REAL,
    annotator TEXT,
    model TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX spans_doc ON spans(doc_id, start, "end");
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    annotator TEXT,
    doc_id INTEGER,
    command TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{{}}'
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Migration N takes a project from user_version N-1 to N. Append, never edit.
MIGRATIONS: dict[int, str] = {1: _V1}

SPAN_COLUMNS = (
    "id", "doc_id", "start", "end", "label", "origin", "status", "score",
    "annotator", "model", "created_at", "updated_at",
)


@dataclass(frozen=True, slots=True)
class DocSummary:
    """What the document list shows: no text, so listing stays cheap."""

    id: int
    title: str
    status: str
    n_spans: int
    n_suggested: int


@dataclass(frozen=True, slots=True)
class AddResult:
    """Outcome of storing one imported document."""

    doc_id: int
    added: bool  # False: an identical text was already in the project


def span_from_row(row: dict[str, Any]) -> Span:
    """Build a Span from a ``spans`` row."""
    return Span(
        start=row["start"], end=row["end"], label=row["label"], origin=row["origin"],
        status=row["status"], score=row["score"], id=row["id"], doc_id=row["doc_id"],
        annotator=row["annotator"], model=row["model"],
    )


class Store:
    """A project file. Use :func:`open_project`; one Store per thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._schema: Schema | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run the block as one ``BEGIN IMMEDIATE`` transaction; roll back on any error."""
        if self.conn.in_transaction:
            yield self  # already inside one: the outer block commits
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- settings and schema -------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return a JSON setting stored in the project."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else orjson.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON setting in the project."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, orjson.dumps(value).decode()),
            )

    @property
    def schema(self) -> Schema:
        """The project's label schema (a copy of the default unless replaced)."""
        if self._schema is None:
            data = self.get_setting("schema")
            self._schema = default_schema() if data is None else Schema.from_dict(data, source=f"{self.path} schema")
        return self._schema

    def set_schema(self, schema: Schema) -> None:
        """Replace the project's label schema."""
        self.set_setting("schema", schema.to_dict())
        self._schema = schema

    # -- documents ---------------------------------------------------------------------------
    def add_document(self, doc: Document) -> AddResult:
        """Store one document unless its text is already present. Call inside a transaction."""
        digest, short_hash = text_hashes(doc.text)
        row = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (digest,)).fetchone()
        if row is not None:
            return AddResult(row[0], False)
        stamp = now()
        cursor = self.conn.execute(
            "INSERT INTO documents(content_hash, input_hash, title, text, meta, status, imported_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'new', ?, ?)",
            (digest, short_hash, doc.title, doc.text, orjson.dumps(doc.meta).decode(), stamp, stamp),
        )
        doc_id = int(cursor.lastrowid or 0)
        if doc.spans:
            self.insert_spans(doc_id, doc.spans)
        return AddResult(doc_id, True)

    def document_ids(self, *, status: str | None = None) -> list[int]:
        """Ids of the project's documents in list order, optionally of one status."""
        if status is None:
            rows = self.conn.execute("SELECT id FROM documents ORDER BY id")
        else:
            rows = self.conn.execute("SELECT id FROM documents WHERE status = ? ORDER BY id", (status,))
        return [r[0] for r in rows]

    def summaries(self) -> list[DocSummary]:
        """Every document's id, title, status and span counts, in list order."""
        sql = """
            SELECT d.id, d.title, d.status,
                   COUNT(s.id) FILTER (WHERE s.status != 'rejected'),
                   COUNT(s.id) FILTER (WHERE s.status = 'suggested')
            FROM documents d LEFT JOIN spans s ON s.doc_id = d.id
            GROUP BY d.id ORDER BY d.id
        """
        return [DocSummary(*row) for row in self.conn.execute(sql)]

    def summary(self, doc_id: int) -> DocSummary:
        """One document's list entry."""
        row = self.conn.execute(
            """SELECT d.id, d.title, d.status,
                      COUNT(s.id) FILTER (WHERE s.status != 'rejected'),
                      COUNT(s.id) FILTER (WHERE s.status = 'suggested')
               FROM documents d LEFT JOIN spans s ON s.doc_id = d.id WHERE d.id = ? GROUP BY d.id""",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return DocSummary(*row)

    def document(self, doc_id: int) -> Document:
        """Load a document with all its spans."""
        row = self.conn.execute(
            "SELECT id, title, text, meta, status FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no document with id {doc_id}")
        return Document(
            text=row[2], title=row[1], meta=orjson.loads(row[3]), status=row[4], id=row[0],
            spans=self.spans(doc_id),
        )

    def document_row(self, doc_id: int) -> dict[str, Any]:
        """The raw ``documents`` row (for commands and exports)."""
        rows = list(self.db.query("SELECT * FROM documents WHERE id = ?", [doc_id]))
        if not rows:
            raise KeyError(f"no document with id {doc_id}")
        return rows[0]

    def update_document(self, doc_id: int, **values: Any) -> None:
        """Set columns of a document and its ``updated_at`` (now, unless given: undo restores it)."""
        values.setdefault("updated_at", now())
        assignments = ", ".join(f'"{k}" = ?' for k in values)
        self.conn.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*values.values(), doc_id))

    def iter_documents(self, *, status: str | None = None, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Stream ``documents`` rows in id order without holding them all in memory."""
        last = 0
        while True:
            where = "id > ?" + (" AND status = ?" if status else "")
            params: list[Any] = [last] + ([status] if status else [])
            rows = list(self.db.query(f"SELECT * FROM documents WHERE {where} ORDER BY id LIMIT {batch}", params))
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    # -- spans -------------------------------------------------------------------------------
    def spans(self, doc_id: int) -> list[Span]:
        """A document's spans ordered by start, longest first."""
        rows = self.db.query(
            'SELECT * FROM spans WHERE doc_id = ? ORDER BY start, "end" DESC, id', [doc_id]
        )
        return [span_from_row(r) for r in rows]

    def span_row(self, span_id: int) -> dict[str, Any]:
        """The raw ``spans`` row."""
        rows = list(self.db.query("SELECT * FROM spans WHERE id = ?", [span_id]))
        if not rows:
            raise KeyError(f"no span with id {span_id}")
        return rows[0]

    def insert_spans(self, doc_id: int, spans: Iterable[Span]) -> list[int]:
        """Insert spans for a document; returns their ids. Call inside a transaction."""
        stamp = now()
        ids = []
        for s in spans:
            cursor = self.conn.execute(
                'INSERT INTO spans(id, doc_id, start, "end", label, origin, status, score, annotator, model,'
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.id, doc_id, s.start, s.end, s.label, s.origin, s.status, s.score, s.annotator, s.model,
                 stamp, stamp),
            )
            ids.append(int(cursor.lastrowid or 0))
        return ids

    def insert_span_row(self, row: dict[str, Any]) -> None:
        """Re-insert a span row exactly as it was (undo of a delete)."""
        self.db.table("spans").insert(row)

    def update_span(self, span_id: int, **values: Any) -> None:
        """Set columns of a span and its ``updated_at``."""
        values.setdefault("updated_at", now())
        assignments = ", ".join(f'"{k}" = ?' for k in values)
        self.conn.execute(f"UPDATE spans SET {assignments} WHERE id = ?", (*values.values(), span_id))

    def delete_span(self, span_id: int) -> None:
        """Remove a span row."""
        self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))

    # -- pre-annotation ----------------------------------------------------------------------
    def pending_preannotation(self, *, batch: int = 500) -> Iterator[tuple[int, str]]:
        """Stream (id, text) of documents never pre-annotated, in id order."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT id, text FROM documents WHERE preannotated_at IS NULL AND id > ? ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def count_pending_preannotation(self) -> int:
        """How many documents have never been pre-annotated."""
        return self.conn.execute("SELECT COUNT(*) FROM documents WHERE preannotated_at IS NULL").fetchone()[0]

    def store_suggestions(self, results: Iterable[tuple[int, list[Span]]], *, model: str) -> int:
        """Store suggestions for several documents in one transaction; returns spans stored.

        A document already pre-annotated (by a concurrent run) is left as it is.
        """
        stamp = now()
        rows = []
        done: list[tuple[str, str, str, int]] = []
        with self.transaction():
            for doc_id, spans in results:
                pending = self.conn.execute(
                    "SELECT 1 FROM documents WHERE id = ? AND preannotated_at IS NULL", (doc_id,)
                ).fetchone()
                if pending is None:
                    continue
                rows.extend(
                    (doc_id, s.start, s.end, s.label, s.origin, "suggested", s.score, model, stamp, stamp)
                    for s in spans
                )
                done.append((model, stamp, stamp, doc_id))
            self.conn.executemany(
                'INSERT INTO spans(doc_id, start, "end", label, origin, status, score, model, created_at, updated_at)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self.conn.executemany(
                "UPDATE documents SET preannotated_with = ?, preannotated_at = ?, updated_at = ? WHERE id = ?", done
            )
        return len(rows)

    # -- history and statistics --------------------------------------------------------------
    def log(self, command: str, *, doc_id: int | None, annotator: str | None, payload: dict[str, Any]) -> None:
        """Append a row to the history table (inside the action's transaction)."""
        self.conn.execute(
            "INSERT INTO history(at, annotator, doc_id, command, payload) VALUES (?, ?, ?, ?, ?)",
            (now(), annotator, doc_id, command, orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS).decode()),
        )

    def stats(self) -> dict[str, Any]:
        """Documents by status and spans by label and status."""
        docs = dict.fromkeys(DOC_STATUSES, 0)
        for status, n in self.conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"):
            docs[status] = n
        spans: dict[str, dict[str, int]] = {}
        for label, status, n in self.conn.execute(
            "SELECT label, status, COUNT(*) FROM spans GROUP BY label, status ORDER BY label"
        ):
            spans.setdefault(label, {"suggested": 0, "accepted": 0, "rejected": 0})[status] = n
        return {"documents": docs, "spans": spans}


def _check_sqlite_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != _SQLITE_MAGIC:
        raise ProjectError(f"{path} is not an Annotator project (not a SQLite database). Choose another file.")


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's project version; ProjectError (before anything is written) if it is not ours."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path} was written by a newer Annotator (project version {version}, this one reads up to "
            f"{SCHEMA_VERSION}). Upgrade Annotator to open it."
        )
    if version == 0:
        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise ProjectError(f"{path} is a SQLite database but not an Annotator project. Choose another file.")
    return version


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    if version == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # statement by statement: executescript() would commit half-way
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def open_project(path: str | Path, *, create: bool = True, on_create: Callable[[Store], None] | None = None) -> Store:
    """Open (or create) a project file, migrating it to the current version.

    Raises ProjectError with a message for the user when the file cannot be used.
    """
    path = Path(path)
    if not path.exists() and not create:
        raise ProjectError(f"{path}: no such project. Create one with `annotator import {path} FILES...`.")
    if path.is_dir():
        raise ProjectError(f"{path} is a folder; give the path of a project file such as project.db.")
    _check_sqlite_file(path)
    is_new = not path.exists() or path.stat().st_size == 0
    try:
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError(f"{path}: cannot open ({exc}).") from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = _check_version(conn, path)  # refuse foreign files before WAL rewrites their header
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ProjectError(f"{path} is damaged or not a SQLite database ({exc}).") from exc
    except BaseException:
        conn.close()
        raise
    store = Store(path, conn)
    if store.get_setting("schema") is None:
        store.set_schema(default_schema())
        if on_create is not None:
            on_create(store)
    return store
