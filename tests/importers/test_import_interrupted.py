"""Ctrl+C during an import keeps every file finished before it: they are committed, not rolled back
with the batch they shared a transaction with."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.importers import import_paths
from annotator.store import open_project


def test_ctrl_c_keeps_the_files_already_imported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(1, 6):
        (folder / f"{n}.txt").write_text(f"Article number {n}.\n", encoding="utf-8")
    seen: list[str] = []

    def progress(done: int, total: int, path: Path) -> None:
        seen.append(path.name)
        if len(seen) == 2:
            raise KeyboardInterrupt

    project = tmp_path / "project.db"
    with open_project(project) as store, pytest.raises(KeyboardInterrupt):
        import_paths(store, [folder], progress=progress)
    with open_project(project) as store:  # before: nothing, the batch of 500 was rolled back
        assert sorted(store.document(i).text for i in store.document_ids()) == [
            "Article number 1.\n", "Article number 2.\n"]
