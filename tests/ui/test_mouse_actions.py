"""Clicking a highlight focuses it; the toolbar and span list work with the mouse."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest



def click_text(window, offset: int) -> None:
    view = window.article
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(offset) + 1)
    point = view.cursorRect(cursor).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_click_highlight_then_toolbar_accept(window, project, spans_of, first_text):
    click_text(window, first_text.index("Monday"))
    focused = window.article.focused_id
    assert focused is not None
    assert project.span_row(focused)["label"] == "DATE"
    window.actions_by_id["accept"].trigger()
    assert ("Monday", "DATE", "accepted") in spans_of(project, 1)


def test_click_row_in_span_list_focuses_and_reject_button(window, project, qtbot, spans_of):
    table = window.span_table
    rect = table.visualRect(window.span_model.index(3, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert window.article.focused_id == window.span_model.spans[3].id
    window.actions_by_id["reject"].trigger()
    assert ("Zelensky", "PERSON", "rejected") in spans_of(project, 1)


def test_click_document_in_list_opens_it(window, project):
    table = window.doc_list
    rect = table.visualRect(window.doc_model.index(1, 1))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert window.current_id == 2
    assert window.article.toPlainText().startswith("Talks in Geneva")
