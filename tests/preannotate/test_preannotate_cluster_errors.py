"""`preannotate --scheduler` that cannot run says why in one line, exits 1 and leaves the project as it was:
a scheduler nobody answers at, a malformed local:N, and Dask not installed (with the command that installs it)."""

from __future__ import annotations

import socket
import sqlite3
import sys
from pathlib import Path

import pytest

from annotator.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as sock:  # bound, then released: nothing listens there afterwards
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    db = tmp_path / "p.db"
    assert main(["import", str(db), str(SAMPLES)]) == 0
    return db


def _refused(project: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    before = _dump(project)
    capsys.readouterr()
    assert main(["preannotate", str(project), *options]) == 1
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
    assert _dump(project) == before  # nothing written
    return lines[0]


def test_unreachable_scheduler(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_free_port()}"
    line = _refused(project, capsys, "--scheduler", address, "--connect-timeout", "1")
    assert f"Cannot reach the Dask scheduler {address}" in line


@pytest.mark.parametrize("scheduler", ["local:0", "local:two"])
def test_malformed_local_cluster(project: Path, capsys: pytest.CaptureFixture[str], scheduler: str) -> None:
    pytest.importorskip("distributed")
    line = _refused(project, capsys, "--scheduler", scheduler)
    assert f"--scheduler {scheduler} is neither local:N" in line


def test_dask_missing(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    line = _refused(project, capsys, "--scheduler", "local:2")
    assert 'pip install -e ".[cluster]"' in line


def test_n_process_with_scheduler(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _refused(project, capsys, "--scheduler", "local:2", "--n-process", "2")
    assert "--n-process is for this machine" in line
