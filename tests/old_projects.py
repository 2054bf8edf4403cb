"""Project files as an older Annotator wrote them, for the migration tests (tests/store/test_store_migration_v*.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.store import MIGRATIONS


def schema_at(path: Path, version: int) -> sqlite3.Connection:
    """A new project file with the tables of schema ``version`` and nothing in them; the caller fills and closes it."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in range(1, version + 1):
        migration = MIGRATIONS[step]
        for statement in migration.split(";") if isinstance(migration, str) else migration:
            if statement.strip():
                conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


def add_accepted_place(conn: sqlite3.Connection, text: str) -> None:
    """One done document holding ``text``, whose first four characters are an accepted GPE (schema 7 and later)."""
    conn.execute("INSERT INTO documents(content_hash, input_hash, title, text, status, imported_at, updated_at)"
                 " VALUES ('h', 1, 'Old', ?, 'done', '2026-01-02T03:04:05+00:00', '2026-01-02T03:04:05+00:00')",
                 (text,))
    conn.execute("INSERT INTO spans(doc_id, start, \"end\", label, origin, status, created_at, updated_at, kind)"
                 " VALUES (1, 0, 4, 'GPE', 'human', 'accepted', 't', 't', 'name')")
