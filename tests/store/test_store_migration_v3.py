"""A version-3 project (before the memory) opens migrated: data kept, a backup written, an empty memory."""

import sqlite3
from pathlib import Path

from annotator import memory
from annotator.store import MIGRATIONS, SCHEMA_VERSION, backup_path, open_project


def make_v3_project(path: Path) -> None:
    """A project as Annotator wrote it at schema version 3."""
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2, 3):
        migration = MIGRATIONS[version]
        for statement in migration.split(";") if isinstance(migration, str) else migration:
            if statement.strip():
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO documents(content_hash, input_hash, title, text, status, imported_at, updated_at)"
                 " VALUES ('h', 1, 'Old', 'Kyiv was hit.', 'new', 't', 't')")
    conn.close()


def test_v3_project_gains_an_empty_memory(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v3_project(path)
    with open_project(path, create=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert memory.entries(store) == [] and not memory.Lessons.load(store)
        assert store.document(1).text == "Kyiv was hit."
    assert backup_path(path, 3).exists()
