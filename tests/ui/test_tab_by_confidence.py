"""Tab by confidence (Ctrl+Shift+L, off by default): Tab goes to the least confident suggestion, then the
next lowest, Shift+Tab the other way, a decision moves on in the same order; off again, Tab goes in
text order as before (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TEXT_ORDER = ["Russian", "Kyiv", "Monday", "Zelensky"]


def _focused_text(window) -> str:
    span = next(s for s in window.article.spans() if s.id == window.article.focused_id)
    return window.article.positions.text[span.start:span.end]


def _scored(project) -> None:
    with project.transaction():
        for span_id, score in ((1, 0.7), (2, 0.2), (3, 0.9), (4, 0.45)):  # Russian, Kyiv, Monday, Zelensky
            project.conn.execute("UPDATE spans SET score = ? WHERE id = ?", (score, span_id))


def test_tab_goes_least_confident_first_then_back_to_text_order(open_window, project, qtbot):
    _scored(project)
    window = open_window(project)

    def press(key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> str:
        qtbot.keyClick(window.focusWidget() or window, key, modifiers)
        row = window.span_table.selectionModel().selectedRows()[0].row()
        assert window.span_model.spans[row].id == window.article.focused_id  # the span list follows
        return _focused_text(window)

    assert [press(Qt.Key.Key_Tab) for _ in range(5)] == [*TEXT_ORDER, "Russian"]  # the default: text order
    assert not window.actions_by_id["tab_by_confidence"].isChecked()

    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L, CTRL_SHIFT)
    assert window.actions_by_id["tab_by_confidence"].isChecked()
    window.focus_span(None)
    assert [press(Qt.Key.Key_Tab) for _ in range(5)] == ["Kyiv", "Zelensky", "Russian", "Monday", "Kyiv"]
    assert press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) == "Monday"  # wraps back to the most confident
    assert press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) == "Russian"

    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L, CTRL_SHIFT)
    assert not window.actions_by_id["tab_by_confidence"].isChecked()
    window.focus_span(None)
    assert [press(Qt.Key.Key_Tab) for _ in range(4)] == TEXT_ORDER
    window.close()


def test_a_decision_moves_on_to_the_next_least_confident(open_window, project, qtbot, spans_of):
    _scored(project)
    window = open_window(project)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L, CTRL_SHIFT)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Tab)
    assert _focused_text(window) == "Kyiv"
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_X)  # reject Kyiv
    assert ("Kyiv", "PERSON", "rejected") in spans_of(project, 1)
    assert _focused_text(window) == "Zelensky"
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_A)
    assert _focused_text(window) == "Russian"
    window.close()


def test_the_switch_is_remembered(open_window, project, qtbot):
    _scored(project)
    window = open_window(project)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L, CTRL_SHIFT)
    window.close()
    from annotator.store import open_project

    again = open_window(open_project(project.path))
    assert again.actions_by_id["tab_by_confidence"].isChecked()
    qtbot.keyClick(again.focusWidget() or again, Qt.Key.Key_Tab)
    assert _focused_text(again) == "Kyiv"
    again.close()
