"""The Edit menu's Undo and Redo say what the editing session would undo and redo, before and after a restart."""

from PySide6.QtCore import Qt

from annotator.store import open_project


def _menu(window) -> tuple[bool, str, bool, str]:  # noqa: ANN001
    undo, redo = window.actions_by_id["undo"], window.actions_by_id["redo"]
    return undo.isEnabled(), undo.text(), redo.isEnabled(), redo.text()


def test_undo_and_redo_entries_name_the_next_step(window, project, press, open_window):
    assert _menu(window) == (False, "&Undo", False, "&Redo")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # Russian accepted
    press(Qt.Key.Key_3)  # Kyiv -> GPE
    assert _menu(window) == (True, "&Undo Label as GPE", False, "&Redo")
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _menu(window) == (True, "&Undo Accept span", True, "&Redo Label as GPE")
    assert (window.undo_stack.index(), window.undo_stack.count()) == (1, 2)
    path = project.path
    window.close()

    again = open_window(open_project(path, create=False))
    assert _menu(again) == (True, "&Undo Accept span", True, "&Redo Label as GPE")
    assert (again.undo_stack.index(), again.undo_stack.count()) == (1, 2)
    again.close()
