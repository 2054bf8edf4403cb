"""Regression (issue 11): the document list highlights the open document, and only it, after PgDown and Ctrl+Enter."""

from PySide6.QtCore import Qt


def test_one_highlight_follows_the_open_document(window, press, highlighted_rows):
    assert highlighted_rows(window, window.doc_list) == [0]
    press(Qt.Key.Key_PageDown)
    assert window.current_id == 2
    assert highlighted_rows(window, window.doc_list) == [1]  # was [0]: the old row stayed lit
    press(Qt.Key.Key_PageUp)
    assert highlighted_rows(window, window.doc_list) == [0]
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # accept all, done, next
    assert window.current_id == 2
    assert highlighted_rows(window, window.doc_list) == [1]
    assert window.doc_list.currentIndex().row() == 1
