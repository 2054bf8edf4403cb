"""Shift+L focuses the least confident suggestion, pressed again the next lowest (wrapping); after a
decision it starts again from the lowest suggestion left."""

from PySide6.QtCore import Qt


def _focused_text(window) -> str:
    span = next(s for s in window.article.spans() if s.id == window.article.focused_id)
    return window.article.positions.text[span.start:span.end]


def test_shift_l_walks_up_from_the_lowest_score(open_window, project, qtbot):
    with project.transaction():
        for span_id, score in ((1, 0.7), (2, 0.2), (4, 0.45)):  # Russian, Kyiv, Zelensky; Monday has none
            project.conn.execute("UPDATE spans SET score = ? WHERE id = ?", (score, span_id))
    window = open_window(project)
    shift = Qt.KeyboardModifier.ShiftModifier

    def press_l() -> str:
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L, shift)
        row = window.span_table.selectionModel().selectedRows()[0].row()
        assert window.span_model.spans[row].id == window.article.focused_id  # the list follows
        return _focused_text(window)

    assert [press_l() for _ in range(5)] == ["Kyiv", "Zelensky", "Russian", "Monday", "Kyiv"]
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_X)  # reject Kyiv; the focus moves on
    assert press_l() == "Zelensky"  # the lowest of those left, wherever the focus went
    assert press_l() == "Russian"
    window.close()
