"""Nothing in Annotator opens the project file (or its -wal and -shm) except SQLite itself.

On POSIX, closing any descriptor of a file drops every lock the process holds on it, SQLite's too:
one plain open()/close() of the project while the window's connection is open lets the next program
that closes the project delete the WAL the window still writes to. This test records every file that
Python code opens while a project is opened, reopened, exported, read-only opened and closed.
"""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.documents import Document, Span
from annotator.store import open_project


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every path Python code opens from now on (builtins.open, io.open, os.open)."""
    seen: list[Path] = []
    real_open, real_os_open = builtins.open, os.open

    def recording_open(file, *args, **kwargs):  # noqa: ANN001, ANN202 - the signature of open()
        if isinstance(file, (str, bytes, os.PathLike)):
            seen.append(Path(os.fsdecode(file)).resolve())
        return real_open(file, *args, **kwargs)

    def recording_os_open(path, *args, **kwargs):  # noqa: ANN001, ANN202
        seen.append(Path(os.fsdecode(path)).resolve())
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(os, "open", recording_os_open)
    yield seen


def project_files(path: Path) -> set[Path]:
    path = path.resolve()
    return {path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
            path.with_name(path.name + "-journal")}


def test_open_reopen_export_and_close_go_through_sqlite(tmp_path: Path, opened: list[Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "project.db"
    window = open_project(path)  # a new project
    with window.transaction():
        doc_id = window.add_document(Document("Drones struck Odesa overnight.", "Odesa")).doc_id
        window.insert_spans(doc_id, [Span(14, 19, "GPE", status="accepted")])
        window.update_document(doc_id, status="done")
    worker = open_project(path, create=False)  # a background job's reopen while the window's is open
    worker.close()
    assert main(["stats", str(path)]) == 0  # in-process, beside the window's connection
    assert main(["export", str(path), str(tmp_path / "out.jsonl")]) == 0
    path.chmod(0o444)
    try:
        read_only = open_project(path, create=False, read_only=True)
        read_only.close()
    finally:
        path.chmod(0o644)
    window.close()
    reopened = open_project(path, create=False)  # an existing project, no connection open
    reopened.close()
    capsys.readouterr()
    assert (tmp_path / "out.jsonl").resolve() not in project_files(path)
    outside_sqlite = project_files(path) & set(opened)
    assert not outside_sqlite


@pytest.mark.parametrize("content", [b"title,text\nA,B\n", b"x", b"SQLite format 3\x00" + b"\x07" * 600])
def test_a_file_that_is_no_project_is_told_without_opening_it(tmp_path: Path, opened: list[Path],
                                                               content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    opened.clear()
    from annotator.store import ProjectError

    with pytest.raises(ProjectError, match="not an Annotator project"):
        open_project(path, create=False)
    outside_sqlite = project_files(path) & set(opened)
    assert not outside_sqlite
    assert path.read_bytes() == content and sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]
