"""A version-6 project (before mentions had a kind) opens migrated: every span a name, data kept."""

import sqlite3
from pathlib import Path

import pytest

from annotator.documents import Span
from annotator.store import SCHEMA_VERSION, backup_path, open_project
from old_projects import schema_at


def make_v6_project(path: Path) -> None:
    """A project as Annotator wrote it at schema version 6, with one accepted span."""
    conn = schema_at(path, 6)
    conn.execute("INSERT INTO documents(content_hash, input_hash, title, text, status, imported_at, updated_at)"
                 " VALUES ('h', 1, 'Old', 'Kyiv was hit.', 'done', 't', 't')")
    conn.execute("INSERT INTO spans(doc_id, start, \"end\", label, origin, status, created_at, updated_at)"
                 " VALUES (1, 0, 4, 'GPE', 'human', 'accepted', 't', 't')")
    conn.close()


def test_v6_spans_become_names(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v6_project(path)
    with open_project(path, create=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (span,) = store.spans(1)
        assert (span.start, span.end, span.label, span.kind) == (0, 4, "GPE", "name")
        with store.transaction():
            store.insert_spans(1, [Span(5, 8, "ORG", kind="nominal")])
        assert [s.kind for s in store.spans(1)] == ["name", "nominal"]
        with pytest.raises(sqlite3.IntegrityError), store.transaction():
            store.update_span(span.id, kind="pronoun")
    assert backup_path(path, 6).exists()
