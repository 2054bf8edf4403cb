"""Ctrl+Enter accepts what remains, marks done and moves on; Shift(+Ctrl)+arrows move span boundaries."""

from PySide6.QtCore import Qt


def test_ctrl_enter_finishes_and_opens_next(window, project, press, spans_of):
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert {s[2] for s in spans_of(project, 1)} == {"accepted"}
    assert project.summary(1).status == "done"
    assert window.current_id == 2
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step
    assert project.summary(1).status == "new"
    assert {s[2] for s in spans_of(project, 1)} == {"suggested"}


def test_shift_arrows_move_boundaries(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)  # "Russian"
    press(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert spans_of(project, 1)[0] == ("Russian forces", "NORP", "accepted")
    press(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans_of(project, 1)[0] == ("forces", "NORP", "accepted")
    press(Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert spans_of(project, 1)[0] == ("Russian", "NORP", "accepted")


def test_span_cannot_shrink_to_nothing(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert spans_of(project, 1)[0] == ("Russian", "NORP", "suggested")
    assert "cannot shrink" in window.statusBar().currentMessage()


def test_without_focus_shift_arrows_select_text(window, project, press):
    press(Qt.Key.Key_Escape)
    assert window.article.focused_id is None
    press(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.article.textCursor().hasSelection()


def test_ctrl_enter_opens_the_next_listed_document_when_the_open_one_is_searched_out(window, project, press, qtbot):
    window.search_box.setText("Geneva")  # the list shows only the second document; the first stays open
    qtbot.waitUntil(lambda: [r.id for r in window.doc_model.rows] == [2])
    assert window.current_id == 1
    window.article.setFocus()
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert project.summary(1).status == "done"
    assert window.current_id == 2
