"""The store's errors say what happened by their type (busy, read-only, gone), with SQLite's
message unchanged, and stay the types callers caught before (OperationalError, KeyError)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.documents import Document
from annotator.errors import AnnotatorError, Busy, Gone, ReadOnly, ReadOnlyFile
from annotator.store import Store, open_project


def test_a_write_while_another_connection_holds_the_lock_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as holder, open_project(path) as waiter:
        waiter.set_busy_timeout(50)
        with holder.transaction():
            with pytest.raises(Busy) as caught:
                waiter.set_setting("x", 1)
        assert isinstance(caught.value, sqlite3.OperationalError) and isinstance(caught.value, AnnotatorError)
        assert str(caught.value) == "database is locked"
        waiter.set_setting("x", 1)  # the lock is free again: the same write goes through
        assert holder.get_setting("x") == 1


def test_a_write_to_a_read_only_connection_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_project(path).close()
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    with Store(path, conn) as store:
        with pytest.raises(ReadOnlyFile) as caught:
            store.set_setting("x", 1)
        assert isinstance(caught.value, ReadOnly) and isinstance(caught.value, sqlite3.OperationalError)
        assert str(caught.value) == "attempt to write a readonly database"
        assert store.get_setting("x") is None


def test_a_deleted_document_is_gone(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.db") as store:
        with store.transaction():
            doc_id = store.add_document(Document(text="Kyiv was hit.")).doc_id
        with pytest.raises(Gone) as caught:
            store.document(doc_id + 1)
        assert isinstance(caught.value, KeyError)
        assert caught.value.args[0] == f"no document with id {doc_id + 1}"
        assert str(caught.value) == f"no document with id {doc_id + 1}"
