"""The project's schema versions: the SQL that takes a project from each version to the next.

``PRAGMA user_version`` holds the version. Migration N takes a project from N-1 to N: SQL, then
an optional Python step; :func:`migrate` runs every one needed in one transaction, after a backup
copy of an existing project (:func:`backup_path`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson

from annotator.documents import DOC_STATUSES, SPAN_KINDS
from annotator.errors import ProjectError
from annotator.schema import default_schema

SCHEMA_VERSION = 11


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

# v9: the models the project learned from its done documents (annotator.learning), stored in a folder
# beside the project file: what each was trained on, its held-out scores, whether it was adopted, and
# which one is in use (at most one row; none: the base model).
_V9 = """
CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    base_model TEXT NOT NULL,
    seed INTEGER NOT NULL,
    epochs INTEGER NOT NULL,
    document_ids TEXT NOT NULL,
    held_out_ids TEXT NOT NULL,
    scores TEXT NOT NULL,
    f1 REAL,
    previous_f1 REAL,
    adopted INTEGER NOT NULL CHECK (adopted IN (0, 1)),
    in_use INTEGER NOT NULL DEFAULT 0 CHECK (in_use IN (0, 1)),
    seconds REAL NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX models_in_use ON models(in_use) WHERE in_use = 1
"""

# v10: a span may carry a knowledge-base id (``geonames:703448``, ``wikidata:Q1899``, an actor list's id)
# and how sure the suggestion of that id is; actor lists (``annotator kb import``) are stored with an FTS
# index over their names and aliases; the correction memory learns phrase -> id (memory_ids).
_V10 = (
    "ALTER TABLE spans ADD COLUMN kb_id TEXT",
    "ALTER TABLE spans ADD COLUMN kb_score REAL",
    "CREATE TABLE kb_entries (id INTEGER PRIMARY KEY, kb_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " aliases TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',"
    " source TEXT NOT NULL DEFAULT '')",
    "CREATE VIRTUAL TABLE kb_entries_fts USING fts5(name, aliases, content='kb_entries', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER kb_entries_fts_insert AFTER INSERT ON kb_entries BEGIN"
    " INSERT INTO kb_entries_fts(rowid, name, aliases) VALUES (new.id, new.name, new.aliases); END",
    "CREATE TRIGGER kb_entries_fts_delete AFTER DELETE ON kb_entries BEGIN"
    " INSERT INTO kb_entries_fts(kb_entries_fts, rowid, name, aliases) VALUES ('delete', old.id, old.name, old.aliases);"
    " END",
    "CREATE TRIGGER kb_entries_fts_update AFTER UPDATE OF name, aliases ON kb_entries BEGIN"
    " INSERT INTO kb_entries_fts(kb_entries_fts, rowid, name, aliases) VALUES ('delete', old.id, old.name, old.aliases);"
    " INSERT INTO kb_entries_fts(rowid, name, aliases) VALUES (new.id, new.name, new.aliases); END",
    # what choosing ids teaches: phrase -> id, as the memory table holds phrase -> label
    "CREATE TABLE memory_ids (id INTEGER PRIMARY KEY, phrase TEXT NOT NULL CHECK (length(phrase) > 0),"
    " kb_id TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1), first_by TEXT, first_at TEXT NOT NULL,"
    " last_by TEXT, last_at TEXT NOT NULL, UNIQUE (phrase, kb_id))",
)

# v11: which rows of a team project are an analyst's merged work, and which documents each analyst
# finished, in tables (annotator.team): the window, export and agreement read them a document at a
# time, so their memory stays flat however large the team's work. Until v10 they were lists in each
# analyst's settings record, which the migration moves here.
_V11 = (
    "CREATE TABLE analyst_documents (analyst TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, status TEXT NOT NULL, seconds_spent REAL NOT NULL DEFAULT 0, PRIMARY KEY (analyst, doc_id))"
    " WITHOUT ROWID",
    "CREATE INDEX analyst_documents_by_doc ON analyst_documents(doc_id, status)",
    "CREATE TABLE analyst_spans (span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,"
    " analyst TEXT NOT NULL, doc_id INTEGER NOT NULL)",
    "CREATE INDEX analyst_spans_by_doc ON analyst_spans(doc_id)",
    "CREATE INDEX analyst_spans_by_analyst ON analyst_spans(analyst)",
    "CREATE TABLE analyst_events (event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,"
    " analyst TEXT NOT NULL, doc_id INTEGER NOT NULL)",
    "CREATE INDEX analyst_events_by_doc ON analyst_events(doc_id)",
    "CREATE INDEX analyst_events_by_analyst ON analyst_events(analyst)",
)
_ANALYST_RECORD = "team.analyst."  # annotator.team.ANALYST_PREFIX (the store never imports annotator.team)


def _move_team_records(conn: sqlite3.Connection) -> None:
    """v10 -> v11: each analyst's lists of documents, span ids and event ids go from the settings record into the tables."""
    records = conn.execute("SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?",
                           (len(_ANALYST_RECORD), _ANALYST_RECORD)).fetchall()
    for key, value in records:
        record = orjson.loads(value)
        name = key[len(_ANALYST_RECORD):]
        documents = record.pop("documents", [])
        conn.executemany(
            "INSERT OR IGNORE INTO analyst_documents(analyst, doc_id, status, seconds_spent)"
            " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
            [(name, d[0], d[1], d[2] or 0, d[0]) for d in documents])
        for table, column, source, ids in (("analyst_spans", "span_id", "spans", record.pop("span_ids", [])),
                                           ("analyst_events", "event_id", "events", record.pop("event_ids", []))):
            conn.executemany(f"INSERT OR IGNORE INTO {table}({column}, analyst, doc_id)"
                             f" SELECT id, ?, doc_id FROM {source} WHERE id = ?", [(name, i) for i in ids])
            record[source] = len(ids)  # the counts `merge` reports of an unchanged file
        record["documents"] = len(documents)
        record["done"] = sum(d[1] == "done" for d in documents)
        conn.execute("UPDATE settings SET value = ? WHERE key = ?", (orjson.dumps(record).decode(), key))


MIGRATIONS: dict[int, str | tuple[str, ...]] = {
    1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6, 7: _V7, 8: _V8, 9: _V9, 10: _V10, 11: _V11,
}
MIGRATION_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _add_event_schema, 11: _move_team_records}


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


def migrate(conn: sqlite3.Connection, version: int, path: Path, *, backup: bool = True) -> None:
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

