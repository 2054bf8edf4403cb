"""An export that runs out of disk says so in one line, exits 1, keeps the previous output byte for byte
and leaves no temporary file."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bad_files import one_line_error, real_project, snapshot

from annotator.cli import main
from annotator.exporters import atomic


def _previous_export(project: Path, out: Path) -> bytes:
    assert main(["export", str(project), str(out)]) == 0  # only the one done document: a small file
    return out.read_bytes()


def test_full_disk_in_a_child_process(tmp_path: Path) -> None:
    project = real_project(tmp_path / "project.db", documents=200)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "labels.jsonl"
    _previous_export(project, out)
    before = snapshot(folder)
    limit = project.stat().st_size + 200_000  # room for the project's own files, not for the export

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([sys.executable, "-m", "annotator", "export", str(project), str(out), "--status", "any"],
                            capture_output=True, text=True, preexec_fn=small_disk, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 1
    assert "disk full" in one_line_error(result.stderr, out)
    assert snapshot(folder) == before  # the previous export as it was, no temporary file left


def test_no_space_left_while_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    project = real_project(tmp_path / "project.db", documents=5)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "labels.jsonl"
    _previous_export(project, out)
    before = snapshot(folder)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    capsys.readouterr()
    assert main(["export", str(project), str(out), "--status", "any"]) == 1
    assert "disk full (No space left on device)" in one_line_error(capsys.readouterr().err, out)
    assert snapshot(folder) == before
