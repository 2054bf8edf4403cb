"""A brat pair whose .txt or .ann cannot be read is one problem naming that file, and the rest imports."""

from __future__ import annotations

from pathlib import Path

from annotator.importers import import_paths
from annotator.store import Store


def test_an_undecodable_txt_or_ann_is_named_with_the_reason(project: Store, tmp_path: Path) -> None:
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "latin.txt").write_bytes("Café in Kyiv".encode("latin-1"))
    (folder / "latin.ann").write_text("T1\tLOC 8 12\tKyiv\n", encoding="utf-8")
    (folder / "notes.txt").write_text("Notes from Kyiv", encoding="utf-8")
    (folder / "notes.ann").write_bytes("#1\tAnnotatorNotes T1\tcafé".encode("latin-1"))
    (folder / "fine.txt").write_text("Strikes near Odesa", encoding="utf-8")
    (folder / "fine.ann").write_text("", encoding="utf-8")

    report = import_paths(project, [folder])

    assert sorted(str(p) for p in report.problems) == [
        f"{folder / 'latin.txt'}: not valid UTF-8 at byte 3; re-save the file as UTF-8",
        f"{folder / 'notes.ann'}: not valid UTF-8 at byte 24; re-save the file as UTF-8",
    ]
    assert [d["title"] for d in project.iter_documents()] == ["Strikes near Odesa"]
