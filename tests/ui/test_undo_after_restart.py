"""Undo and redo survive closing and reopening the project (the history is stored)."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.store import open_project


def test_undo_redo_after_reopening(qtbot, window, project, press, spans_of, open_window):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # Russian accepted
    press(Qt.Key.Key_3)  # Kyiv -> GPE
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # relabel undone
    path = project.path
    window.close()

    store = open_project(path, create=False)
    again = open_window(store)

    def key(k, mods=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(again.focusWidget() or again, k, mods)

    assert again.undo_stack.canUndo() and again.undo_stack.canRedo()
    key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans_of(store, 1)[1] == ("Kyiv", "GPE", "accepted")
    key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_of(store, 1)[:2] == [("Russian", "NORP", "suggested"), ("Kyiv", "PERSON", "suggested")]
    assert store.summary(1).status == "new"
    assert not again.undo_stack.canUndo()
    again.close()
