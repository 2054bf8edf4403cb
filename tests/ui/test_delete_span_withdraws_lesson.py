"""Shift+Delete on a span that taught the memory withdraws the lesson from the memory list; Ctrl+Z brings it back."""

from PySide6.QtCore import Qt

from ui.memory_dialog import MemoryDialog


def listed(qtbot, window, project) -> list[tuple[str, str]]:
    """What the Memory dialog lists: phrase and label."""
    dialog = MemoryDialog(project, window)
    qtbot.addWidget(dialog)
    rows = [(dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text()) for r in range(dialog.table.rowCount())]
    dialog.close()
    return rows


def test_deleting_a_relabelled_span_withdraws_what_it_taught(qtbot, window, project, press, first_text):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)  # Kyiv, suggested as PERSON
    press(Qt.Key.Key_3)  # Kyiv is a GPE: taught
    assert listed(qtbot, window, project) == [("Kyiv", "GPE")]
    kyiv = next(s.id for s in project.spans(1) if first_text[s.start:s.end] == "Kyiv")
    window.focus_span(kyiv)
    press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert "Kyiv" not in [first_text[s.start:s.end] for s in project.spans(1)]
    assert listed(qtbot, window, project) == []
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listed(qtbot, window, project) == [("Kyiv", "GPE")]
