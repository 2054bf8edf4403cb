"""The SQLite project file: open/create, migrations, one transaction per action.

One file per project, WAL journal, ``PRAGMA user_version`` for the schema version.
Every write goes through :meth:`Store.transaction` (``BEGIN IMMEDIATE``), so an action is
stored whole or not at all and a second writer waits instead of failing half-way.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Union

import orjson

from annotator import history, token_store
from annotator.documents import DOC_STATUSES, SPAN_KINDS, Argument, Document, Event, Span, text_hashes
from annotator.schema import Schema, default_schema

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 8
_SQLITE_NOTADB = 26  # sqlite3.SQLITE_NOTADB from Python 3.11 on
_MIN_DATABASE_BYTES = 512  # SQLite's smallest page: a shorter file holds no database


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

_V2 = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    trigger_start INTEGER NOT NULL CHECK (trigger_start >= 0),
    trigger_end INTEGER NOT NULL CHECK (trigger_end > trigger_start),
    modality TEXT NOT NULL DEFAULT 'asserted' CHECK (modality IN ('asserted', 'planned', 'hypothetical')),
    polarity TEXT NOT NULL DEFAULT 'positive' CHECK (polarity IN ('positive', 'negative')),
    origin TEXT NOT NULL CHECK (origin IN ('model', 'rule', 'memory', 'human', 'import')),
    status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
    score REAL,
    annotator TEXT,
    model TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id, trigger_start);
CREATE TABLE arguments (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    score REAL,
    origin TEXT NOT NULL CHECK (origin IN ('model', 'rule', 'memory', 'human', 'import')),
    created_at TEXT NOT NULL
);
CREATE INDEX arguments_event ON arguments(event_id);
CREATE INDEX arguments_span ON arguments(span_id)
"""


def _add_event_schema(conn: sqlite3.Connection) -> None:
    """v2: a project's stored schema gains the default event types, roles and attributes."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'schema'").fetchone()
    if row is None:
        return
    stored = orjson.loads(row[0])
    if "events" not in stored:
        defaults = default_schema().to_dict()
        present = {label["name"] for label in stored.get("labels", [])}

        def keep_known(role: dict[str, Any]) -> dict[str, Any]:
            # A custom schema may lack some default labels: a role then takes those it has.
            return {**role, "labels": [label for label in role["labels"] if label in present]}

        stored["events"] = [{**e, "roles": [keep_known(r) for r in e["roles"]]} for e in defaults["events"]]
        stored["common_roles"] = [keep_known(r) for r in defaults["common_roles"]]
        stored["attributes"] = defaults["attributes"]
        conn.execute("UPDATE settings SET value = ? WHERE key = 'schema'", (orjson.dumps(stored).decode(),))


# v3: full-text search over titles and texts (FTS5, kept in step by triggers). Statements are
# listed one by one because trigger bodies hold semicolons.
_V3 = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN"
    " INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);"
    " INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
)

# v4: what analysts' corrections teach (annotator.memory): phrase -> label ("is") and phrase ✗ label
# ("not"), one row per (phrase, label, kind) with how often it was taught, by whom and when.
_V4 = """
CREATE TABLE memory (
    id INTEGER PRIMARY KEY,
    phrase TEXT NOT NULL CHECK (length(phrase) > 0),
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('is', 'not')),
    count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    source TEXT NOT NULL CHECK (source IN ('relabel', 'add', 'reject')),
    first_by TEXT,
    first_at TEXT NOT NULL,
    last_by TEXT,
    last_at TEXT NOT NULL,
    UNIQUE (phrase, label, kind)
)
"""

# Migration N takes a project from user_version N-1 to N: SQL, then an optional Python step.
# Append, never edit.
# v5: counting one document's spans by status through an index (the list row after each action).
_V5 = "CREATE INDEX spans_doc_status ON spans(doc_id, status)"

# v6: active time spent on each document (seconds), so the speed-up from pre-annotation shows.
_V6 = "ALTER TABLE documents ADD COLUMN seconds_spent REAL NOT NULL DEFAULT 0"

# v7: a span is a name (what NER labels mean) or a nominal mention ("the Ukrainian military").
_V7 = f"ALTER TABLE spans ADD COLUMN kind TEXT NOT NULL DEFAULT 'name' CHECK (kind IN ({_quoted(SPAN_KINDS)}))"

# v8: each document's token boundaries, packed (annotator.token_store), so exports need not re-tokenise.
_V8 = ("CREATE TABLE tokens (doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
       " packed BLOB NOT NULL)")

MIGRATIONS: dict[int, str | tuple[str, ...]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6, 7: _V7, 8: _V8}
MIGRATION_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _add_event_schema}

SPAN_COLUMNS = (
    "id", "doc_id", "start", "end", "label", "origin", "status", "score",
    "annotator", "model", "created_at", "updated_at", "kind",
)


@dataclass(frozen=True, slots=True)
class DocSummary:
    """What the document list shows: no text, so listing stays cheap."""

    id: int
    title: str
    status: str
    n_spans: int
    n_suggested: int


# One document's pre-annotation: (doc_id, spans) or (doc_id, spans, events whose argument
# span_id values index into spans).
Suggestions = Union[tuple[int, Sequence[Span]], tuple[int, Sequence[Span], Sequence[Event]]]


class StoredSuggestions(NamedTuple):
    """How many suggested spans, events and arguments :meth:`Store.store_suggestions` wrote."""

    spans: int
    events: int
    arguments: int


_FTS_INSERT_TRIGGER = "documents_fts_insert"  # dropped and put back by Store.pause_search_index


class SearchIndexPause(NamedTuple):
    """What :meth:`Store.resume_search_index` needs: the last id before the pause, the trigger's SQL."""

    last_id: int
    trigger_sql: str | None  # None: there was no trigger to drop (nothing to resume)


@dataclass(frozen=True, slots=True)
class AddResult:
    """Outcome of storing one imported document."""

    doc_id: int
    added: bool  # False: an identical text was already in the project


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Outcome of :meth:`Store.import_document`."""

    doc_id: int
    # "added": a new document; "merged": its annotations went into the unreviewed document
    # with the same text; "present": that document was reviewed already, nothing changed.
    outcome: Literal["added", "merged", "present"]


def fts_query(text: str) -> str:
    """A user's search words as a safe FTS5 query: each word quoted, the last one also as a prefix."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def event_from_row(row: dict[str, Any], arguments: tuple[Argument, ...] = ()) -> Event:
    """Build an Event from an ``events`` row and its arguments."""
    return Event(
        type=row["type"], trigger_start=row["trigger_start"], trigger_end=row["trigger_end"],
        modality=row["modality"], polarity=row["polarity"], origin=row["origin"], status=row["status"],
        score=row["score"], id=row["id"], doc_id=row["doc_id"], annotator=row["annotator"], model=row["model"],
        arguments=arguments,
    )


def span_from_row(row: dict[str, Any]) -> Span:
    """Build a Span from a ``spans`` row."""
    return Span(
        start=row["start"], end=row["end"], label=row["label"], origin=row["origin"],
        status=row["status"], score=row["score"], id=row["id"], doc_id=row["doc_id"],
        annotator=row["annotator"], model=row["model"], kind=row["kind"],
    )


class Store:
    """A project file. Use :func:`open_project`; one Store per thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        history.install_capture(conn)  # every action's changed rows go into its history entry
        self._schema: Schema | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection, made on first use: importing it (and numpy with it)
        costs commands that never need it, such as ``annotator stats``, 0.2 s of start-up."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

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

    def replace_schema(self, schema: Schema) -> None:
        """Use another label schema, refusing one that lacks a label, event type or role in use."""
        from annotator.schema import SchemaError

        problems = []
        labels = {r[0] for r in self.conn.execute("SELECT DISTINCT label FROM spans")}
        missing = sorted(labels - set(schema.names))
        if missing:
            problems.append(f"labels used by spans are missing: {', '.join(missing)}")
        types = {r[0] for r in self.conn.execute("SELECT DISTINCT type FROM events")}
        missing = sorted(t for t in types if schema.event(t) is None)
        if missing:
            problems.append(f"event types in use are missing: {', '.join(missing)}")
        for kind, role in self.conn.execute(
            "SELECT DISTINCT e.type, a.role FROM arguments a JOIN events e ON e.id = a.event_id"
        ):
            if schema.event(kind) is not None and schema.role(kind, role) is None:
                problems.append(f"role {role} of {kind} is in use but missing")
        if problems:
            raise SchemaError("This schema does not fit the project: " + "; ".join(problems)
                              + ". Add them to the schema file, or relabel those spans first.")
        self.set_schema(schema)

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

    def pause_search_index(self) -> SearchIndexPause:
        """Stop indexing added documents one by one, until :meth:`resume_search_index`.

        For bulk imports, inside one transaction: the row-by-row insert trigger costs about twice
        what indexing the same rows in one statement does, and FTS5 writes out what it holds at
        every savepoint (bench/run.py scale_import: 2,000 articles in 0.5 s instead of 1.6 s). The
        trigger is dropped here and put back, from its own SQL, by :meth:`resume_search_index` in
        the same transaction, so a commit leaves the schema as it was and a rollback restores it
        anyway. Only inserts are deferred: updates and deletes still reach the index at once, so
        do not change the title or text of, or delete, a document added during the pause.
        """
        assert self.conn.in_transaction, "pause_search_index belongs inside a transaction"
        last_id = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0])
        row = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_FTS_INSERT_TRIGGER,)).fetchone()
        if row is not None:
            self.conn.execute(f"DROP TRIGGER {_FTS_INSERT_TRIGGER}")
        return SearchIndexPause(last_id, row[0] if row is not None else None)

    def resume_search_index(self, pause: SearchIndexPause) -> None:
        """Index the documents added since ``pause`` in one statement and put the trigger back."""
        if pause.trigger_sql is None or not self.conn.in_transaction:  # nothing paused, or rolled back
            return
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                             (_FTS_INSERT_TRIGGER,)).fetchone():  # rolled back to before the pause
            return
        # The rows above last_id are exactly this transaction's: it holds the write lock.
        self.conn.execute("INSERT INTO documents_fts(rowid, title, text)"
                          " SELECT id, title, text FROM documents WHERE id > ? ORDER BY id", (pause.last_id,))
        self.conn.execute(pause.trigger_sql)

    def import_document(self, doc: Document, *, annotator: str | None = None) -> ImportResult:
        """Store an imported document with its spans and events, all or nothing (a savepoint).

        ``doc.status`` and each span's and event's status and origin are stored as given; an
        argument's ``span_id`` indexes ``doc.spans``. A text already in the project gets the
        spans and events only while nobody has reviewed it (:meth:`reviewed`), else nothing
        changes. A document that arrives with accepted or suggested annotations counts as
        pre-annotated ("import"), so pre-annotation leaves it alone. Call inside a transaction.
        """
        digest, short_hash = text_hashes(doc.text)
        stamp = now()
        outcome: Literal["added", "merged", "present"]
        self.conn.execute("SAVEPOINT import_document")
        try:
            row = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (digest,)).fetchone()
            if row is None:
                cursor = self.conn.execute(
                    "INSERT INTO documents(content_hash, input_hash, title, text, meta, status, annotator,"
                    " imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (digest, short_hash, doc.title, doc.text, orjson.dumps(doc.meta).decode(), doc.status,
                     annotator, stamp, stamp),
                )
                doc_id, outcome = int(cursor.lastrowid or 0), "added"
            elif self.reviewed(row[0]):
                doc_id, outcome = row[0], "present"
            else:
                doc_id, outcome = row[0], "merged"
                self.update_document(doc_id, status=doc.status, annotator=annotator, updated_at=stamp)
            if outcome != "present":
                span_ids = self._insert_imported_spans(doc_id, doc.spans)
                for event in doc.events:
                    arguments = tuple(replace(a, span_id=span_ids[a.span_id]) for a in event.arguments)
                    self.insert_event(doc_id, replace(event, arguments=arguments))
                if any(s.status != "rejected" for s in doc.spans) or any(e.status != "rejected" for e in doc.events):
                    self.conn.execute(
                        "UPDATE documents SET preannotated_with = 'import', preannotated_at = ?"
                        " WHERE id = ? AND preannotated_at IS NULL", (stamp, doc_id))
                    token_store.write_missing(self.conn, [doc_id])  # what an export reads instead of re-tokenising
        except BaseException:
            self.conn.execute("ROLLBACK TO import_document")
            self.conn.execute("RELEASE import_document")
            raise
        self.conn.execute("RELEASE import_document")
        return ImportResult(doc_id, outcome)

    def _insert_imported_spans(self, doc_id: int, spans: list[Span]) -> list[int]:
        """Insert imported spans once each; returns the id each of ``spans`` ended up as.

        A span given twice (same characters and label) is stored once. A machine suggestion on
        the same characters as an imported span (a pre-annotated, unreviewed document) gives way
        to it: its event roles move to the imported span and the suggestion goes.
        """
        first: dict[tuple[int, int, str], int] = {}
        unique: list[Span] = []
        for s in spans:
            key = (s.start, s.end, s.label)
            if key not in first:
                first[key] = len(unique)
                unique.append(s)
        ids = self.insert_spans(doc_id, unique)
        by_range = {(s.start, s.end): span_id for s, span_id in zip(unique, ids)}
        for old_id, start, end in self.conn.execute(
            'SELECT id, start, "end" FROM spans WHERE doc_id = ? AND status = \'suggested\''
            " AND origin NOT IN ('human', 'import')", (doc_id,)).fetchall():
            if (start, end) in by_range:
                self.conn.execute("UPDATE arguments SET span_id = ? WHERE span_id = ?", (by_range[(start, end)], old_id))
                self.conn.execute("DELETE FROM spans WHERE id = ?", (old_id,))
        return [ids[first[(s.start, s.end, s.label)]] for s in spans]

    def reviewed(self, doc_id: int) -> bool:
        """True when a person has worked on the document's labels: a span or event accepted or
        rejected, or made by hand or imported (what an import must not overwrite)."""
        return any(
            self.conn.execute(
                f"SELECT 1 FROM {table} WHERE doc_id = ? AND (status != 'suggested' OR origin IN ('human', 'import'))"
                " LIMIT 1", (doc_id,)).fetchone()
            for table in ("spans", "events")
        )

    def document_ids(self, *, status: str | None = None) -> list[int]:
        """Ids of the project's documents in list order, optionally of one status."""
        if status is None:
            rows = self.conn.execute("SELECT id FROM documents ORDER BY id")
        else:
            rows = self.conn.execute("SELECT id FROM documents WHERE status = ? ORDER BY id", (status,))
        return [r[0] for r in rows]

    @staticmethod
    def _document_filter(status: str | None, label: str | None, search: str | None) -> tuple[str, list[Any]]:
        """The WHERE clause (over ``documents d``) and parameters of the document list's filters."""
        where, params = [], []
        if status:
            where.append("d.status = ?")
            params.append(status)
        if label:
            where.append("EXISTS (SELECT 1 FROM spans x WHERE x.doc_id = d.id AND x.label = ? AND x.status != 'rejected')")
            params.append(label)
        if search and search.strip():
            where.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(fts_query(search))
        return ("WHERE " + " AND ".join(where) if where else ""), params

    def matching_ids(self, *, status: str | None = None, label: str | None = None,
                     search: str | None = None) -> array[int]:
        """Ids of the documents passing the list's filters, in list order (see :meth:`summaries`).

        An ``array`` of 8-byte ints: 800 KB for 100,000 documents, where their summaries would
        take tens of MB. No ORDER BY in SQL: unsorted, SQLite reads the ids from the small status
        index instead of scanning the table with its texts (7x slower at 10,000 articles).
        """
        where, params = self._document_filter(status, label, search)
        rows = self.conn.execute(f"SELECT d.id FROM documents d {where}", params)
        ids = array("q", (r[0] for r in rows))
        return array("q", sorted(ids))

    def ids_with_status(self, statuses: Sequence[str]) -> array[int]:
        """Ids of the documents with one of ``statuses``, sorted (read from the status index).

        What "the next document to work on" needs without reading the list's pages: nothing to
        read at all when every document is done.
        """
        marks = ", ".join("?" * len(statuses))
        rows = self.conn.execute(f"SELECT id FROM documents WHERE status IN ({marks})", list(statuses))
        return array("q", sorted(r[0] for r in rows))

    def summaries_of(self, doc_ids: Sequence[int]) -> list[DocSummary]:
        """The list entries of some documents (a page of the list), in the order of ``doc_ids``."""
        if not doc_ids:
            return []
        marks = ", ".join("?" * len(doc_ids))
        found = {
            row[0]: DocSummary(*row)
            for row in self.conn.execute(
                f"""SELECT d.id, d.title, d.status,
                           (SELECT COUNT(*) FROM spans WHERE doc_id = d.id AND status != 'rejected'),
                           (SELECT COUNT(*) FROM spans WHERE doc_id = d.id AND status = 'suggested')
                    FROM documents d WHERE d.id IN ({marks})""",
                list(doc_ids),
            )
        }
        return [found[i] for i in doc_ids if i in found]

    def summaries(self, *, status: str | None = None, label: str | None = None,
                  search: str | None = None) -> list[DocSummary]:
        """Documents' ids, titles, statuses and span counts in list order, optionally filtered.

        ``label`` keeps documents with a (not rejected) span of that label; ``search`` is
        full-text search over titles and texts (FTS5; every word must occur, a trailing word
        also matches as a prefix). For a whole large project, page through
        :meth:`matching_ids` with :meth:`summaries_of` instead.
        """
        ids = self.matching_ids(status=status, label=label, search=search)
        return [s for at in range(0, len(ids), 500) for s in self.summaries_of(ids[at : at + 500])]

    def summary(self, doc_id: int) -> DocSummary:
        """One document's list entry."""
        found = self.summaries_of([doc_id])
        if not found:
            raise KeyError(doc_id)
        return found[0]

    def document(self, doc_id: int) -> Document:
        """Load a document with all its spans."""
        row = self.conn.execute(
            "SELECT id, title, text, meta, status FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no document with id {doc_id}")
        return Document(
            text=row[2], title=row[1], meta=orjson.loads(row[3]), status=row[4], id=row[0],
            spans=self.spans(doc_id), events=self.events(doc_id),
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

    def iter_documents(self, *, status: str | None = None, ids: Iterable[int] | None = None,
                       batch: int = 200) -> Iterator[dict[str, Any]]:
        """Stream ``documents`` rows in id order without holding them all in memory.

        With ``ids``, only those documents are read (a part of a split export). Read through the
        connection, not sqlite-utils: an export need not import it (0.14 s, numpy with it).
        """
        def query(sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
            cursor = self.conn.execute(sql, params)
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, row)) for row in cursor]

        if ids is not None:
            chosen = sorted(ids)
            for at in range(0, len(chosen), batch):
                part = chosen[at : at + batch]
                marks = ", ".join("?" * len(part))
                found = query(f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", part)
                yield from (row for row in found if status is None or row["status"] == status)
            return
        last = 0
        while True:
            where = "id > ?" + (" AND status = ?" if status else "")
            params: list[Any] = [last] + ([status] if status else [])
            rows = query(f"SELECT * FROM documents WHERE {where} ORDER BY id LIMIT {batch}", params)
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    # -- spans -------------------------------------------------------------------------------
    def spans(self, doc_id: int) -> list[Span]:
        """A document's spans ordered by start, longest first."""
        # Plain tuples straight into Span: this runs on every document open, with up to 50,000 rows.
        rows = self.conn.execute(
            'SELECT start, "end", label, origin, status, score, id, doc_id, annotator, model, kind FROM spans'
            ' WHERE doc_id = ? ORDER BY start, "end" DESC, id',
            (doc_id,),
        )
        return [Span(*row) for row in rows]

    def spans_by_ids(self, span_ids: list[int]) -> list[Span]:
        """Some spans, by id (those that still exist)."""
        if not span_ids:
            return []
        marks = ", ".join("?" * len(span_ids))
        return [span_from_row(r) for r in self.db.query(f"SELECT * FROM spans WHERE id IN ({marks})", span_ids)]

    def add_time(self, doc_id: int, seconds: float) -> None:
        """Add active working time to a document (not an undoable action: time spent stays spent)."""
        if seconds > 0:
            with self.transaction():
                self.conn.execute("UPDATE documents SET seconds_spent = seconds_spent + ? WHERE id = ?",
                                  (seconds, doc_id))

    def document_counts(self) -> dict[str, int]:
        """Documents by status (cheap: the status index), for the status bar."""
        counts = dict.fromkeys(DOC_STATUSES, 0)
        for status, n in self.conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"):
            counts[status] = n
        return counts

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
                " created_at, updated_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.id, doc_id, s.start, s.end, s.label, s.origin, s.status, s.score, s.annotator, s.model,
                 stamp, stamp, s.kind),
            )
            ids.append(int(cursor.lastrowid or 0))
        return ids

    def insert_span_row(self, row: dict[str, Any]) -> None:
        """Re-insert a span row exactly as it was (undo of a delete)."""
        self.db.table("spans").insert(row)

    def _update_row(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        values.setdefault("updated_at", now())
        assignments = ", ".join(f'"{k}" = ?' for k in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))

    def update_span(self, span_id: int, **values: Any) -> None:
        """Set columns of a span and its ``updated_at``."""
        self._update_row("spans", span_id, values)

    def delete_span(self, span_id: int) -> None:
        """Remove a span row."""
        self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))

    # -- events ------------------------------------------------------------------------------
    def events(self, doc_id: int) -> list[Event]:
        """A document's events with their arguments, ordered by trigger position."""
        arguments: dict[int, list[Argument]] = {}
        for row in self.conn.execute(
            "SELECT a.id, a.event_id, a.role, a.span_id, a.score, a.origin FROM arguments a"
            " JOIN events e ON e.id = a.event_id WHERE e.doc_id = ? ORDER BY a.id",
            (doc_id,),
        ):
            arguments.setdefault(row[1], []).append(
                Argument(role=row[2], span_id=row[3], score=row[4], origin=row[5], id=row[0], event_id=row[1])
            )
        return [
            event_from_row(row, tuple(arguments.get(row["id"], ())))
            for row in self.db.query(
                "SELECT * FROM events WHERE doc_id = ? ORDER BY trigger_start, trigger_end, id", [doc_id]
            )
        ]

    def event(self, event_id: int) -> Event:
        """One event with its arguments."""
        row = self.event_row(event_id)
        return next(e for e in self.events(row["doc_id"]) if e.id == event_id)

    def event_row(self, event_id: int) -> dict[str, Any]:
        """The raw ``events`` row."""
        rows = list(self.db.query("SELECT * FROM events WHERE id = ?", [event_id]))
        if not rows:
            raise KeyError(f"no event with id {event_id}")
        return rows[0]

    def insert_event(self, doc_id: int, event: Event) -> int:
        """Insert an event and its arguments; returns its id. Call inside a transaction."""
        stamp = now()
        cursor = self.conn.execute(
            "INSERT INTO events(id, doc_id, type, trigger_start, trigger_end, modality, polarity, origin, status,"
            " score, annotator, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.id, doc_id, event.type, event.trigger_start, event.trigger_end, event.modality, event.polarity,
             event.origin, event.status, event.score, event.annotator, event.model, stamp, stamp),
        )
        event_id = int(cursor.lastrowid or 0)
        for argument in event.arguments:
            self.insert_argument(event_id, argument)
        return event_id

    def insert_event_row(self, row: dict[str, Any]) -> None:
        """Re-insert an event row exactly as it was (undo of a delete)."""
        self.db.table("events").insert(row)

    def update_event(self, event_id: int, **values: Any) -> None:
        """Set columns of an event and its ``updated_at``."""
        self._update_row("events", event_id, values)

    def delete_event(self, event_id: int) -> None:
        """Remove an event (its arguments go with it)."""
        self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def insert_argument(self, event_id: int, argument: Argument) -> int:
        """Fill a role of an event with a span; returns the argument id."""
        cursor = self.conn.execute(
            "INSERT INTO arguments(id, event_id, role, span_id, score, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (argument.id, event_id, argument.role, argument.span_id, argument.score, argument.origin, now()),
        )
        return int(cursor.lastrowid or 0)

    def argument_rows(self, *, event_id: int | None = None, span_id: int | None = None) -> list[dict[str, Any]]:
        """Raw ``arguments`` rows of an event or of a span (to restore them on undo)."""
        column, value = ("event_id", event_id) if event_id is not None else ("span_id", span_id)
        return list(self.db.query(f"SELECT * FROM arguments WHERE {column} = ? ORDER BY id", [value]))

    def insert_argument_rows(self, rows: list[dict[str, Any]]) -> None:
        """Re-insert argument rows exactly as they were."""
        if rows:
            self.db.table("arguments").insert_all(rows)

    def delete_argument(self, argument_id: int) -> None:
        """Empty one role slot."""
        self.conn.execute("DELETE FROM arguments WHERE id = ?", (argument_id,))

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

    def store_suggestions(self, results: Iterable[Suggestions], *, model: str) -> StoredSuggestions:
        """Store suggestions for several documents in one transaction; returns what was stored.

        Each result is ``(doc_id, spans)`` or ``(doc_id, spans, events)``; an event's
        ``Argument.span_id`` is an index into that document's ``spans``. Spans go in first, the
        indices become the new span ids, then the events and their arguments follow, all with
        status 'suggested' and ``model`` recorded. A document already pre-annotated (by a
        concurrent run) is left as it is.
        """
        stamp = now()
        span_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        argument_rows: list[tuple[Any, ...]] = []
        done: list[tuple[str, str, str, int]] = []
        with self.transaction():
            # Explicit ids (we hold the write lock) let arguments point at spans inserted in bulk.
            next_span = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM spans").fetchone()[0] + 1
            next_event = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0] + 1
            for result in results:
                doc_id, spans = result[0], result[1]
                events: Sequence[Event] = result[2] if len(result) > 2 else ()
                pending = self.conn.execute(
                    "SELECT 1 FROM documents WHERE id = ? AND preannotated_at IS NULL", (doc_id,)
                ).fetchone()
                if pending is None:
                    continue
                # What the analyst already labelled while the document waited (in the app, or
                # another process) wins: no second span on the same characters, no second event.
                held = {(start, end): span_id for span_id, start, end in self.conn.execute(
                    'SELECT id, start, "end" FROM spans WHERE doc_id = ?', (doc_id,))}
                held_events = set(self.conn.execute(
                    "SELECT type, trigger_start, trigger_end FROM events WHERE doc_id = ?", (doc_id,)))
                span_ids: list[int] = []
                for s in spans:
                    if (s.start, s.end) in held:
                        span_ids.append(held[(s.start, s.end)])
                        continue
                    span_rows.append((next_span, doc_id, s.start, s.end, s.label, s.origin, "suggested", s.score,
                                      model, stamp, stamp, s.kind))
                    span_ids.append(next_span)
                    next_span += 1
                for e in events:
                    if (e.type, e.trigger_start, e.trigger_end) in held_events:
                        continue
                    event_rows.append((next_event, doc_id, e.type, e.trigger_start, e.trigger_end, e.modality,
                                       e.polarity, e.origin, "suggested", e.score, model, stamp, stamp))
                    for a in e.arguments:
                        if not 0 <= a.span_id < len(spans):
                            raise ValueError(
                                f"document {doc_id}: event {e.type} argument {a.role} points at span index "
                                f"{a.span_id}, but the document has {len(spans)} suggested spans"
                            )
                        argument_rows.append((next_event, a.role, span_ids[a.span_id], a.score, a.origin, stamp))
                    next_event += 1
                done.append((model, stamp, stamp, doc_id))
            self.conn.executemany(
                'INSERT INTO spans(id, doc_id, start, "end", label, origin, status, score, model, created_at,'
                " updated_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                span_rows,
            )
            self.conn.executemany(
                "INSERT INTO events(id, doc_id, type, trigger_start, trigger_end, modality, polarity, origin, status,"
                " score, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event_rows,
            )
            self.conn.executemany(
                "INSERT INTO arguments(event_id, role, span_id, score, origin, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                argument_rows,
            )
            self.conn.executemany(
                "UPDATE documents SET preannotated_with = ?, preannotated_at = ?, updated_at = ? WHERE id = ?", done
            )
            token_store.write_missing(self.conn, [d[3] for d in done])  # what an export reads instead of re-tokenising
        return StoredSuggestions(len(span_rows), len(event_rows), len(argument_rows))

    # -- history and statistics --------------------------------------------------------------
    def log(self, command: str, *, doc_id: int | None, annotator: str | None, payload: dict[str, Any]) -> None:
        """Append a row to the history table (inside the action's transaction)."""
        self.conn.execute(
            "INSERT INTO history(at, annotator, doc_id, command, payload) VALUES (?, ?, ?, ?, ?)",
            (now(), annotator, doc_id, command, orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS).decode()),
        )

    def stats(self) -> dict[str, Any]:
        """Documents by status, spans by label and status, events by type and status."""
        docs = self.document_counts()
        spans: dict[str, dict[str, int]] = {}
        for label, status, n in self.conn.execute(
            "SELECT label, status, COUNT(*) FROM spans GROUP BY label, status ORDER BY label"
        ):
            spans.setdefault(label, {"suggested": 0, "accepted": 0, "rejected": 0})[status] = n
        events: dict[str, dict[str, int]] = {}
        for kind, status, n in self.conn.execute(
            "SELECT type, status, COUNT(*) FROM events GROUP BY type, status ORDER BY type"
        ):
            events.setdefault(kind, {"suggested": 0, "accepted": 0, "rejected": 0})[status] = n
        total, done_total, done_n = self.conn.execute(
            "SELECT COALESCE(SUM(seconds_spent), 0), COALESCE(SUM(seconds_spent) FILTER (WHERE status = 'done'), 0),"
            " COUNT(*) FILTER (WHERE status = 'done' AND seconds_spent > 0) FROM documents"
        ).fetchone()
        time = {"seconds_total": round(total, 1),
                "seconds_per_done_document": round(done_total / done_n, 1) if done_n else None}
        return {"documents": docs, "spans": spans, "events": events, "time": time}


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


def _check_pages(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged file (SQLite's quick_check: every page and record readable) before any write."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
    if problems != ["ok"]:
        raise ProjectError(_damaged(path, problems[0].replace("*** in database main ***", "")))


def _damaged(path: Path, detail: object) -> str:
    detail = " ".join(str(detail).split())  # SQLite's report may span lines: the message is one
    return (f"{path} is damaged or not a SQLite database ({detail}). It was left as it is: restore a copy "
            f"(such as {path.name}.vN.bak, if there is one), or recover what is readable with "
            f"`sqlite3 {path.name} .recover`.")


def _wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _read_only_uri(path: Path) -> str:
    """A read-only URI; ``immutable`` (no -wal/-shm created beside it) unless a writer's WAL or journal is there."""
    pending = _wal_path(path).exists() or _journal_path(path).exists()
    return path.resolve().as_uri() + ("?mode=ro" if pending else "?immutable=1")


def _not_a_project(path: Path, detail: object) -> str:
    return (f"{path} is not an Annotator project: it is damaged or not a SQLite database ({detail}). It was left "
            f"as it is. Choose another file; if it is a project, restore a copy (such as {path.name}.vN.bak, if "
            "there is one).")


def _inspect(path: Path) -> None:
    """Refuse a bad file before anything is written to it or created beside it: not SQLite at all,
    from a newer Annotator, or with damaged pages (the last two only when no WAL file is present:
    it must be replayed first). Nothing is checked beside a rollback journal: only a project killed
    while it was being created has one, and SQLite's read-write connection puts it back as it was.

    The file is read through SQLite alone, never with ``open()``: on POSIX, closing any descriptor
    of a file drops every lock the process holds on it, so a check made while another connection of
    this process is open (the window's, when a background job reopens the project) would let the
    next process to close believe it is the last, check-point and delete the WAL the window still
    writes to. SQLite keeps such descriptors open until its own locks are released.
    """
    if _journal_path(path).exists():
        return  # a project killed while it was being created: the read-write connection rolls it back
    if 0 < path.stat().st_size < _MIN_DATABASE_BYTES:
        raise ProjectError(_not_a_project(path, f"{path.stat().st_size} bytes, shorter than any database"))
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot open ({exc}).") from exc
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header: SQLITE_NOTADB if it is not one
        if not _wal_path(path).exists() and _check_version(conn, path):
            _check_pages(conn, path)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_NOTADB or "not a database" in str(exc):
            raise ProjectError(_not_a_project(path, exc)) from exc
        raise ProjectError(_damaged(path, exc)) from exc
    finally:
        conn.close()


def _unwritable(path: Path) -> str | None:
    """Why the project (with its -wal and -shm files beside it) cannot be written, and what to do; or None."""
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file is read-only: make it writable (chmod u+w {path.name}) or work on a writable copy"
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return (f"its folder {folder} is read-only, and the project needs {path.name}-wal and {path.name}-shm "
                "beside it: copy it to a folder you can write to")
    return None


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of a project is kept before it is migrated from ``version``."""
    return path.with_name(f"{path.name}.v{version}.bak")


def _write_backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the project as it is to :func:`backup_path`: whole (written aside, then renamed) or not at all."""
    backup = backup_path(path, version)
    partial = backup.with_name(backup.name + ".part")
    try:
        copy = sqlite3.connect(str(partial))
        try:
            conn.backup(copy)
        finally:
            copy.close()
        os.replace(partial, backup)
    except (sqlite3.Error, OSError) as exc:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise ProjectError(f"{path}: cannot write the backup copy {backup} that comes before upgrading the project "
                           f"({exc}); the project was not changed.") from exc
    return backup


def _migrate(conn: sqlite3.Connection, version: int, path: Path, *, backup: bool = True) -> None:
    """Bring the project to SCHEMA_VERSION in one transaction, after a backup copy of an existing project."""
    if version == SCHEMA_VERSION:
        return
    copy = _write_backup(conn, path, version) if backup and version > 0 else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # statement by statement: executescript() would commit half-way
            migration = MIGRATIONS[target]
            statements = migration.split(";") if isinstance(migration, str) else migration
            for statement in statements:
                if statement.strip():
                    conn.execute(statement)
            if target in MIGRATION_STEPS:
                MIGRATION_STEPS[target](conn)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk)
            conn.execute("ROLLBACK")
        if copy is not None and isinstance(exc, Exception):
            raise ProjectError(
                f"{path}: upgrading the project from version {version} to {SCHEMA_VERSION} failed ({exc}). "
                f"The project was left as it was; a copy of it is at {copy}."
            ) from exc
        raise


def _open_read_only(path: Path) -> Store:
    """A read-only Store; an older project is upgraded in a copy in memory, the file staying as it is."""
    conn = sqlite3.connect(_read_only_uri(path), uri=True, isolation_level=None)
    try:
        version = _check_version(conn, path)
        if version < SCHEMA_VERSION:
            memory = sqlite3.connect(":memory:", isolation_level=None)
            conn.backup(memory)
            conn.close()
            conn = memory
            _migrate(conn, version, path, backup=False)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ProjectError(_damaged(path, exc)) from exc
    except BaseException:
        conn.close()
        raise
    return Store(path, conn)


def open_project(path: str | Path, *, create: bool = True, on_create: Callable[[Store], object] | None = None,
                 read_only: bool = False) -> Store:
    """Open (or create) a project file, migrating it to the current version.

    Raises ProjectError with a message for the user when the file cannot be used (not SQLite,
    damaged, from a newer Annotator, read-only), before anything is written to it or created
    beside it. ``read_only`` is for commands that only read (stats, export): a project that
    cannot be written is then opened read-only instead of refused.
    """
    path = Path(path)
    if not path.exists() and not create:
        raise ProjectError(f"{path}: no such project. Create one with `annotator import {path} FILES...`.")
    if path.is_dir():
        raise ProjectError(f"{path} is a folder; give the path of a project file such as project.db.")
    is_new = not path.exists() or path.stat().st_size == 0
    if not is_new:
        _inspect(path)
    reason = _unwritable(path)
    if reason is not None:
        if read_only and not is_new:
            return _open_read_only(path)
        raise ProjectError(
            f"{path} is read-only, so Annotator cannot save work into it ({reason}). "
            "`annotator stats` and `annotator export` can read it as it is."
        )
    try:
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError(f"{path}: cannot open ({exc}).") from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = _check_version(conn, path)  # again: a WAL file may hold a newer state than the file alone
        _migrate(conn, version, path)  # before the switch to WAL, so a failed upgrade changes no byte
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ProjectError(_damaged(path, exc)) from exc
    except BaseException:
        conn.close()
        raise
    store = Store(path, conn)
    if store.get_setting("schema") is None:
        store.set_schema(default_schema())
        if on_create is not None:
            on_create(store)
    return store
