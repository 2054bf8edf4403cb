"""The selected event is one: picked in the Events panel, by ] or in the text, the panel and the article agree."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def put_caret(window, offset: int) -> None:
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(offset))
    window.article.setTextCursor(cursor)


def selected_row(window) -> int:
    rows = window.events_panel.table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


def test_panel_keys_and_text_show_one_selected_event(window, project, press, first_text, qtbot):
    for word in ("struck", "strike was"):
        put_caret(window, first_text.index(word) + 1)
        press(Qt.Key.Key_E)
        press(Qt.Key.Key_A)
    first, second = (e.id for e in project.events(1))
    assert window.current_event_id == second

    table = window.events_panel.table  # a click on the first row of the Events panel
    rect = table.visualRect(window.events_panel.model.index(0, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_event_id == first
    assert window.article.current_event_id == first  # its trigger is the one boxed in the text
    assert window.events_panel.current is not None and window.events_panel.current.id == first
    assert window.events_panel.slots  # its roles are listed

    window.article.setFocus()
    press(Qt.Key.Key_BracketRight)  # ] selects the next event: the panel's row follows
    assert window.current_event_id == second == window.article.current_event_id
    assert selected_row(window) == 1

    press(Qt.Key.Key_Escape)  # drops the span focus, keeps the event
    assert window.current_event_id == second and selected_row(window) == 1
    press(Qt.Key.Key_PageDown)  # another document: nothing is selected there
    assert window.current_event_id is None and window.article.current_event_id is None
    assert window.events_panel.current is None and selected_row(window) == -1
