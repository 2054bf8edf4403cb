"""A version-10 team project (each analyst's rows listed in their settings record) opens migrated to v11:
the lists move into the analyst tables, and agreement, curation and each analyst's export are as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson

from annotator.cli import main
from annotator.store import SCHEMA_VERSION, backup_path, open_project
from annotator.team.agreement import agreement
from annotator.team.curation import curation
from team_data import build_team, shared_documents


def _as_v10(path: Path) -> None:
    """Write the team project back as Annotator 10 kept it: lists in the records, no analyst tables."""
    conn = sqlite3.connect(path, isolation_level=None)
    for key, value in conn.execute("SELECT key, value FROM settings WHERE key LIKE 'team.analyst.%'").fetchall():
        name = key[len("team.analyst."):]
        record = orjson.loads(value)
        for count in ("documents", "done", "spans", "events"):
            record.pop(count)
        record["documents"] = [list(r) for r in conn.execute(
            "SELECT doc_id, status, seconds_spent FROM analyst_documents WHERE analyst = ? ORDER BY doc_id", (name,))]
        record["span_ids"] = [r[0] for r in conn.execute(
            "SELECT span_id FROM analyst_spans WHERE analyst = ? ORDER BY span_id", (name,))]
        record["event_ids"] = [r[0] for r in conn.execute(
            "SELECT event_id FROM analyst_events WHERE analyst = ? ORDER BY event_id", (name,))]
        conn.execute("UPDATE settings SET value = ? WHERE key = ?", (orjson.dumps(record).decode(), key))
    for table in ("analyst_documents", "analyst_spans", "analyst_events"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 10")
    conn.close()


def _what_users_see(path: Path, out: Path) -> tuple[object, ...]:
    with open_project(path, create=False) as team:
        report = agreement(team).to_dict()
        doc_id = shared_documents(team)[0]
        places = [(u.key, [(v.analysts, v.describe(team.document(doc_id).text)) for v in u.versions])
                  for u in curation(team, doc_id).units]
    assert main(["export", str(path), str(out), "--annotator", "ben"]) == 0
    return report, places, out.read_bytes()


def test_v10_team_project_keeps_every_analysts_work(tmp_path: Path) -> None:
    project = build_team(tmp_path)
    before = _what_users_see(project, tmp_path / "before.jsonl")
    _as_v10(project)
    with open_project(project, create=False) as team:
        assert team.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        record = team.get_setting("team.analyst.ana")
        assert "span_ids" not in record and record["documents"] == 6 and record["done"] == 6
    assert backup_path(project, 10).exists()
    assert _what_users_see(project, tmp_path / "after.jsonl") == before
    assert main(["merge", str(project), str(tmp_path / "out" / "ana.db")]) == 0  # unchanged: says so, from the counts
