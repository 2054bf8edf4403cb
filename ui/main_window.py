"""The main window: it builds the views, the shared context and the controllers, and wires them.

Nothing is decided here. A key press is a QAction from the action table (ui/actions.py),
whose row names a controller's method (ui/controllers/); the controller runs an operation
through the command runner, whose editing session saves it at once and can undo it; the
documents controller redraws what the operation changed, and the views follow the view state
(ui/view_state.py). See ARCHITECTURE.md.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from annotator.commands import Command
from annotator.store import Store
from ui import workers
from ui.actions import spec
from ui.article_view import ArticleView
from ui.context import WindowContext
from ui.controllers.commands import CommandRunner, UndoStack
from ui.controllers.curation import CurationController
from ui.controllers.documents import SEARCH_PAUSE_MS, DocumentsController
from ui.controllers.events import EventsController
from ui.controllers.files import FilesController
from ui.controllers.finishing import FinishingController
from ui.controllers.help import HelpController
from ui.controllers.jobs import JobsController
from ui.controllers.preferences import PreferencesController
from ui.controllers.spans import SpansController
from ui.document_browser import DocumentBrowser
from ui.curation_panel import CurationPanel
from ui.events_panel import EventsPanel
from ui.live_refresh import LiveRefresh
from ui.menus import WindowMenus
from annotator.kb import describe, explain
from ui.models import DocumentListModel, SpanTableModel
from ui.settings import AppSettings
from ui.span_inspector import SpanInspector
from ui.status_bar import StatusBar
from ui.tables import table
from ui.view_filter import ViewFilter
from ui.view_state import ViewState


class MainWindow(QMainWindow):
    """Annotator's window over one project."""

    def __init__(self, store: Store, *, annotator: str, model: str | None = None, preannotate: bool = True,
                 settings: AppSettings | None = None) -> None:
        super().__init__()
        settings = settings or AppSettings()
        settings.add_recent(store.path)
        self.state = ViewState(self)
        self.ctx = ctx = WindowContext(self, store, annotator=annotator, model=model, settings=settings,
                                       state=self.state)
        self.undo_stack = UndoStack(self)  # shows the runner's editing session
        self.actions_by_id = ctx.actions_by_id
        self.setWindowTitle(f"Annotator — {ctx.project_title}")
        self.resize(1400, 860)
        self._build_views()

        # The rooms: each controller owns one kind of work (ui/controllers/__init__.py).
        self.view_filter = ViewFilter(ctx)
        self.article.set_hidden(self.view_filter.is_hidden)
        self.runner = CommandRunner(ctx, self.undo_stack)
        self.status_bar = StatusBar(ctx, self.view_filter)
        ctx.update_status = self.status_bar.update
        self.live = LiveRefresh(ctx)  # changes made by other windows and terminal commands appear
        self.jobs = JobsController(ctx, self.status_bar, self.live)
        self.documents = DocumentsController(ctx, self.runner, self.view_filter, self.jobs, self.live, self.status_bar)
        self.spans = SpansController(ctx, self.runner)
        self.events = EventsController(ctx, self.runner, self.spans)
        self.finishing = FinishingController(ctx, self.runner, self.documents, self.view_filter)
        self.files = FilesController(ctx, self.runner, self.documents, self.jobs, self.live)
        self.help = HelpController(ctx)
        self.preferences = PreferencesController(ctx)
        self.curation = CurationController(ctx, self.runner, self.curation_panel, self.curation_dock)

        self.menus = WindowMenus(self, ctx, self.spans, self.events)
        self.menus.build(self, self.undo_stack, self.files.recent_menu)
        self.files.schema_replaced.connect(self.menus.build_label_actions)
        self.article.menu_requested.connect(self.menus.show_context_menu)
        self.status_bar.cancel_button.clicked.connect(self.jobs.cancel)
        self.runner.changed.connect(self.jobs.learn_if_due)  # a document marked done may make a model due
        self.status_bar.update()

        self.documents.reload()
        self.runner.restore_undo_stack()
        self.documents.open_first()
        self.runner.use_ui_busy_timeout()
        self.live.start()
        self.jobs.start(workers.TokenizerWarmup())
        if preannotate and store.count_pending_preannotation():
            self.jobs.start_preannotation()
        elif preannotate:
            self.jobs.resume_learning()  # a round killed while re-suggesting (the app or `learn --use`) goes on

    def _build_views(self) -> None:
        """The article in the middle; documents on the left; spans and events on the right."""
        ctx = self.ctx
        schema = ctx.store.schema
        self.article = ctx.article = ArticleView(self, self.state)
        self.article.set_schema(schema)
        self.setCentralWidget(self.article)
        self.doc_model = ctx.doc_model = DocumentListModel()
        self.doc_list = ctx.doc_list = table(self, "documents", self.doc_model, stretch=1)
        self.span_model = ctx.span_model = SpanTableModel()
        self.span_model.describe = lambda kb_id: describe(ctx.store, kb_id)  # the Id column's tooltip
        self.span_table = ctx.span_table = table(self, "spans", self.span_model, stretch=0)
        self.span_inspector = SpanInspector(self.state, self.span_model, lambda kb_id: explain(ctx.store, kb_id))
        spans_panel = QWidget(self)
        spans_panel.setObjectName("spans_panel")
        panel_layout = QVBoxLayout(spans_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.setSpacing(0)
        panel_layout.addWidget(self.span_table, 1)
        panel_layout.addWidget(self.span_inspector)
        self.events_panel = ctx.events_panel = EventsPanel(self, self.state)
        self.events_panel.set_schema(schema)
        browser = DocumentBrowser(self.doc_list, schema, self)
        self.search_box = ctx.search_box = browser.search_box
        self.status_filter = ctx.status_filter = browser.status_filter
        self.label_filter = ctx.label_filter = browser.label_filter
        self.list_order = ctx.list_order = browser.list_order
        docks = [
            self._dock("Documents", browser, Qt.DockWidgetArea.LeftDockWidgetArea),
            self._dock("Spans", spans_panel, Qt.DockWidgetArea.RightDockWidgetArea),
            self._dock("Events", self.events_panel, Qt.DockWidgetArea.RightDockWidgetArea),
        ]
        self.curation_panel = CurationPanel(self)  # a team project's curation (Team → Curate), shown on demand
        self.curation_dock = self._dock("Curation", self.curation_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks(docks, [330, 380, 380], Qt.Orientation.Horizontal)
        self.resizeDocks(docks[1:], [300, 500], Qt.Orientation.Vertical)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{widget.objectName()}_dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    # -- what tests, the screenshot and the self-test reach: doors into the controllers --------
    @property
    def store(self) -> Store:
        """The open project."""
        return self.ctx.store

    @property
    def annotator(self) -> str:
        """The name recorded with every change."""
        return self.ctx.annotator

    @property
    def settings(self) -> AppSettings:
        """Settings remembered between runs."""
        return self.ctx.settings

    @property
    def current_id(self) -> int | None:
        """The open document."""
        return self.state.document_id

    @property
    def current_event_id(self) -> int | None:
        """The selected event (shown in the Events panel and tagged in the text)."""
        return self.state.event_id

    @property
    def pending_role(self) -> str | None:
        """A role waiting for a click on a highlight."""
        return self.state.pending_role

    @property
    def busy(self) -> bool:
        """True while a background job runs (screenshots wait for it)."""
        return self.jobs.busy

    @property
    def closed(self) -> bool:
        """True once the window (and its project connection) is closed."""
        return self.ctx.closed

    def run(self, command: Command) -> bool:
        """Apply a command (saved at once, undoable); False if refused."""
        return self.runner.run(command)

    def open_document(self, doc_id: int) -> None:
        """Show a document."""
        self.documents.open(doc_id)

    def focus_span(self, span_id: int | None) -> None:
        """Focus a span (or fill the role waiting for a click)."""
        self.spans.focus_span(span_id)

    def step_span(self, step: int) -> None:
        """Focus the next (1) or previous (-1) suggestion."""
        self.spans.step_span(step)

    def select_event(self, event_id: int | None, *, from_panel: bool = False) -> None:
        """Select an event."""
        self.events.select_event(event_id, from_panel=from_panel)

    def step_event(self, step: int) -> None:
        """Select the next (1) or previous (-1) event."""
        self.events.step_event(step)

    def load_schema(self, path: Path) -> bool:
        """Validate and apply a schema file."""
        return self.files.load_schema(path)

    def import_paths(self, paths: list[str]) -> None:
        """Start an import job."""
        self.jobs.import_paths(paths)

    def export_to(self, out: Path, fmt: str = "jsonl") -> None:
        """Start an export job."""
        self.jobs.export_to(out, fmt)

    def start_preannotation(self) -> None:
        """Pre-annotate the documents not yet pre-annotated, in the background."""
        self.jobs.start_preannotation()

    def cancel_job(self) -> None:
        """Stop the background job."""
        self.jobs.cancel()

    def notify(self, title: str, text: str) -> QMessageBox:
        """A warning that does not block the window."""
        return self.ctx.notify(title, text)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        ctx = self.ctx
        if ctx.closed:  # closed once already: the project is closed too
            super().closeEvent(event)
            return
        ctx.closed = True
        self.runner.record_time()
        # Nothing may reach the closed project afterwards: the workers' signals are cut (a model
        # loaded or a batch stored after the close used to raise on the closed connection, and the
        # error box kept the app open: Ctrl+Q looked ignored), and the window's own timers stop.
        self.jobs.stop_all()
        self.documents.search_pause.stop()
        self.live.timer.stop()
        ctx.store.close()
        super().closeEvent(event)


__all__ = ["SEARCH_PAUSE_MS", "MainWindow", "spec"]
