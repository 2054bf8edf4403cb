"""A version-7 project (before token boundaries were stored) opens migrated and exports as before."""

from pathlib import Path

import orjson

from annotator.exporters.jsonl import ExportOptions, export_jsonl
from annotator.store import SCHEMA_VERSION, backup_path, open_project
from annotator.tokens import tokenize
from old_projects import add_accepted_place, schema_at

TEXT = "Kyiv was hit  overnight.\n"


def make_v7_project(path: Path) -> None:
    """A project as Annotator wrote it at schema version 7, with one accepted span."""
    conn = schema_at(path, 7)
    add_accepted_place(conn, TEXT)
    conn.close()


def test_v7_project_exports_its_tokens_without_stored_ones(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v7_project(path)
    with open_project(path, create=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] == 0
        assert export_jsonl(store, tmp_path / "out.jsonl", ExportOptions()) == 1
    (record,) = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [(t["start"], t["end"], t["ws"]) for t in record["tokens"]] == [
        (t.start, t.end, t.ws) for t in tokenize(TEXT, keep_space=True)]
    assert record["spans"][0]["token_start"] == record["spans"][0]["token_end"] == 0
    assert backup_path(path, 7).exists()
