"""Running the user's actions through the window's editing session, and its undo stack.

Every user action ends here as one operation run by the editing session (annotator.editing),
in one transaction, so there is no Save button; the session teaches the memory from it by its
kind. Undo and redo put the rows the action changed back from their stored images, the same
way before and after a restart; the undo stack only shows the session's state. A refused
action or step is shown through ui.error_messages. The runner says what changed by signal,
and the documents controller redraws it.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, Signal

from annotator.commands import Command
from annotator.editing.operations import Changes
from annotator.editing.session import EditingSession
from ui import error_messages
from ui.context import WindowContext
from ui.work_clock import WorkClock


class UndoStack(QObject):
    """What the Edit menu shows of the editing session: can it undo or redo, and what (QUndoStack's API).

    It holds nothing of its own; Undo and Redo ask the command runner to step the session.
    """

    canUndoChanged = Signal(bool)
    canRedoChanged = Signal(bool)
    undoTextChanged = Signal(str)
    redoTextChanged = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.runner: CommandRunner | None = None  # set by the runner that steps it
        self._shown = (False, False, "", "")

    def _session(self) -> EditingSession | None:
        return self.runner.session if self.runner is not None else None

    def canUndo(self) -> bool:  # noqa: N802 - QUndoStack's names
        session = self._session()
        return session is not None and session.can_undo

    def canRedo(self) -> bool:  # noqa: N802
        session = self._session()
        return session is not None and session.can_redo

    def index(self) -> int:
        """How many steps are done (QUndoStack's index)."""
        session = self._session()
        return session.done if session is not None else 0

    def count(self) -> int:
        session = self._session()
        return session.done + session.undone if session is not None else 0

    def refresh(self) -> None:
        """Tell the menu what the session can undo and redo now."""
        session = self._session()
        shown = (False, False, "", "") if session is None else (
            session.can_undo, session.can_redo, session.undo_text, session.redo_text)
        old, self._shown = self._shown, shown
        for signal, before, now in zip((self.canUndoChanged, self.canRedoChanged, self.undoTextChanged,
                                        self.redoTextChanged), old, shown):
            if before != now:
                signal.emit(now)

    def undo(self) -> None:
        if self.runner is not None:
            self.runner.step(undo=True)

    def redo(self) -> None:
        if self.runner is not None:
            self.runner.step(undo=False)


class CommandRunner(QObject):
    """Runs commands for the window, keeps the undo stack and the active time per document."""

    changed = Signal(object)  # commands.Changes: what a command, an undo or a redo touched
    out_of_date = Signal()  # refused because the view showed what is no longer so: catch up
    reread = Signal()  # a step the busy project could not take: redraw the open document as stored

    UI_BUSY_TIMEOUT_MS = 3000  # a write waits this long for another process's transaction, then gives up

    def __init__(self, ctx: WindowContext, undo_stack: UndoStack) -> None:
        super().__init__(undo_stack)
        self.ctx = ctx
        self.undo_stack = undo_stack
        undo_stack.runner = self
        self.session = EditingSession(ctx.store, annotator=ctx.annotator)  # from the project's history
        self.clock = WorkClock()
        self.last_changes = Changes(0)  # what the last command run changed (its caller may say more of it)

    def run(self, command: Command) -> bool:
        """Apply a command (saved at once) and put it on the undo stack; False if refused.

        An edit of something another window or process changed or deleted meanwhile is refused
        with a message, and the view is brought up to date; so is a write the busy project
        (a long write elsewhere) could not take within UI_BUSY_TIMEOUT_MS.
        """
        ctx = self.ctx
        self.record_time(flush=False)
        try:
            self.session.annotator = ctx.annotator
            changes = self.session.run(command, seen=self.seen)
        except error_messages.EDIT_ERRORS as exc:
            refusal = error_messages.refused_edit(exc, ctx.store.path)
            if refusal.out_of_date:
                self.out_of_date.emit()
            ctx.status(refusal.text, refusal.timeout_ms)
            return False
        self.last_changes = changes
        self.undo_stack.refresh()
        self.changed.emit(changes)
        return True

    def step(self, *, undo: bool) -> None:
        """Undo (or redo) the session's last step; a refusal is shown, and taken off the stack unless busy."""
        ctx, session = self.ctx, self.session
        if not (session.can_undo if undo else session.can_redo):
            return
        session.annotator = ctx.annotator
        try:
            changes = session.undo() if undo else session.redo()
        except error_messages.STEP_ERRORS as exc:
            self.undo_stack.refresh()
            refusal = error_messages.refused_step(exc, ctx.store.path)
            if not refusal.busy:  # e.g. changed elsewhere since: refused, off the stack
                self.out_of_date.emit()  # show what the other window or process did
                ctx.status(refusal.text, refusal.timeout_ms)
                ctx.notify(error_messages.NOTICE_TITLES["step"], refusal.text)
                return
            # Busy: nothing happened, the session's stacks are as they were.
            self.reread.emit()
            ctx.status(refusal.text, refusal.timeout_ms)
            return
        self.undo_stack.refresh()
        self.changed.emit(changes)

    def restore_undo_stack(self) -> None:
        """Undo and redo from the project's history (they survive closing it): a session on another project starts anew."""
        if self.session.store is not self.ctx.store:
            self.session = EditingSession(self.ctx.store, annotator=self.ctx.annotator)
        self.undo_stack.refresh()

    def record_time(self, *, flush: bool = True) -> None:
        """Credit the active time since the last action to the open document (idle gaps capped)."""
        doc_id = self.ctx.state.document_id
        if doc_id is not None:
            self.clock.tick(doc_id)
        if flush:
            for doc_id, seconds in self.clock.take().items():
                try:
                    self.ctx.store.add_time(doc_id, seconds)
                except sqlite3.OperationalError:  # busy: credited with the next flush instead
                    self.clock.credit(doc_id, seconds)

    def use_ui_busy_timeout(self) -> None:
        """Wait at most UI_BUSY_TIMEOUT_MS for the write lock (terminal commands keep 30 s): never a frozen window."""
        self.ctx.store.set_busy_timeout(self.UI_BUSY_TIMEOUT_MS)

    def busy_notice(self, exc: sqlite3.OperationalError) -> None:
        """A write gave up waiting for another process (or the file is read-only): say so; nothing was changed."""
        self.ctx.status(error_messages.not_saved(exc, self.ctx.store.path), 10000)

    def seen(self, table: str, row_id: int) -> dict[str, object] | None:
        """What this window shows of a span or event: an edit is refused if the row differs now."""
        if table == "spans":
            span_model = self.ctx.span_model
            row = span_model.row_of(row_id)
            if row < 0:
                return None
            span = span_model.spans[row]
            return {"start": span.start, "end": span.end, "label": span.label, "status": span.status}
        if table == "events":
            event = next((e for e in self.ctx.events_panel.model.events if e.id == row_id), None)
            if event is None:
                return None
            return {"type": event.type, "trigger_start": event.trigger_start, "trigger_end": event.trigger_end,
                    "status": event.status, "modality": event.modality, "polarity": event.polarity}
        return None
