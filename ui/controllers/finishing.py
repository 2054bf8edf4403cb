"""Finishing a document: mark it done (Ctrl+D), or accept what is shown, mark done and go on (Ctrl+Enter).

With suggestions left unreviewed it asks first (accept, reject, leave, cancel), unless the
settings remember an answer; the decisions and the status are one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from annotator import commands
from annotator import event_commands as ec
from annotator.commands import Command
from annotator.editing import curation
from annotator.editing.operations import CommandError
from ui.context import WindowContext
from ui.controllers.commands import CommandRunner
from ui.controllers.documents import DocumentsController
from ui.view_filter import ViewFilter


class FinishingController(QObject):
    """Marks documents done, deciding the suggestions left in them."""

    def __init__(self, ctx: WindowContext, runner: CommandRunner, documents: DocumentsController,
                 view_filter: ViewFilter) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.runner = runner
        self.documents = documents
        self.view_filter = view_filter

    def finish_document(self) -> None:
        """Ctrl+Enter: accept the shown suggestions and events, mark done, open the next document not done.

        Suggestions the view filter hides are not accepted: if some are left, the analyst is
        asked what to do with them (or the choice remembered in the settings is applied).
        """
        doc_id = self.ctx.state.document_id
        if doc_id is None:
            return
        self._settle_agreements(doc_id)
        is_hidden = self.view_filter.is_hidden
        suggested = [s for s in self.ctx.article.all_spans() if s.status == "suggested" and s.id is not None]
        shown = [s.id for s in suggested if not is_hidden(s)]
        hidden = [s.id for s in suggested if is_hidden(s)]
        events = self._suggested_events()

        def done(choice: str) -> None:
            accept, reject = list(shown), []
            if choice == "accept":
                accept += hidden
            elif choice == "reject":
                reject = list(hidden)
            if self._mark_done(doc_id, accept=accept, reject=reject, accept_events=events, reject_events=[],
                               text="Accept all and mark done"):
                self._open_next_not_done(doc_id)

        if hidden:
            self._decide_unreviewed(len(hidden), len(hidden), finishing=True, then=done)
        else:
            done("leave")

    def _open_next_not_done(self, after: int) -> None:
        not_done = self.ctx.store.ids_with_status(("new", "in_progress", "skipped"))
        target = self.ctx.doc_model.rows.next_listed(not_done, after)
        if target is None:
            self.ctx.status("Every document is done.", 5000)
        else:
            self.documents.open(target)

    def toggle_done(self) -> None:
        """Mark the document done, or back to in progress if it already is.

        With suggestions left unreviewed (the export would count them as "no entity"), it asks
        first: accept them, reject them, mark done anyway, or cancel.
        """
        doc_id = self.ctx.state.document_id
        if doc_id is None:
            return
        if self.ctx.store.summary(doc_id).status == "done":
            self.runner.run(commands.SetDocStatus(doc_id, "in_progress"))
            return
        self._settle_agreements(doc_id)
        suggested = [s for s in self.ctx.article.all_spans() if s.status == "suggested" and s.id is not None]
        events = self._suggested_events()
        if not suggested and not events:
            self.runner.run(commands.SetDocStatus(doc_id, "done"))
            return
        ids = [s.id for s in suggested]

        def done(choice: str) -> None:
            self._mark_done(doc_id, accept=ids if choice == "accept" else [], reject=ids if choice == "reject" else [],
                            accept_events=events if choice == "accept" else [],
                            reject_events=events if choice == "reject" else [], text="Mark done")

        self._decide_unreviewed(len(ids) + len(events), sum(1 for s in suggested if self.view_filter.is_hidden(s)),
                                finishing=False, then=done)

    def _settle_agreements(self, doc_id: int) -> None:
        """A team document analysts finished: accept their agreements first (its own undo step).

        Otherwise accepting what is shown would also accept the project's suggestions that every
        analyst rejected, and turn the team's suggestions into decisions nobody made.
        """
        ctx = self.ctx
        if ctx.team_rows is None:
            return
        try:
            operation = curation.accept_agreements(ctx.store, doc_id, ctx.team_rows)
        except CommandError:  # no analyst finished it, or nothing is left to settle
            return
        if self.runner.run(operation):
            ctx.status("The analysts' agreements were accepted first (one undo step of its own).", 5000)

    def _suggested_events(self) -> list[int]:
        return [e.id for e in self.ctx.events_panel.model.events if e.status == "suggested" and e.id is not None]

    def _decide_unreviewed(self, count: int, hidden: int, *, finishing: bool, then: Callable[[str], None]) -> None:
        """Ask what to do with unreviewed suggestions (unless the settings say), then ``then(choice)``."""
        settings = self.ctx.settings
        remembered = settings.unreviewed
        if remembered != "ask":
            then(remembered)
            return
        from ui.review_dialogs import UnreviewedDialog

        dialog = UnreviewedDialog(count, hidden, finishing=finishing, parent=self.ctx.window)
        doc_id = self.ctx.state.document_id

        def answered(_result: int) -> None:
            if dialog.choice is None or self.ctx.closed or self.ctx.state.document_id != doc_id:
                return
            if dialog.remember.isChecked():
                settings.unreviewed = dialog.choice
                settings.sync()
            then(dialog.choice)

        dialog.finished.connect(answered)
        dialog.open()

    def _mark_done(self, doc_id: int, *, accept: list[int], reject: list[int], accept_events: list[int],
                   reject_events: list[int], text: str) -> bool:
        """One undoable action: decide the given suggestions and events, then mark the document done."""
        parts: list[Command] = []
        if accept:
            parts.append(commands.accept(doc_id, accept))
        if reject:
            parts.append(commands.reject(doc_id, reject))
        if accept_events:
            parts.append(ec.accept_events(doc_id, accept_events))
        if reject_events:
            parts.append(ec.reject_events(doc_id, reject_events))
        parts.append(commands.SetDocStatus(doc_id, "done"))
        if len(parts) == 1:
            return self.runner.run(parts[0])
        return self.runner.run(commands.Composite(doc_id, parts, name="finish_document", text=text))
