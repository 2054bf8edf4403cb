"""The app started on an unusable project shows one clear message (and prints it in one line), exits 1
without a traceback, and leaves the file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_files import corrupted, newer, not_sqlite, one_line_error, snapshot

pytest.importorskip("PySide6")


@pytest.mark.parametrize("make", [not_sqlite, corrupted(1), newer], ids=["not-sqlite", "corrupted", "newer"])
def test_app_shows_why_it_cannot_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str], make) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "project.db"
    make(path)
    before = snapshot(tmp_path)
    shown: list[tuple[str, str]] = []
    # Recorded instead of shown: a modal box would wait for a click.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append((title, text)) or 0)
    capsys.readouterr()
    from annotator.cli import main

    assert main(["app", str(path)]) == 1
    printed = one_line_error(capsys.readouterr().err, path)
    assert len(shown) == 1 and shown[0][1] in printed and "\n" not in shown[0][1]
    assert snapshot(tmp_path) == before
