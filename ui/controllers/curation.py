"""Team → Curate: the curation panel over the open document of a team project, and the operations it asks for.

Each pick, rejection or "accept the agreements" is one operation of
:mod:`annotator.editing.curation` run through the command runner: saved at once, one undo
step (Ctrl+Z), redrawn like any edit. After a pick the panel moves on to the next place still open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from annotator.editing import curation as operations
from annotator.editing.operations import CommandError
from annotator.team.curation import UnitKey, curation
from ui.context import WindowContext
from ui.controllers.commands import CommandRunner
from ui.curation_panel import CurationPanel


class CurationController(QObject):
    """Shows the curation panel and runs what the curator chooses in it."""

    def __init__(self, ctx: WindowContext, runner: CommandRunner, panel: CurationPanel, dock: QDockWidget) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.runner = runner
        self.panel = panel
        self.dock = dock
        panel.picked.connect(self.pick)
        panel.rejected.connect(self.reject_all)
        panel.accept_agreements.connect(self.accept_agreements)
        panel.place_selected.connect(ctx.article.show_range)
        ctx.state.document_changed.connect(lambda _doc_id: self.refresh())
        runner.changed.connect(lambda _changes: self.refresh(keep=self._current_key()))
        runner.out_of_date.connect(self.refresh)
        if ctx.team_rows is None:
            dock.hide()

    def show_panel(self) -> None:
        """Ctrl+Shift+C: show the panel for the open document and give it the keyboard."""
        ctx = self.ctx
        ctx.reread_team()
        if ctx.team_rows is None:
            ctx.status("Nothing to curate: this project holds no analysts' work. Merge their files first "
                       "(annotator merge TEAM.db ana.db ben.db …).", 8000)
            return
        self.dock.show()
        self.dock.raise_()
        self.refresh()
        self.panel.units.setFocus()

    def refresh(self, keep: UnitKey | None = None) -> None:
        """Show the open document's places as the project now holds them."""
        ctx = self.ctx
        if ctx.closed or not self.dock.isVisible() or ctx.team_rows is None:
            return
        doc_id = ctx.state.document_id
        self.panel.show_curation(curation(ctx.store, doc_id, ctx.team_rows) if doc_id is not None else None,
                                 keep=keep)

    def _current_key(self) -> UnitKey | None:
        unit = self.panel.current_unit()
        return unit.key if unit is not None else None

    def _run(self, operation: operations.Curate, *, advance: bool) -> None:
        if self.runner.run(operation) and advance:
            self.panel.next_open()

    def pick(self, key: UnitKey, index: int) -> None:
        """Take version ``index`` of a place as the team's (keys 1–9)."""
        doc_id = self.ctx.state.document_id
        if doc_id is not None:
            self._run(operations.pick(doc_id, key, index, self.ctx.team_rows), advance=True)

    def reject_all(self, key: UnitKey) -> None:
        """None of the versions of a place (R)."""
        doc_id = self.ctx.state.document_id
        if doc_id is not None:
            self._run(operations.reject_all(doc_id, key, self.ctx.team_rows), advance=True)

    def accept_agreements(self) -> None:
        """Accept once every place all analysts agree on, reject what all left empty (A)."""
        ctx = self.ctx
        doc_id = ctx.state.document_id
        if doc_id is None:
            return
        try:
            operation = operations.accept_agreements(ctx.store, doc_id, ctx.team_rows)
        except CommandError as exc:
            ctx.status(str(exc), 5000)
            return
        self._run(operation, advance=False)
        self.panel.next_open()

