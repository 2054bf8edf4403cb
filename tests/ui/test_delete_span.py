"""Shift+Delete removes the focused span from the project; undo brings it back."""

from PySide6.QtCore import Qt



def test_shift_delete_removes_span(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert [s[0] for s in spans_of(project, 1)] == ["Kyiv", "Monday", "Zelensky"]
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s[0] for s in spans_of(project, 1)] == ["Russian", "Kyiv", "Monday", "Zelensky"]
