"""Help → About shows the same app version, runtime and model as ``annotator --version``."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.about import version_lines
from ui.main_window import MainWindow


def test_about_shows_version_runtime_model_and_project(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.actions_by_id["about"].trigger()
    assert len(shown) == 1
    lines = shown[0].splitlines()
    assert lines[:3] == version_lines()
    assert "Suggestions in this project by: test-model" in lines
    assert f"Project: {window.store.path}" in lines
