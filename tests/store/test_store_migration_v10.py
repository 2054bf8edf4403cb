"""A version-8 project (before knowledge-base ids) opens migrated: its spans keep everything and have no id."""

from pathlib import Path

from annotator.documents import Span
from annotator.store import SCHEMA_VERSION, backup_path, open_project
from old_projects import add_accepted_place, schema_at

TEXT = "Kyiv was hit overnight.\n"


def make_v8_project(path: Path) -> None:
    """A project as Annotator wrote it at schema version 8, with one accepted span."""
    conn = schema_at(path, 8)
    add_accepted_place(conn, TEXT)
    conn.close()


def test_v8_project_gains_span_ids_and_keeps_its_spans(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v8_project(path)
    with open_project(path, create=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (span,) = store.spans(1)
        assert (span.start, span.end, span.label, span.status, span.kb_id, span.kb_score) == \
            (0, 4, "GPE", "accepted", None, None)
        with store.transaction():
            (new_id,) = store.insert_spans(1, [Span(5, 8, "GPE", kb_id="geonames:703448", kb_score=0.9)])
        assert store.spans_by_ids([new_id])[0].kb_id == "geonames:703448"
        assert store.spans_by_document([1])[1][1].kb_score == 0.9
    assert backup_path(path, 8).exists()
    with open_project(path, create=False) as store:  # reopened: nothing left to migrate
        assert [s.kb_id for s in store.spans(1)] == [None, "geonames:703448"]
