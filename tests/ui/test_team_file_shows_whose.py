"""An analyst's file from `annotator assign` says whose it is in the window title and the About box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox

from annotator.cli import main
from annotator.store import Store, open_project
from team_data import build_project
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


def test_agreement_dialog_lists_lowest_agreement_first(tmp_path: Path,
                                                      open_window: Callable[[Store], MainWindow]) -> None:
    from PySide6.QtWidgets import QLabel, QTableWidget

    from team_data import NAMES, annotate

    build_project(tmp_path / "news.db")
    assert main(["assign", str(tmp_path / "news.db"), "--to", ",".join(NAMES), "--overlap", "0.3", "--seed", "7",
                 str(tmp_path / "out")]) == 0
    files = [tmp_path / "out" / f"{n}.db" for n in NAMES]
    for name, path in zip(NAMES, files):
        annotate(path, name)
    assert main(["merge", str(tmp_path / "team.db"), *map(str, files)]) == 0
    window = open_window(open_project(tmp_path / "team.db", create=False))
    try:
        window.actions_by_id["agreement"].trigger()
        dialog = window.findChild(QDialog, "agreement_dialog")
        assert dialog is not None and dialog.isVisible()
        summary = dialog.findChild(QLabel, "agreement_summary")
        assert summary is not None and summary.text().startswith("3 documents finished by two or more of ana, ben, cai")
        labels = dialog.findChild(QTableWidget, "agreement_labels")
        assert labels is not None
        assert [labels.item(r, 0).text() for r in range(labels.rowCount())] == ["LOC", "NORP", "DATE", "GPE"]
        roles = dialog.findChild(QTableWidget, "agreement_event_roles")
        assert roles is not None and roles.item(0, 0).text() == "ATTACK.Target"
        dialog.close()
    finally:
        window.close()
