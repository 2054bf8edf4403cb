"""``annotator curate``: the agreements of every finished document accepted at once; export writes the curated view."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.store import open_project
from team_data import build_project, build_team


def _export(project: Path, out: Path, *extra: str) -> dict[str, list[tuple[str, str]]]:
    assert main(["export", str(project), str(out), *extra]) == 0
    return {r["meta"]["title"]: sorted((s["text"], s["label"]) for s in r["spans"])
            for r in map(orjson.loads, out.read_bytes().splitlines())}


def test_curate_accepts_agreements_marks_done_and_lists_disagreements(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = build_team(tmp_path)
    capsys.readouterr()
    assert main(["curate", str(project), "--annotator", "lead"]) == 0
    captured = capsys.readouterr()
    assert "7 documents marked done" in captured.err
    assert "3 documents have 12 disagreements left" in captured.err
    assert len(captured.out.splitlines()) == 3  # id, count, title of each

    curated = _export(project, tmp_path / "team.jsonl")
    assert len(curated) == 7  # the documents one analyst finished: nothing to decide
    for spans in curated.values():  # each place once, as that analyst left it (not every analyst's rows)
        assert len(spans) == len(set(spans)) and 3 <= len(spans) <= 4
    ana = _export(project, tmp_path / "ana.jsonl", "--annotator", "ana")
    assert len(ana) == 6 and all(("Kyiv", "GPE") in spans for spans in ana.values())  # one analyst's view as before

    with open_project(project, create=False) as team:
        before = team.conn.execute("SELECT COUNT(*), MAX(id) FROM history").fetchone()
    assert main(["curate", str(project)]) == 0  # again: nothing left to do, nothing written
    with open_project(project, create=False) as team:
        assert team.conn.execute("SELECT COUNT(*), MAX(id) FROM history").fetchone() == before


def test_curate_refuses_a_project_without_analysts_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_project(tmp_path / "plain.db", documents=2)
    assert main(["curate", str(tmp_path / "plain.db")]) == 1
    message = capsys.readouterr().err.strip().splitlines()[-1]
    assert "holds no analysts' work" in message and "annotator merge" in message


def test_curate_before_anyone_finished_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_project(tmp_path / "news.db", documents=4)
    assert main(["assign", str(tmp_path / "news.db"), "--to", "ana,ben", "--seed", "1", str(tmp_path / "out")]) == 0
    assert main(["merge", str(tmp_path / "news.db"), str(tmp_path / "out" / "ana.db")]) == 0
    capsys.readouterr()
    assert main(["curate", str(tmp_path / "news.db")]) == 0
    assert "No analyst has finished a document yet" in capsys.readouterr().err
