"""An analyst's file from `annotator assign` says whose it is in the window title and the About box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.cli import main
from annotator.store import Store, open_project
from tests.team_data import build_project
from ui.main_window import MainWindow


def test_title_and_about_name_the_analyst_and_project(tmp_path: Path,
                                                      open_window: Callable[[Store], MainWindow]) -> None:
    build_project(tmp_path / "news.db", documents=4)
    assert main(["assign", str(tmp_path / "news.db"), "--to", "ana,ben", "--seed", "1", str(tmp_path / "out")]) == 0
    store = open_project(tmp_path / "out" / "ana.db", create=False)
    window = open_window(store)
    try:
        assert window.windowTitle().endswith("ana.db — ana's file")
        window.actions_by_id["about"].trigger()
        box = window.findChild(QMessageBox, "about")
        assert box is not None
        lines = box.text().splitlines()
        box.close()
        assert any(line.startswith("Team: ana's file from project news (assigned ") for line in lines)
    finally:
        window.close()


def test_a_plain_project_says_nothing_of_a_team(window: MainWindow) -> None:
    assert "file" not in window.windowTitle().split("—")[-1]
    window.actions_by_id["about"].trigger()
    box = window.findChild(QMessageBox, "about")
    assert box is not None
    assert not any(line.startswith("Team:") for line in box.text().splitlines())
    box.close()
