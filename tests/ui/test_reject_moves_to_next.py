"""Regression (issue 11): rejecting a span, from the right-click menu or with X, focuses the next suggestion after it."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu


def point_at(window, offset: int):
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(offset) + 1)
    return window.article.cursorRect(cursor).center()


def focused_text(window, first_text: str) -> str:
    span = next(s for s in window.article.spans() if s.id == window.article.focused_id)
    return first_text[span.start : span.end]


def test_menu_reject_goes_to_the_next_suggestion(window, project, qtbot, first_text, spans_of):
    QTest.mouseClick(window.article.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     point_at(window, first_text.index("Monday")))
    menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
    next(a for a in menu.actions() if a.text() == "Re&ject").trigger()
    menu.close()
    assert ("Monday", "DATE", "rejected") in spans_of(project, 1)
    assert focused_text(window, first_text) == "Zelensky"  # was "Russian", the first suggestion


def test_x_goes_to_the_next_suggestion(window, project, press, first_text):
    for _ in range(3):
        press(Qt.Key.Key_Tab)
    assert focused_text(window, first_text) == "Monday"
    press(Qt.Key.Key_X)
    assert focused_text(window, first_text) == "Zelensky"
