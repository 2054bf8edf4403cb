"""The document list and the open document: searching, opening, stepping, and every redraw.

A command's changes (from the command runner), another window's or process's commits (from
the live refresh), a new view filter and pre-annotation batches all end here: the list and
the open document are redrawn without losing the analyst's place.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QTimer

from annotator import commands
from annotator.documents import Document
from annotator.doubt import DEFAULT_LIST_ORDER
from annotator.errors import Gone
from ui.context import WindowContext
from ui.controllers.commands import CommandRunner
from ui.controllers.jobs import JobsController
from ui.live_refresh import LiveRefresh
from ui.models import DocumentRows
from ui.status_bar import StatusBar
from ui.tables import show_row
from ui.view_filter import ViewFilter

SEARCH_PAUSE_MS = 200  # the document list follows the search box once typing pauses this long


class DocumentsController(QObject):
    """Owns what the list and the open document show; the lists follow the view state."""

    def __init__(self, ctx: WindowContext, runner: CommandRunner, view_filter: ViewFilter, jobs: JobsController,
                 live: LiveRefresh, status_bar: StatusBar) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.runner = runner
        self.view_filter = view_filter
        self.jobs = jobs
        self.live = live
        self.status_bar = status_bar
        # The list follows the search words once typing pauses: one query per pause, not per
        # key (each re-reads the matching ids, ~50-100 ms on a 100,000-article project).
        self.search_pause = QTimer(ctx.window, singleShot=True, interval=SEARCH_PAUSE_MS)
        self.search_pause.timeout.connect(self.reload)
        ctx.search_box.textChanged.connect(lambda _text: self.search_pause.start())
        ctx.search_box.returnPressed.connect(self.open_first_match)
        for combo in (ctx.status_filter, ctx.label_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        ctx.list_order.setCurrentIndex(max(0, ctx.list_order.findData(ctx.settings.list_order)))
        ctx.list_order.currentIndexChanged.connect(self._on_order_chosen)
        ctx.doc_list.selectionModel().currentRowChanged.connect(self._on_doc_row)
        ctx.span_table.selectionModel().currentRowChanged.connect(self._on_span_row)
        ctx.state.document_changed.connect(self._follow_document)
        ctx.state.span_focused.connect(self._follow_span)
        runner.changed.connect(self.after_change)
        runner.out_of_date.connect(self.catch_up)
        runner.reread.connect(lambda: self.refresh_current())
        live.changed_elsewhere.connect(self.refresh_from_elsewhere)
        view_filter.changed.connect(self._on_filter_changed)
        jobs.imported.connect(self._on_imported)
        jobs.preannotated.connect(self._refresh_after_preannotation)

    # -- the list ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the document list from the project, through the search box and filters."""
        ctx = self.ctx
        ctx.doc_model.reset(DocumentRows.query(
            ctx.store, status=ctx.status_filter.currentData(), label=ctx.label_filter.currentData(),
            search=ctx.search_box.text(), order=ctx.list_order.currentData(),
        ))
        self._select_current_row()
        ctx.update_status()

    @property
    def doubt_order(self) -> bool:
        """True while the list shows the most doubtful documents first (see :mod:`annotator.doubt`)."""
        return self.ctx.list_order.currentData() == "doubt"

    def toggle_doubt_order(self) -> None:
        """Ctrl+Shift+D: list the most doubtful documents first, or back to the usual order."""
        combo = self.ctx.list_order
        combo.setCurrentIndex(combo.findData(DEFAULT_LIST_ORDER if self.doubt_order else "doubt"))

    def _on_order_chosen(self, _index: int) -> None:
        """A new order (the box or Ctrl+Shift+D): remember it, re-read the list, show its top."""
        ctx = self.ctx
        ctx.settings.list_order = ctx.list_order.currentData()
        ctx.settings.sync()
        action = ctx.actions_by_id.get("doubt_order")
        if action is not None:
            action.setChecked(self.doubt_order)
        self.reload()
        ctx.doc_list.scrollToTop()
        ctx.status("Documents listed most doubtful first: the lowest score among the suggestions left to review."
                   if self.doubt_order else "Documents listed in the usual order.", 5000)

    def _select_current_row(self) -> None:
        doc_id = self.ctx.state.document_id
        row = self.ctx.doc_model.row_of(doc_id) if doc_id is not None else -1
        show_row(self.ctx.doc_list, row, scroll=False)

    def _follow_document(self, doc_id: int | None) -> None:
        show_row(self.ctx.doc_list, self.ctx.doc_model.row_of(doc_id) if doc_id is not None else -1)

    def _follow_span(self, span_id: int | None, scroll: bool) -> None:
        show_row(self.ctx.span_table, self.ctx.span_model.row_of(span_id), scroll=scroll)

    def _select_span_row(self) -> None:
        show_row(self.ctx.span_table, self.ctx.span_model.row_of(self.ctx.state.span_id))

    def focus_search(self) -> None:
        """Ctrl+F: type words to find documents (every word must occur; the last may be a prefix)."""
        self.ctx.search_box.setFocus()
        self.ctx.search_box.selectAll()

    def open_first_match(self) -> None:
        """Enter in the search box: open the first document listed."""
        if self.search_pause.isActive():  # Enter before the pause: search now
            self.search_pause.stop()
            self.reload()
        if self.ctx.doc_model.rows:
            self.open(self.ctx.doc_model.rows[0].id)
            self.ctx.article.setFocus()

    def first_open_document(self) -> int | None:
        """The first listed document still to do (or else the first listed)."""
        rows = self.ctx.doc_model.rows
        pending = rows.next_listed(self.ctx.store.ids_with_status(("new", "in_progress")))
        return pending if pending is not None else (rows.ids[0] if len(rows) else None)

    def open_first(self) -> None:
        """Open the first document still to do, if there is one."""
        first = self.first_open_document()
        if first is not None:
            self.open(first)

    def _on_doc_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.ctx.doc_list.property("following"):
            doc_id = self.ctx.doc_model.rows[current.row()].id
            if doc_id != self.ctx.state.document_id:
                self.open(doc_id)

    def _on_span_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.ctx.span_table.property("following"):
            self.ctx.state.focus_span(self.ctx.span_model.spans[current.row()].id)

    def step(self, step: int) -> None:
        """Open the next (1) or previous (-1) document in the list."""
        rows = self.ctx.doc_model.rows
        if not rows:
            return
        doc_id = self.ctx.state.document_id
        row = self.ctx.doc_model.row_of(doc_id) if doc_id is not None else -1
        target = row + step
        if 0 <= target < len(rows):
            self.open(rows[target].id)
        else:
            self.ctx.status("No more documents in that direction.", 3000)

    # -- the open document ---------------------------------------------------------------------
    def open(self, doc_id: int) -> None:
        """Show a document, its highlights and its span list."""
        ctx = self.ctx
        self.runner.record_time()
        doc = ctx.document(doc_id)
        ctx.state.show_document(doc_id)  # the document list follows
        ctx.article.show_document(doc)
        ctx.span_model.reset(doc.text, self.view_filter.listed(doc.spans), ctx.store.schema)
        ctx.events_panel.show_events(doc.text, doc.events, {s.id: s for s in doc.spans if s.id is not None})
        ctx.window.setWindowTitle(f"{doc.title or 'Document'} — Annotator — {ctx.project_title}")
        ctx.update_status()

    def refresh_current(self, changes: commands.Changes | None = None, *, doc: Document | None = None) -> None:
        """Redraw the open document: only what ``changes`` touched if that can be patched, else all of it."""
        ctx = self.ctx
        doc_id = ctx.state.document_id
        if doc_id is None:
            return
        if changes is not None and self._patch_current(changes):
            return
        doc = doc if doc is not None else ctx.document(doc_id)
        ctx.article.set_spans(doc.spans)
        ctx.span_model.reset(doc.text, self.view_filter.listed(doc.spans), ctx.store.schema)
        event_id = ctx.state.event_id
        current = event_id if any(e.id == event_id for e in doc.events) else None
        ctx.article.set_events(doc.events)
        ctx.events_panel.show_events(doc.text, doc.events, {s.id: s for s in doc.spans if s.id is not None})
        ctx.state.select_event(current, scroll=False)
        if ctx.state.span_id is not None and ctx.span_model.row_of(ctx.state.span_id) < 0:
            ctx.state.focus_span(None, scroll=False)
        self._select_span_row()

    def _patch_current(self, changes: commands.Changes) -> bool:
        """Redraw only the spans an action changed (accept, reject, relabel: offsets unchanged).

        Keeps every single action cheap on documents with tens of thousands of highlights;
        anything else (spans added, removed or moved, events changed) takes the full reload.
        """
        ctx = self.ctx
        if changes.event_ids or not changes.span_ids or changes.other_doc_ids:
            return False
        spans = ctx.store.spans_by_ids(sorted(changes.span_ids))
        if len(spans) != len(changes.span_ids) or any(self.view_filter.is_hidden(s) for s in spans):
            return False  # e.g. relabelled to a hidden label: it leaves the span list
        if not ctx.article.update_spans(spans):
            return False
        if not ctx.span_model.update_spans(spans):
            ctx.span_model.reset(ctx.article.positions.text, self.view_filter.listed(ctx.article.all_spans()),
                                 ctx.store.schema)
        current = ctx.events_panel.current
        if current is not None and {a.span_id for a in current.arguments} & changes.span_ids:
            ctx.events_panel.show_events(ctx.article.positions.text, ctx.events_panel.model.events,
                                         {s.id: s for s in ctx.article.all_spans() if s.id is not None})
        return True

    def after_change(self, changes: commands.Changes) -> None:
        """Redraw what a command touched; undo in another document opens that document."""
        ctx = self.ctx
        if changes.doc_id != ctx.state.document_id:
            self.open(changes.doc_id)
        else:
            self.refresh_current(changes)
        for doc_id in {changes.doc_id, *changes.other_doc_ids}:
            ctx.doc_model.update_row(ctx.store.summary(doc_id))
        if changes.other_doc_ids:
            n = len(changes.other_doc_ids)
            ctx.status(f"Learned: {n} unreviewed document{'s' if n != 1 else ''} updated too.", 5000)
        self.status_bar.saved_label.setText(f"Saved {datetime.now():%H:%M:%S}")
        ctx.update_status()
        self.live.own_change()

    def _on_filter_changed(self) -> None:
        if self.ctx.state.document_id is not None:
            self.refresh_current()
        self.ctx.update_status()

    def _on_imported(self, _report: object) -> None:
        self.reload()
        if self.ctx.state.document_id is None and self.ctx.doc_model.rows:
            self.open(self.ctx.doc_model.rows[0].id)

    def _refresh_after_preannotation(self) -> None:
        ctx = self.ctx
        focused = ctx.state.span_id
        self.reload()
        if ctx.state.document_id is not None:
            if not ctx.article.spans():
                self.refresh_current()
            ctx.state.focus_span(focused, scroll=False)
        ctx.update_status()

    # -- other windows and processes -------------------------------------------------------------
    def catch_up(self) -> None:
        """Show what other connections wrote, now (an edit was just refused because of it)."""
        if not self.live.check():
            self.refresh_from_elsewhere("", document=True)

    def refresh_from_elsewhere(self, note: str, document: bool) -> None:
        """Another window or process wrote to the project: redraw without losing the user's place.

        The document list keeps its filters, selection and scroll position; the open document
        is re-read only if it changed, keeping the focused span, the current event and the
        article's scroll position.
        """
        ctx = self.ctx
        ctx.reread_team()
        bar = ctx.doc_list.verticalScrollBar()
        scroll = bar.value()
        self.reload()
        bar.setValue(scroll)
        changed = False
        if document and ctx.state.document_id is not None:
            changed = self._reload_current_if_changed()
        if not self.jobs.busy and (note or changed):  # during its own background job, the window knows
            where = " here" if changed else ""
            ctx.status(f"Updated{where} by another window or process{': ' + note if note else ''}.", 8000)

    def _reload_current_if_changed(self) -> bool:
        """Re-read the open document; redraw only if what it shows differs. True if it did."""
        ctx = self.ctx
        doc_id = ctx.state.document_id
        assert doc_id is not None
        try:
            doc = ctx.document(doc_id)
        except Gone:  # the document itself is gone
            ctx.state.set_document(None)
            self.open_first()
            return True
        if doc.spans == ctx.article.all_spans() and doc.events == ctx.events_panel.model.events:
            return False
        span_scroll = ctx.span_table.verticalScrollBar().value()
        self.refresh_current(doc=doc)
        ctx.span_table.verticalScrollBar().setValue(span_scroll)
        ctx.doc_model.update_row(ctx.store.summary(doc_id))
        return True
