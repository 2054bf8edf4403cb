"""Help → About shows the same app version, runtime and model as ``annotator --version``."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from annotator.about import version_lines
from ui.main_window import MainWindow


def test_about_shows_version_runtime_model_and_project(window: MainWindow) -> None:
    window.actions_by_id["about"].trigger()
    box = window.findChild(QMessageBox, "about")
    assert box is not None and box.isVisible()
    lines = box.text().splitlines()
    box.close()
    assert lines[:3] == version_lines()
    assert "Suggestions in this project by: test-model" in lines
    assert f"Project: {window.store.path}" in lines
