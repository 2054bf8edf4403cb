"""The window's undo stack: shows the editing session's state, and steps it on Undo and Redo.

It holds nothing of its own: what can be undone or redone, and what the menu says, is read
from the window's :class:`annotator.editing.session.EditingSession` (the QUndoStack API the
window and tests use: canUndo, index, count, undo, redo and the change signals).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from annotator.editing.operations import CommandError

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class UndoStack(QObject):
    """Undo and Redo of the window's editing session, with the signals the Edit menu follows."""

    canUndoChanged = Signal(bool)
    canRedoChanged = Signal(bool)
    undoTextChanged = Signal(str)
    redoTextChanged = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._shown = (False, False, "", "")

    def canUndo(self) -> bool:  # noqa: N802 - QUndoStack's names
        return self.window.session.can_undo

    def canRedo(self) -> bool:  # noqa: N802
        return self.window.session.can_redo

    def index(self) -> int:
        """How many steps are done (QUndoStack's index)."""
        return self.window.session.done

    def count(self) -> int:
        return self.window.session.done + self.window.session.undone

    def refresh(self) -> None:
        """Tell the menu what the session can undo and redo now."""
        session = self.window.session
        shown = (session.can_undo, session.can_redo, session.undo_text, session.redo_text)
        old, self._shown = self._shown, shown
        for signal, before, now in zip((self.canUndoChanged, self.canRedoChanged, self.undoTextChanged,
                                        self.redoTextChanged), old, shown):
            if before != now:
                signal.emit(now)

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        window = self.window
        session = window.session
        if not (session.can_undo if undo else session.can_redo):
            return
        try:
            changes = session.undo() if undo else session.redo()
        except CommandError as exc:  # e.g. changed elsewhere since: refused, taken off the stack
            self.refresh()
            window._catch_up()  # show what the other window or process did
            window.statusBar().showMessage(str(exc), 10000)
            window.notify("Cannot undo or redo", str(exc))
            return
        except sqlite3.OperationalError as exc:  # busy: nothing happened, the stack stays where it is
            window._refresh_current()
            window.busy_notice(exc)
            return
        self.refresh()
        window.after_change(changes)
