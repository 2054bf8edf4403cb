"""An export is written whole or not at all: a failure leaves no partial file and keeps the old one."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from annotator import commands
from annotator.documents import Document
from annotator.exporters import jsonl
from annotator.exporters.atomic import atomic_output
from annotator.store import Store


@pytest.fixture
def three_done(project: Store) -> Store:
    with project.transaction():
        ids = [project.add_document(Document(f"Article number {i}.")).doc_id for i in range(3)]
    for doc_id in ids:
        commands.execute(project, commands.SetDocStatus(doc_id, "done"))
    return project


def _fail_after_first(monkeypatch: pytest.MonkeyPatch) -> None:
    real = jsonl.build_record
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(jsonl, "build_record", flaky)


def test_failure_leaves_no_file(three_done: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _fail_after_first(monkeypatch)
    with pytest.raises(RuntimeError, match="disk on fire"):
        jsonl.export_jsonl(three_done, out_dir / "labels.jsonl")
    assert list(out_dir.iterdir()) == []  # no output, no temporary file left behind


def test_failure_keeps_the_previous_export(three_done: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "labels.jsonl"
    assert jsonl.export_jsonl(three_done, out) == 3
    before = out.read_bytes()
    _fail_after_first(monkeypatch)
    with pytest.raises(RuntimeError):
        jsonl.export_jsonl(three_done, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".labels")) == []


def test_success_replaces_the_file(three_done: Store, tmp_path: Path) -> None:
    out = tmp_path / "labels.jsonl"
    out.write_text("old content\n", encoding="utf-8")
    assert jsonl.export_jsonl(three_done, out) == 3
    assert len(out.read_bytes().splitlines()) == 3 and b"old content" not in out.read_bytes()


def test_atomic_output_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with atomic_output("plain.txt") as fh:
        fh.write(b"ok")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]
    assert (tmp_path / "plain.txt").read_bytes() == b"ok"


@pytest.mark.skipif(not hasattr(os, "umask") or sys.platform == "win32", reason="POSIX permissions")
def test_export_gets_the_usual_file_permissions(three_done: Store, tmp_path: Path) -> None:
    """Colleagues can read an export as they can any file the analyst saves (umask, not 0600)."""
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    out = tmp_path / "labels.jsonl"
    jsonl.export_jsonl(three_done, out)
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
