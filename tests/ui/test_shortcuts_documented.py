"""Every action has a menu entry, and every key is in the README and the F1 cheat sheet."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTextBrowser

from ui.actions import ACTIONS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_action_is_in_a_menu(window):
    in_menus = {a.objectName() for menu in window.menuBar().actions() for a in menu.menu().actions()}
    assert {a.id for a in ACTIONS} <= in_menus
    assert {f"label_{name}" for name in window.store.schema.names} <= in_menus


def test_every_key_is_in_the_readme():
    missing = [(a.text, key) for a in ACTIONS for key in a.keys if f"`{key}`" not in README]
    assert not missing, f"README lacks these keys: {missing}"


def test_label_keys_are_in_the_readme(window):
    for label in window.store.schema.labels:
        assert f"`{label.key.upper()}` {label.name}" in README


def test_f1_opens_cheat_sheet_with_every_key(window, press):
    press(Qt.Key.Key_F1)
    dialog = window.findChild(QDialog, "shortcut_sheet")
    assert dialog is not None and dialog.isVisible()
    sheet = dialog.findChild(QTextBrowser).toPlainText()
    for action in ACTIONS:
        for key in action.keys:
            assert key in sheet
    for label in window.store.schema.labels:
        assert label.name in sheet
    dialog.close()


def test_question_mark_opens_cheat_sheet(window, press):
    press("?")
    assert window.findChild(QDialog, "shortcut_sheet").isVisible()


def test_event_type_keys_are_in_the_readme(window):
    for kind in window.store.schema.events:
        assert f"`E, {kind.key.upper()}` {kind.name}" in README
