"""Regression (issue 11): Tab through suggestions highlights only the focused span's row in the span list."""

from PySide6.QtCore import Qt


def test_only_the_focused_span_is_highlighted(window, press, highlighted_rows):
    for expected in range(3):
        press(Qt.Key.Key_Tab)
        row = window.span_model.row_of(window.article.focused_id)
        assert row == expected
        assert highlighted_rows(window, window.span_table) == [row]
    press(Qt.Key.Key_Escape)  # no focused span: no row highlighted
    assert highlighted_rows(window, window.span_table) == []
