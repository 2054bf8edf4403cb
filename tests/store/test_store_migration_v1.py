"""A version-1 project (before events) opens migrated: data kept, a backup copy written, events schema added."""

import sqlite3
from pathlib import Path

import orjson

from annotator.store import MIGRATIONS, SCHEMA_VERSION, backup_path, open_project


def make_v1_project(path: Path) -> None:
    """A project exactly as Annotator 0.1 (schema version 1) wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[1].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO documents(content_hash, input_hash, title, text, status, imported_at, updated_at)"
        " VALUES ('h', 1, 'Old', 'Kyiv was hit.', 'done', 't', 't')"
    )
    conn.execute(
        'INSERT INTO spans(doc_id, start, "end", label, origin, status, created_at, updated_at)'
        " VALUES (1, 0, 4, 'GPE', 'human', 'accepted', 't', 't')"
    )
    schema = {"name": "old", "labels": [{"name": "GPE", "key": "3", "color": "#feca74"}], "map": {}}
    conn.execute("INSERT INTO settings(key, value) VALUES ('schema', ?)", (orjson.dumps(schema).decode(),))
    conn.close()


def test_v1_project_is_migrated_with_a_backup(tmp_path):
    path = tmp_path / "old.db"
    make_v1_project(path)
    original = path.read_bytes()
    with open_project(path, create=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [(s.start, s.end, s.label) for s in store.spans(1)] == [(0, 4, "GPE")]
        assert store.summary(1).status == "done"
        assert store.schema.names == ["GPE"]  # the project's own labels are kept
        # Event types whose roles name labels the old schema lacks are still usable for the others.
        assert store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0
    backup = backup_path(path, 1)
    assert backup.exists()
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT text FROM documents").fetchone()[0] == "Kyiv was hit."
    copy.close()
    assert len(original) > 0


def test_current_project_makes_no_backup(tmp_path):
    path = tmp_path / "new.db"
    open_project(path).close()
    open_project(path).close()
    assert not list(tmp_path.glob("*.bak"))
