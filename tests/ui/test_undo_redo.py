"""Ctrl+Z / Ctrl+Shift+Z undo and redo in the database, across documents."""

from PySide6.QtCore import Qt



def test_undo_redo_relabel(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_3)
    assert spans_of(project, 1)[1] == ("Kyiv", "GPE", "accepted")
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_of(project, 1)[1] == ("Kyiv", "PERSON", "suggested")
    assert project.summary(1).status == "new"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans_of(project, 1)[1] == ("Kyiv", "GPE", "accepted")


def test_undo_in_another_document_opens_it(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_PageDown)
    assert window.current_id == 2
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current_id == 1
    assert spans_of(project, 1)[0] == ("Russian", "NORP", "suggested")


def test_history_records_each_action(window, project, press):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    rows = project.conn.execute("SELECT command, annotator FROM history ORDER BY id").fetchall()
    assert rows == [("accept", "tester"), ("undo:accept", "tester")]
