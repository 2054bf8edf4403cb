"""File → Export… (Ctrl+Shift+E) writes the format of the file type picked in the dialog, file or folder."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from annotator import commands


@pytest.mark.parametrize(("fmt", "typed", "written"), [
    ("spacy", "labels", "labels.spacy"),
    ("conll", "labels.conll", "labels.conll"),
    ("doccano", "labels", "labels.jsonl"),
    ("brat", "brat-out", "brat-out"),
])
def test_dialog_file_type_sets_the_format(window, project, press, qtbot, tmp_path: Path, monkeypatch,
                                          fmt: str, typed: str, written: str) -> None:
    commands.execute(project, commands.finish_document(project, 1))
    offered: list[str] = []

    def save_dialog(parent, caption, folder, filters):  # noqa: ANN001, ANN202 - QFileDialog's signature
        offered.extend(filters.split(";;"))
        return str(tmp_path / typed), next(f for f in offered if f.startswith(f"{fmt}:"))

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert [f.split(":")[0] for f in offered] == ["jsonl", "brat", "oneie", "spacy", "conll", "doccano"]
    assert "1 done documents exported" in window.status_bar.progress_label.text()
    out = tmp_path / written
    if fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
        assert doc.text == project.document(1).text
    elif fmt == "conll":
        assert out.read_text(encoding="utf-8").startswith("-DOCSTART- -X- O O\n")
    elif fmt == "doccano":
        assert [orjson.loads(line)["meta"]["id"] for line in out.read_bytes().splitlines()] == [1]
    else:
        assert out.is_dir() and len(list(out.glob("*.ann"))) == 1
