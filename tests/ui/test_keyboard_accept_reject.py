"""Tab focuses suggestions; A / Enter accept, X / Delete reject; each lands in the database at once."""

from PySide6.QtCore import Qt



def test_tab_then_a_accepts_and_moves_on(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    assert window.article.focused_id is not None
    press(Qt.Key.Key_A)
    assert spans_of(project, 1)[0] == ("Russian", "NORP", "accepted")
    # focus moved on to the next suggestion: Enter accepts it
    press(Qt.Key.Key_Return)
    assert spans_of(project, 1)[1] == ("Kyiv", "PERSON", "accepted")


def test_x_and_delete_reject(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_X)
    press(Qt.Key.Key_Delete)
    assert [s[2] for s in spans_of(project, 1)] == ["rejected", "rejected", "suggested", "suggested"]


def test_shift_tab_goes_backwards_and_wraps(window, project, press, spans_of):
    press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_A)
    assert spans_of(project, 1)[-1] == ("Zelensky", "PERSON", "accepted")


def test_document_becomes_in_progress_after_first_edit(window, project, press):
    assert project.summary(1).status == "new"
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)
    assert project.summary(1).status == "in_progress"
    assert window.doc_model.data(window.doc_model.index(0, 0)) == "in progress"
