"""An older project whose upgrade fails is left byte for byte as it was, and the message says where the
backup copy is; the backup is whole and opens as the old version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from bad_files import snapshot

from annotator.cli import main
from annotator.store import MIGRATIONS, SCHEMA_VERSION, backup_path

OLD = max(v for v in MIGRATIONS if v < SCHEMA_VERSION)  # the version before the last migration


def _old_project_that_cannot_upgrade(path: Path) -> None:
    """A project at the previous version that already has the table the last migration adds."""
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(1, OLD + 1):
        migration = MIGRATIONS[version]
        for statement in migration.split(";") if isinstance(migration, str) else migration:
            if statement.strip():
                conn.execute(statement)
    conn.execute("INSERT INTO documents(content_hash, input_hash, title, text, status, imported_at, updated_at)"
                 " VALUES ('h', 1, 'Old', 'Kyiv was hit.', 'done', 't', 't')")
    conn.execute("CREATE TABLE analyst_spans (id INTEGER PRIMARY KEY)")  # v11 creates it: the upgrade fails
    conn.execute(f"PRAGMA user_version = {OLD}")
    conn.close()


def test_failed_upgrade_leaves_the_project_and_names_the_backup(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.db"
    _old_project_that_cannot_upgrade(path)
    original = path.read_bytes()
    capsys.readouterr()
    assert main(["stats", str(path)]) == 1
    message = capsys.readouterr().err.strip()
    backup = backup_path(path, OLD)
    assert "\n" not in message and "failed" in message and str(backup) in message
    assert path.read_bytes() == original
    assert sorted(snapshot(tmp_path)) == ["old.db", backup.name]  # no -wal, -shm or partial copy left
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == OLD
    assert copy.execute("SELECT text FROM documents").fetchone()[0] == "Kyiv was hit."
    copy.close()
