"""A read-only project (read-only file, or read-only folder where SQLite cannot create -wal/-shm) can still
be read by `stats` and `export`; writing commands say "read-only" in one line, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from bad_files import one_line_error, real_project, run_cli, snapshot, unprivileged

PREFIX = unprivileged()
pytestmark = pytest.mark.skipif(PREFIX is None, reason="running as root without setpriv: chmod would stop nothing")


@pytest.fixture(params=["read-only-file", "read-only-folder"])
def read_only_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    path = real_project(folder / "project.db", documents=30)
    if request.param == "read-only-file":
        path.chmod(0o444)
    else:
        folder.chmod(0o555)
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


def test_stats_reads_a_read_only_project(read_only_project: Path, tmp_path: Path) -> None:
    before = snapshot(read_only_project.parent)
    result = run_cli(PREFIX, "stats", str(read_only_project), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert orjson.loads(result.stdout)["documents"]["new"] == 29
    assert snapshot(read_only_project.parent) == before  # no -wal, no -shm left beside it


def test_export_reads_a_read_only_project(read_only_project: Path, tmp_path: Path) -> None:
    before = snapshot(read_only_project.parent)
    out = tmp_path / "labels.jsonl"
    result = run_cli(PREFIX, "export", str(read_only_project), str(out), "--status", "any", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 30
    assert snapshot(read_only_project.parent) == before


@pytest.mark.parametrize("command", ["import", "preannotate"])
def test_writing_commands_say_read_only(read_only_project: Path, tmp_path: Path, command: str) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Missiles hit Kyiv overnight.\n", encoding="utf-8")
    before = snapshot(read_only_project.parent)
    args = [command, str(read_only_project)] + ([str(article)] if command == "import" else [])
    result = run_cli(PREFIX, *args, cwd=tmp_path)
    assert result.returncode == 1
    assert "read-only" in one_line_error(result.stderr, read_only_project)
    assert snapshot(read_only_project.parent) == before


def test_a_copy_in_a_writable_folder_works_again(read_only_project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "mine.db"
    shutil.copyfile(read_only_project, copy)  # the copy the message suggests: a writable one
    article = tmp_path / "article.txt"
    article.write_text("Missiles hit Kyiv overnight.\n", encoding="utf-8")
    result = run_cli(PREFIX, "import", str(copy), str(article), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
