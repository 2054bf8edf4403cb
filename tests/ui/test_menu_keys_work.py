"""Regression (issue 11): the keys a popup menu shows beside its entries work while it is open.

The role label menu (a new role filler's label) and the right-click menu listed keys that did
nothing: a popup takes the keyboard, so the window's shortcuts never fired.
"""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from annotator import event_commands as ec


def press_in_popup(qtbot, key: Qt.Key, shown: list[str]) -> None:
    """Once a popup shows (its exec() blocks the test), note its entries and press ``key`` in it."""

    def attempt() -> None:
        popup = QApplication.activePopupWidget()
        if popup is None:
            QTimer.singleShot(10, attempt)
            return
        shown.extend(a.text() for a in popup.actions())
        QTest.keyClick(popup, key)
        if popup.isVisible():  # the key did nothing: close it so the test goes on (and fails)
            popup.close()

    QTimer.singleShot(10, attempt)


def test_label_key_in_the_role_label_menu(window, project, press, qtbot, first_text, spans_of):
    start = first_text.index("struck")
    command = ec.AddEvent(1, start, start + len("struck"), "ATTACK")
    assert window.run(command)
    window.select_event(command.event_id)
    forces = first_text.index("forces")
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(forces))
    cursor.setPosition(window.article.positions.to_qt(forces + 6), QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)
    shown: list[str] = []
    press_in_popup(qtbot, Qt.Key.Key_2, shown)
    press(Qt.Key.Key_R)
    press(Qt.Key.Key_1)  # Attacker: PERSON, ORG, NORP or GPE? The menu asks
    assert "ORG\t2" in shown
    assert ("forces", "ORG", "accepted") in spans_of(project, 1)
    arguments = project.event(command.event_id).arguments
    assert [a.role for a in arguments] == ["Attacker"]


def test_reject_key_in_the_right_click_menu(window, project, qtbot, first_text, spans_of):
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(first_text.index("Monday")) + 1)
    point = window.article.cursorRect(cursor).center()
    QTest.mouseClick(window.article.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
    assert any(a.text() == "Re&ject" and "X" in [k.toString() for k in a.shortcuts()] for a in menu.actions())
    QTest.keyClick(menu, Qt.Key.Key_X)
    assert not menu.isVisible()
    assert ("Monday", "DATE", "rejected") in spans_of(project, 1)


def test_event_type_key_in_the_right_click_menu(window, project, qtbot, first_text):
    start = first_text.index("struck")
    command = ec.AddEvent(1, start, start + len("struck"), "ATTACK")
    assert window.run(command)
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(start) + 2)
    point = window.article.cursorRect(cursor).center()
    QTest.mouseClick(window.article.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    assert window.current_event_id == command.event_id  # right-click on the trigger selects its event
    menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
    types = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Change event type to")
    die = next(a for a in types.actions() if a.text() == "DIE")
    assert die.shortcut().toString() == "E, D"  # shown as such beside the entry
    types.popup(menu.mapToGlobal(menu.rect().topRight()))
    QTest.keyClick(types, Qt.Key.Key_D)  # in the open submenu, the type's own key is enough
    assert not types.isVisible() and not menu.isVisible()
    assert project.event(command.event_id).type == "DIE"
