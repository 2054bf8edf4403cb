"""What every controller of the window shares: the open project, the view state, the views, the status bar.

The window builds the widgets and one WindowContext over them; each controller gets the
context and the few other controllers it calls, so no controller imports the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLineEdit, QMainWindow, QMessageBox, QTableView

from annotator.documents import Document
from annotator.store import Store
from annotator.team import assignment, owner_line
from annotator.team.curation import TeamRows, team_rows_of
from ui import plain
from ui.article_view import ArticleView
from ui.events_panel import EventsPanel
from ui.models import DocumentListModel, SpanTableModel
from ui.settings import AppSettings
from ui.view_state import ViewState


class WindowContext:
    """The open project and the window's parts, as the controllers see them."""

    # The views, set by the window once it has built them.
    article: ArticleView
    doc_list: QTableView
    doc_model: DocumentListModel
    span_table: QTableView
    span_model: SpanTableModel
    events_panel: EventsPanel
    search_box: QLineEdit
    status_filter: QComboBox
    label_filter: QComboBox
    list_order: QComboBox

    def __init__(self, window: QMainWindow, store: Store, *, annotator: str, model: str | None,
                 settings: AppSettings, state: ViewState) -> None:
        self.window = window
        self.store = store
        self.annotator = annotator
        self.model_name = model
        self.model_id = self.stored_model_id()
        self.owner = owner_line(store)  # an analyst's file from `annotator assign`: whose, from which project
        self.team_rows: TeamRows | None = team_rows_of(store)  # a team project: the analysts' merged rows
        self.settings = settings
        self.state = state
        self.closed = False  # True once the window (and its project connection) is closed
        self.actions_by_id: dict[str, QAction] = {}
        self.update_status: Callable[[], None] = lambda: None  # the status bar's, once it is built

    @property
    def project_title(self) -> str:
        """The project as the window title names it: the file, and whose it is for an analyst's file."""
        given = assignment(self.store) if self.owner is not None else None
        return self.store.path.name + (f" — {given['annotator']}'s file" if given is not None else "")

    def document(self, doc_id: int) -> Document:
        """A document as the window shows it: in a team project, the team's own rows (the curated view)."""
        doc = self.store.document(doc_id)
        return self.team_rows.curated(doc) if self.team_rows is not None else doc

    def reread_team(self) -> None:
        """Read again which rows are the analysts' (a merge from a terminal brought new work)."""
        self.team_rows = team_rows_of(self.store)

    def stored_model_id(self) -> str:
        """The model whose suggestions the project holds (the latest), for the status bar and About."""
        latest = self.store.latest_model()
        return latest if latest is not None else "no model yet"

    def status(self, text: str, timeout_ms: int = 0) -> None:
        """A line in the status bar (gone after ``timeout_ms``; 0: until the next)."""
        self.window.statusBar().showMessage(text, timeout_ms)

    def notify(self, title: str, text: str) -> QMessageBox:
        """A warning that does not block the window (background jobs report through it)."""
        box = plain.message_box(self.window, title, text)
        box.setObjectName("notice")
        box.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable (Ctrl+Q included)
        box.addAction(self.actions_by_id["quit"])  # ... and quits from the notice too
        box.show()
        return box
