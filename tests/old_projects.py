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
