"""Opening project files: new ones are created current and in WAL mode; unusable ones are refused
with a ProjectError and left exactly as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.store import SCHEMA_VERSION, ProjectError, open_project


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _foreign_db(path: Path, *, user_version: int = 0, table: bool = True) -> None:
    conn = sqlite3.connect(path)
    if table:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()


def test_new_project_is_current_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    open_project(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"documents", "spans", "history", "settings", "events", "arguments"} <= tables
    finally:
        conn.close()


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    from annotator.documents import Document

    with open_project(tmp_path / "p.db") as store, store.transaction():
        store.add_document(Document("Kept across sessions."))
    with open_project(tmp_path / "p.db", create=False) as store:
        assert [store.document(i).text for i in store.document_ids()] == ["Kept across sessions."]


def test_zero_byte_file_becomes_a_project(tmp_path: Path) -> None:
    path = tmp_path / "touched.db"
    path.touch()
    with open_project(path) as store:
        assert store.document_ids() == []
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("title,text\nA,B\n", encoding="utf-8"), "not a SQLite database"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x07" * 200), "damaged or not a SQLite database"),
        (lambda p: _foreign_db(p), "not an Annotator project"),
        (lambda p: _foreign_db(p, user_version=SCHEMA_VERSION + 1, table=False), "newer Annotator"),
        (lambda p: _foreign_db(p, user_version=SCHEMA_VERSION + 7), "Upgrade Annotator"),
    ],
    ids=["text-file", "corrupt-sqlite", "foreign-sqlite", "newer-empty", "newer"],
)
def test_unusable_files_are_refused_and_left_untouched(tmp_path: Path, make, message: str) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    path = folder / "project.db"
    make(path)
    before = _snapshot(folder)
    with pytest.raises(ProjectError, match=message):
        open_project(path)
    assert _snapshot(folder) == before  # same files, same bytes: no WAL switch, no -wal/-shm left


def test_missing_project_is_not_created_when_create_is_false(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    with pytest.raises(ProjectError, match="no such project"):
        open_project(path, create=False)
    assert not path.exists()


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is a folder"):
        open_project(tmp_path)
