"""Running the core's commands: each is applied (saved at once) and put on the window's undo stack.

Every user action ends here as one core command (annotator.commands) in one transaction,
so there is no Save button. The undo stack's undo and redo revert and re-apply commands in
the database; a refused command or step is shown through ui.error_messages. The runner
says what changed by signal, and the documents controller redraws it.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator import commands
from annotator.commands import Command
from ui import error_messages
from ui.context import WindowContext
from ui.work_clock import WorkClock


class StoredCommand(QUndoCommand):
    """A core command on the undo stack; it was applied before being pushed."""

    def __init__(self, runner: CommandRunner, command: Command, *, undone: bool = False) -> None:
        super().__init__(command.text())
        self.runner = runner
        self.command = command
        self._skip_redo = True  # push() calls redo(); the command already ran
        self._skip_undo = undone  # restored from an earlier session already undone

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._step(commands.redo)

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        self._step(commands.undo)

    def _step(self, step) -> None:  # type: ignore[no-untyped-def]
        runner, ctx = self.runner, self.runner.ctx
        try:
            changes = step(ctx.store, self.command, annotator=ctx.annotator)
        except error_messages.STEP_ERRORS as exc:
            refusal = error_messages.refused_step(exc, ctx.store.path)
            if not refusal.busy:  # e.g. changed elsewhere since: refused, taken off the stack
                self.setObsolete(True)
                runner.out_of_date.emit()  # show what the other window or process did
                ctx.status(refusal.text, refusal.timeout_ms)
                ctx.notify(error_messages.NOTICE_TITLES["step"], refusal.text)
                return
            # Busy: nothing happened, so the stack steps back.
            runner.reread.emit()
            ctx.status(refusal.text, refusal.timeout_ms)
            # Back to where the stack stands now (it moves on after this returns), not one step
            # from wherever it is when the timer fires: an undo pressed meanwhile is stepped back too.
            stack = runner.undo_stack
            back_to = stack.index()
            if step is commands.undo:
                self._skip_redo = True
            else:
                self._skip_undo = True
            QTimer.singleShot(0, lambda: stack.setIndex(back_to))
            return
        runner.changed.emit(changes)


class CommandRunner(QObject):
    """Runs commands for the window, keeps the undo stack and the active time per document."""

    changed = Signal(object)  # commands.Changes: what a command, an undo or a redo touched
    out_of_date = Signal()  # refused because the view showed what is no longer so: catch up
    reread = Signal()  # a step the busy project could not take: redraw the open document as stored

    UI_BUSY_TIMEOUT_MS = 3000  # a write waits this long for another process's transaction, then gives up

    def __init__(self, ctx: WindowContext, undo_stack: QUndoStack) -> None:
        super().__init__(undo_stack)
        self.ctx = ctx
        self.undo_stack = undo_stack
        self.clock = WorkClock()

    def run(self, command: Command) -> bool:
        """Apply a command (saved at once) and put it on the undo stack; False if refused.

        An edit of something another window or process changed or deleted meanwhile is refused
        with a message, and the view is brought up to date; so is a write the busy project
        (a long write elsewhere) could not take within UI_BUSY_TIMEOUT_MS.
        """
        ctx = self.ctx
        self.record_time(flush=False)
        try:
            changes = commands.execute(ctx.store, command, annotator=ctx.annotator, seen=self.seen)
        except error_messages.EDIT_ERRORS as exc:
            refusal = error_messages.refused_edit(exc, ctx.store.path)
            if refusal.out_of_date:
                self.out_of_date.emit()
            ctx.status(refusal.text, refusal.timeout_ms)
            return False
        self.undo_stack.push(StoredCommand(self, command))
        self.changed.emit(changes)
        return True

    def restore_undo_stack(self) -> None:
        """Rebuild undo and redo from the project's history, so they survive closing the project."""
        from annotator import history

        self.undo_stack.clear()
        done, redo = history.restore_stack(self.ctx.store.conn)
        for entry in done:
            self.undo_stack.push(StoredCommand(self, commands.Restored(entry)))
        for entry in reversed(redo):
            self.undo_stack.push(StoredCommand(self, commands.Restored(entry), undone=True))
        self.undo_stack.setIndex(len(done))

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
