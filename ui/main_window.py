"""The main window: document list, article, span inspector, actions, undo stack.

Every action runs an operation through the window's editing session (annotator.editing), in one
transaction, so there is no Save button; the undo stack shows the session's state, and undo and
redo put the rows the action changed back from their stored images.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QThread, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QDockWidget, QFileDialog, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox, QProgressBar, QTableView,
    QTextBrowser, QToolBar, QToolButton, QVBoxLayout, QWidget,
)

from annotator import commands
from annotator import event_commands as ec
from annotator.commands import Command, CommandError
from annotator.documents import DOC_STATUSES, Document, Span
from annotator.editing.session import EditingSession, StaleError
from annotator.errors import Gone, ReadOnly, from_sqlite
from annotator.store import Store
from annotator.tokens import TokenIndex
from ui import plain, workers
from ui.actions import (
    ACTIONS, CLEAR_ROLE_HELP, EVENT_TYPE_HELP, FILL_ROLE_HELP, LABEL_HELP, MAX_ROLE_KEYS, MOUSE_HELP, spec,
)
from ui.article_view import ArticleView, KeyedMenu, build_label_menu
from ui.events_panel import EventsPanel
from ui.live_refresh import LiveRefresh
from ui.settings import AppSettings, SettingsDialog
from ui.undo_stack import UndoStack
from ui.models import DocumentListModel, DocumentRows, SpanTableModel

SEARCH_PAUSE_MS = 200  # the document list follows the search box once typing pauses this long


class MainWindow(QMainWindow):
    """Annotator's window over one project."""

    def __init__(self, store: Store, *, annotator: str, model: str | None = None, preannotate: bool = True,
                 settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.settings.add_recent(store.path)
        self.store = store
        self.annotator = annotator
        self.model_name = model
        latest = store.latest_model()
        self.model_id = latest if latest is not None else "no model yet"
        self.current_id: int | None = None
        self._tokens: tuple[int, TokenIndex] | None = None
        self._threads: list[QThread] = []
        self._workers: dict[QThread, object] = {}
        self._closed = False
        self._job: QObject | None = None  # the cancellable background job (pre-annotation, import, export)
        self.pending_role: str | None = None  # a role waiting for a click on a highlight
        self._clock = WorkClock()
        self.undo_stack = UndoStack(self)  # shows self.session, made by restore_undo_stack()
        self.actions_by_id: dict[str, QAction] = {}
        self._hidden_labels = set(self.settings.hidden_labels)  # the view filter, remembered in the settings
        self._min_score = self.settings.min_score

        self.setWindowTitle(f"Annotator — {store.path.name}")
        self.resize(1400, 860)
        self._build_widgets()
        self._build_actions()
        self._build_status_bar()
        self.reload_documents()
        self.restore_undo_stack()
        first = self._first_open_document()
        if first is not None:
            self.open_document(first)
        self._use_ui_busy_timeout()
        self.live = LiveRefresh(self)  # changes made by other windows and terminal commands appear
        self._start(workers.TokenizerWarmup())
        if preannotate and store.count_pending_preannotation():
            self.start_preannotation()

    # -- construction --------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.article = ArticleView(self)
        self.article.set_schema(self.store.schema)
        self.article.set_hidden(self.is_hidden)
        self.article.span_clicked.connect(self.focus_span)
        self.article.menu_requested.connect(self._show_context_menu)
        self.setCentralWidget(self.article)

        self.doc_model = DocumentListModel()
        self.doc_list = self._table("documents", self.doc_model, stretch=1)
        self.doc_list.selectionModel().currentRowChanged.connect(self._on_doc_row)
        self.span_model = SpanTableModel()
        self.span_table = self._table("spans", self.span_model, stretch=0)
        self.span_table.selectionModel().currentRowChanged.connect(self._on_span_row)
        self.events_panel = EventsPanel(self)
        self.events_panel.set_schema(self.store.schema)
        self.events_panel.event_selected.connect(lambda event_id: self.select_event(event_id, from_panel=True))
        self.events_panel.type_chosen.connect(self.event_type)
        self.events_panel.modality_chosen.connect(self._set_modality)
        self.events_panel.polarity_chosen.connect(self._set_polarity)
        self.events_panel.fill_requested.connect(self.fill_role)
        self.events_panel.clear_requested.connect(self._clear_argument)
        self.article.event_clicked.connect(self.select_event)
        self.article.boundary_key.connect(self.move_boundary)
        docks = [
            self._dock("Documents", self._document_browser(), Qt.DockWidgetArea.LeftDockWidgetArea),
            self._dock("Spans", self.span_table, Qt.DockWidgetArea.RightDockWidgetArea),
            self._dock("Events", self.events_panel, Qt.DockWidgetArea.RightDockWidgetArea),
        ]
        self.resizeDocks(docks, [330, 380, 380], Qt.Orientation.Horizontal)
        self.resizeDocks(docks[1:], [300, 500], Qt.Orientation.Vertical)

    def _document_browser(self) -> QWidget:
        """The document list with a full-text search box and status and label filters above it."""
        box = QWidget(self)
        box.setObjectName("documents_browser")
        self.search_box = SearchBox(box)
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText("Search titles and text (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        # The list follows the search words once typing pauses: one query per pause, not per
        # key (each re-reads the matching ids, ~50-100 ms on a 100,000-article project).
        self._search_pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.reload_documents)
        self.search_box.textChanged.connect(lambda _text: self._search_pause.start())
        self.search_box.returnPressed.connect(self._open_first_match)
        self.status_filter = QComboBox(box)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem("Any status", None)
        for status in DOC_STATUSES:
            self.status_filter.addItem(status.replace("_", " "), status)
        self.label_filter = QComboBox(box)
        self.label_filter.setObjectName("label_filter")
        self.label_filter.addItem("Any label", None)
        for name in self.store.schema.names:
            self.label_filter.addItem(name, name)
        for combo in (self.status_filter, self.label_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload_documents())
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.label_filter)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addWidget(self.doc_list)
        box.setFocusProxy(self.doc_list)
        return box

    def _open_first_match(self) -> None:
        if self._search_pause.isActive():  # Enter before the pause: search now
            self._search_pause.stop()
            self.reload_documents()
        if self.doc_model.rows:
            self.open_document(self.doc_model.rows[0].id)
            self.article.setFocus()

    def focus_search(self) -> None:
        """Ctrl+F: type words to find documents (every word must occur; the last may be a prefix)."""
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _summaries(self) -> DocumentRows:
        return DocumentRows.query(
            self.store, status=self.status_filter.currentData(), label=self.label_filter.currentData(),
            search=self.search_box.text(),
        )

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{widget.objectName()}_dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    def _table(self, name: str, model: DocumentListModel | SpanTableModel, *, stretch: int) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        self._style_table(view, stretch=stretch)
        return view

    @staticmethod
    def _style_table(view: QTableView, *, stretch: int) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(24)
        view.setShowGrid(False)
        view.setAlternatingRowColors(True)
        view.setTabKeyNavigation(False)
        # Fixed widths: ResizeToContents would ask the model for every row on each reset.
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        width = view.fontMetrics().horizontalAdvance("in progress ") + 12
        for column in range(view.model().columnCount()):
            if column != stretch:
                view.setColumnWidth(column, width)

    def _build_actions(self) -> None:
        handlers = {
            "open_project": self.choose_project, "export_jsonl": self.choose_export, "quit": self.close,
            "undo": self.undo_stack.undo, "redo": self.undo_stack.redo,
            "next_span": lambda: self.step_span(1), "prev_span": lambda: self.step_span(-1),
            "accept": self.accept_focused, "reject": self.reject_focused, "delete_span": self.delete_focused,
            "toggle_kind": self.toggle_kind_focused, "least_confident": self.focus_least_confident,
            "mark_done": self.toggle_done, "next_doc": lambda: self.step_document(1),
            "prev_doc": lambda: self.step_document(-1),
            "focus_list": self.doc_list.setFocus, "focus_text": self.article.setFocus,
            "focus_spans": self.span_table.setFocus,
            "shortcuts": self.show_shortcuts, "about": self.show_about,
            "next_event": lambda: self.step_event(1), "prev_event": lambda: self.step_event(-1),
            "accept_event": lambda: self._event_status("accepted"), "reject_event": lambda: self._event_status("rejected"),
            "delete_event": self.delete_event, "cycle_modality": self.cycle_modality,
            "toggle_polarity": self.toggle_polarity, "cancel": self.cancel_pending,
            "finish_doc": self.finish_document, "search": self.focus_search, "settings": self.show_settings,
            "memory": self.show_memory, "cancel_job": self.cancel_job,
            "import_files": self.choose_import, "load_schema": self.choose_schema, "import_folder": lambda: self.choose_import(folder=True),
            "grow_end": lambda: self.move_boundary("end", 1), "shrink_end": lambda: self.move_boundary("end", -1),
            "shrink_start": lambda: self.move_boundary("start", 1),
            "grow_start": lambda: self.move_boundary("start", -1),
            "view_filter": self.show_view_filter,
        }
        menus: dict[str, QMenu] = {}
        for name in ("File", "Edit", "Span", "Label", "Event", "Document", "View", "Help"):
            menus[name] = self.menuBar().addMenu(f"&{name}")
        for action_spec in ACTIONS:
            if action_spec.in_article:
                action = QAction(f"{action_spec.text}\t{', '.join(action_spec.keys)}", self)
            else:
                action = QAction(action_spec.text, self)
                action.setShortcuts([QKeySequence(k) for k in action_spec.keys])
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setObjectName(action_spec.id)
            keys = ", ".join(action_spec.keys)
            action.setToolTip(f"{action_spec.help} ({keys})" if keys else action_spec.help)
            action.setStatusTip(action_spec.help)
            action.triggered.connect(handlers[action_spec.id])
            menus[action_spec.menu].addAction(action)
            self.addAction(action)
            self.actions_by_id[action_spec.id] = action
        self.undo_stack.canUndoChanged.connect(self.actions_by_id["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.actions_by_id["redo"].setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: self.actions_by_id["undo"].setText(f"&Undo {t}".strip()))
        self.undo_stack.redoTextChanged.connect(lambda t: self.actions_by_id["redo"].setText(f"&Redo {t}".strip()))
        self.actions_by_id["undo"].setEnabled(False)
        self.actions_by_id["redo"].setEnabled(False)

        toolbar = QToolBar("Actions", self)
        toolbar.setObjectName("actions_toolbar")
        toolbar.setMovable(False)
        for action_id in ("prev_doc", "next_doc", None, "accept", "reject", "delete_span", None, "mark_done", "undo",
                          None, "view_filter"):
            if action_id is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.actions_by_id[action_id])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

        self.labels_bar = QToolBar("Labels", self)
        self.labels_bar.setObjectName("labels_toolbar")
        self.labels_bar.setMovable(False)
        self.labels_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.label_menu = menus["Label"]
        self._build_label_actions()
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.labels_bar)
        self._build_event_actions(menus["Event"])
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.setObjectName("recent_menu")
        menus["File"].insertMenu(self.actions_by_id["export_jsonl"], self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

    def _build_label_actions(self) -> None:
        """One action per schema label: its key, the Label menu and the Labels toolbar."""
        for name in [n for n in self.actions_by_id if n.startswith("label_")]:
            action = self.actions_by_id.pop(name)
            self.removeAction(action)
            action.deleteLater()
        self.label_menu.clear()
        self.labels_bar.clear()
        for label in self.store.schema.labels:
            action = QAction(f"{label.key.upper()} {label.name}", self)
            action.setObjectName(f"label_{label.name}")
            action.setShortcut(QKeySequence(label.key.upper()))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(plain.tooltip(f"{LABEL_HELP} ({label.key.upper()}): {label.description}"))
            action.setIcon(_swatch(label.color))
            action.triggered.connect(lambda _=False, name=label.name: self.apply_label(name))
            self.label_menu.addAction(action)
            self.labels_bar.addAction(action)
            self.addAction(action)
            self.actions_by_id[f"label_{label.name}"] = action

    def choose_schema(self) -> None:
        """Replace this project's label schema with a JSON file (checked against the labels in use)."""
        path, _ = QFileDialog.getOpenFileName(self, "Load label schema", str(self.store.path.parent),
                                              "Label schemas (*.json);;All files (*)")
        if path:
            self.load_schema(Path(path))

    def load_schema(self, path: Path) -> bool:
        """Validate and apply a schema file; the labels, colours and keys change at once."""
        from annotator.schema import SchemaError, load_schema

        try:
            self.store.replace_schema(load_schema(path))
        except SchemaError as exc:
            self.notify("Cannot use this schema", str(exc))
            return False
        except sqlite3.OperationalError as exc:  # busy (another program writes) or read-only
            self.busy_notice(exc)
            return False
        schema = self.store.schema
        self._build_label_actions()
        self.article.set_schema(schema)
        self.events_panel.set_schema(schema)
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem("Any label", None)
        for name in schema.names:
            self.label_filter.addItem(name, name)
        self.label_filter.blockSignals(False)
        if self.current_id is not None:
            self.open_document(self.current_id)
        self.statusBar().showMessage(f"Label schema {schema.name} loaded from {path}.", 6000)
        return True

    def _build_event_actions(self, menu: QMenu) -> None:
        """E then a key: event types; R then a number: fill a role; Shift+R then a number: clear it."""
        types = menu.addMenu("New event / change &type")
        for kind in self.store.schema.events:
            action = self._window_action(f"event_{kind.name}", f"{kind.name}", f"E, {kind.key.upper()}",
                                         f"{EVENT_TYPE_HELP} ({kind.name})")
            action.setIcon(_swatch(kind.color))
            action.triggered.connect(lambda _=False, name=kind.name: self.event_type(name))
            types.addAction(action)
        fill = menu.addMenu("&Fill role")
        clear = menu.addMenu("C&lear role")
        for number in range(1, MAX_ROLE_KEYS + 1):
            action = self._window_action(f"fill_role_{number}", f"Role {number}", f"R, {number}", FILL_ROLE_HELP)
            action.triggered.connect(lambda _=False, n=number: self.fill_role_number(n))
            fill.addAction(action)
            action = self._window_action(f"clear_role_{number}", f"Role {number}", f"Shift+R, {number}",
                                         CLEAR_ROLE_HELP)
            action.triggered.connect(lambda _=False, n=number: self.clear_role_number(n))
            clear.addAction(action)

    def _window_action(self, object_name: str, text: str, keys: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(object_name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip} ({keys})")
        self.addAction(action)
        self.actions_by_id[object_name] = action
        return action

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_label = QLabel("", self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.hide()
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("cancel_job")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the background job safely (Ctrl+.)")
        self.cancel_button.clicked.connect(self.cancel_job)
        self.cancel_button.hide()
        self.done_label = QLabel("", self)
        self.model_label = QLabel("", self)
        self.saved_label = QLabel("", self)
        self.annotator_label = QLabel("", self)
        self.filter_label = QLabel("", self)
        self.filter_label.setObjectName("view_filter_status")
        plain.plain_labels(self.progress_label, self.done_label, self.model_label, self.saved_label, self.annotator_label,
                           self.filter_label)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            bar.addWidget(widget)
        for widget in (self.filter_label, self.done_label, self.model_label, self.annotator_label, self.saved_label):
            bar.addPermanentWidget(widget)
        self._update_status()

    def restore_undo_stack(self) -> None:
        """Start an editing session on the project: undo and redo from its history survive closing it."""
        self.session = EditingSession(self.store, annotator=self.annotator)
        self.undo_stack.refresh()

    # -- documents -----------------------------------------------------------------------------
    def reload_documents(self) -> None:
        """Re-read the document list from the project, through the search box and filters."""
        self.doc_model.reset(self._summaries())
        self._select_current_row()
        self._update_status()

    def _select_current_row(self) -> None:
        row = self.doc_model.row_of(self.current_id) if self.current_id is not None else -1
        _show_row(self.doc_list, row, scroll=False)

    def _first_open_document(self) -> int | None:
        rows = self.doc_model.rows
        pending = rows.next_listed(self.store.ids_with_status(("new", "in_progress")))
        return pending if pending is not None else (rows.ids[0] if len(rows) else None)

    def open_document(self, doc_id: int) -> None:
        """Show a document, its highlights and its span list."""
        self._record_time()
        doc = self.store.document(doc_id)
        self.current_id = doc_id
        self.pending_role = None
        self.article.show_document(doc)
        self.span_model.reset(doc.text, self._listed(doc.spans), self.store.schema)
        self.events_panel.show_events(doc.text, doc.events, {s.id: s for s in doc.spans if s.id is not None}, None)
        _show_row(self.doc_list, self.doc_model.row_of(doc_id))
        self.setWindowTitle(f"{doc.title or 'Document'} — Annotator — {self.store.path.name}")
        self._update_status()

    def _on_doc_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.doc_list.property("following"):
            doc_id = self.doc_model.rows[current.row()].id
            if doc_id != self.current_id:
                self.open_document(doc_id)

    def step_document(self, step: int) -> None:
        """Open the next (1) or previous (-1) document in the list."""
        if not self.doc_model.rows:
            return
        row = self.doc_model.row_of(self.current_id) if self.current_id is not None else -1
        target = row + step
        if 0 <= target < len(self.doc_model.rows):
            self.open_document(self.doc_model.rows[target].id)
        else:
            self.statusBar().showMessage("No more documents in that direction.", 3000)

    def _refresh_current(self, changes: commands.Changes | None = None, *, doc: Document | None = None) -> None:
        if self.current_id is None:
            return
        if changes is not None and self._patch_current(changes):
            return
        doc = doc if doc is not None else self.store.document(self.current_id)
        self.article.set_spans(doc.spans)
        self.span_model.reset(doc.text, self._listed(doc.spans), self.store.schema)
        current = self.article.current_event_id if any(e.id == self.article.current_event_id for e in doc.events) else None
        self.article.set_events(doc.events)
        self.article.set_current_event(current, scroll=False)
        self.events_panel.show_events(doc.text, doc.events, {s.id: s for s in doc.spans if s.id is not None}, current)
        if self.article.focused_id is not None and self.span_model.row_of(self.article.focused_id) < 0:
            self.article.set_focused(None, scroll=False)
        self._select_span_row(self.article.focused_id)

    def _patch_current(self, changes: commands.Changes) -> bool:
        """Redraw only the spans an action changed (accept, reject, relabel: offsets unchanged).

        Keeps every single action cheap on documents with tens of thousands of highlights;
        anything else (spans added, removed or moved, events changed) takes the full reload.
        """
        if changes.event_ids or not changes.span_ids or changes.other_doc_ids:
            return False
        spans = self.store.spans_by_ids(sorted(changes.span_ids))
        if len(spans) != len(changes.span_ids) or any(self.is_hidden(s) for s in spans):
            return False  # e.g. relabelled to a hidden label: it leaves the span list
        if not self.article.update_spans(spans):
            return False
        if not self.span_model.update_spans(spans):
            self.span_model.reset(self.article.positions.text, self._listed(self.article.all_spans()), self.store.schema)
        current = self.events_panel.current
        if current is not None and {a.span_id for a in current.arguments} & changes.span_ids:
            self.events_panel.show_events(self.article.positions.text, self.events_panel.model.events,
                                          {s.id: s for s in self.article.all_spans() if s.id is not None},
                                          current.id)
        return True

    # -- spans ---------------------------------------------------------------------------------
    def focus_span(self, span_id: int | None) -> None:
        """Outline a span in the article and select its row in the span list.

        While a role waits for a click (Fill role), the clicked span fills it instead.
        """
        if self.pending_role is not None and span_id is not None:
            role, self.pending_role = self.pending_role, None
            self._fill_with_span(role, span_id)
            return
        self.article.set_focused(span_id)
        self._select_span_row(span_id)

    def _select_span_row(self, span_id: int | None) -> None:
        _show_row(self.span_table, self.span_model.row_of(span_id))

    def _on_span_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.span_table.property("following"):
            self.article.set_focused(self.span_model.spans[current.row()].id)

    def step_span(self, step: int, *, after: Span | None = None) -> None:
        """Focus the next (1) or previous (-1) suggestion after the focused span (or ``after``), wrapping."""
        spans = self.article.spans()
        suggestions = [s for s in spans if s.status == "suggested"]
        if not suggestions:
            self.statusBar().showMessage("No suggestions left here. Ctrl+D marks the document done.", 4000)
            return
        focused = after or next((s for s in spans if s.id == self.article.focused_id), None)
        if focused is None:
            target = suggestions[0] if step > 0 else suggestions[-1]
        else:
            key = (focused.start, -focused.end, focused.id or 0)
            keyed = [((s.start, -s.end, s.id or 0), s) for s in suggestions]
            if step > 0:
                later = [s for k, s in keyed if k > key]
                target = later[0] if later else suggestions[0]
            else:
                earlier = [s for k, s in keyed if k < key]
                target = earlier[-1] if earlier else suggestions[-1]
        self.focus_span(target.id)

    def _focused(self) -> int | None:
        if self.article.focused_id is None:
            self.statusBar().showMessage("No span is focused: press Tab or click a highlight first.", 4000)
        return self.article.focused_id

    def accept_focused(self) -> None:
        """Accept the focused span and move to the next suggestion after it."""
        span_id = self._focused()
        if span_id is not None and self.current_id is not None:
            decided = self._span(span_id)
            if self.run(commands.accept(self.current_id, [span_id])):
                self._advance(decided)

    def reject_focused(self) -> None:
        """Reject the focused span and move to the next suggestion after it (by key or from the menu)."""
        span_id = self._focused()
        if span_id is not None and self.current_id is not None:
            decided = self._span(span_id)
            if self.run(commands.reject(self.current_id, [span_id])):
                self._advance(decided)

    def _span(self, span_id: int) -> Span | None:
        return next((s for s in self.article.all_spans() if s.id == span_id), None)

    def delete_focused(self) -> None:
        """Delete the focused span."""
        span_id = self._focused()
        if span_id is not None and self.current_id is not None:
            if self.run(commands.DeleteSpan(self.current_id, span_id)):  # withdraws its lesson
                self.focus_span(None)

    _least_confident_id: int | None = None  # the suggestion Shift+L focused last

    def toggle_kind_focused(self) -> None:
        """Make the focused span a nominal mention, or a name again (one undoable step, saved at once)."""
        span_id = self._focused()
        span = next((s for s in self.article.all_spans() if s.id == span_id), None)
        if span is not None and span.id is not None and self.current_id is not None:
            kind = "nominal" if span.kind == "name" else "name"
            if self.run(commands.set_kind(self.current_id, [span.id], kind)):
                self.statusBar().showMessage("Now a nominal mention: left out of NER exports, still fills roles."
                                             if kind == "nominal" else "Now a name.", 4000)

    def focus_least_confident(self) -> None:
        """Focus the least confident remaining suggestion; pressed again on it, the next lowest (wrapping).

        After a decision the focus has moved on, so the walk starts again from the lowest score.
        """
        suggestions = [s for s in self.article.spans() if s.status == "suggested"]
        if not suggestions:
            self.statusBar().showMessage("No suggestions left here. Ctrl+D marks the document done.", 4000)
            return
        ranked = sorted(suggestions, key=lambda s: (s.score if s.score is not None else 2.0, s.start, -s.end, s.id or 0))
        ids = [s.id for s in ranked]
        walking = self._least_confident_id
        focused = self.article.focused_id
        target = ranked[(ids.index(focused) + 1) % len(ranked)] if focused == walking and focused in ids else ranked[0]
        self._least_confident_id = target.id
        self.focus_span(target.id)
        if target.score is not None:
            self.statusBar().showMessage(f"Score {target.score:.2f}", 3000)

    def _advance(self, decided: Span | None = None) -> None:
        """After a decision, focus the next suggestion after the decided span (the flow never stops).

        A rejected span is no longer drawn, so the step starts from where it was, not from the
        top of the document.
        """
        if any(s.status == "suggested" for s in self.article.spans()):
            self.step_span(1, after=decided)

    def apply_label(self, label: str) -> None:
        """Label the selected text (snapped to tokens) or relabel the focused span."""
        if self.current_id is None:
            return
        selection = self.article.selection_range()
        if selection is not None:
            snapped = self._token_index().snap(*selection)
            if snapped is None:
                self.statusBar().showMessage("The selection holds no word to label.", 4000)
                return
            command = commands.AddSpan(self.current_id, snapped[0], snapped[1], label)
            if self.run(command):
                self.article.clear_selection()
                self.focus_span(command.span_id)
            return
        span_id = self._focused()
        decided = self._span(span_id) if span_id is not None else None
        if span_id is not None and self.run(commands.relabel(self.current_id, [span_id], label)):
            self._advance(decided)

    def _token_index(self) -> TokenIndex:
        assert self.current_id is not None
        if self._tokens is None or self._tokens[0] != self.current_id:
            self._tokens = (self.current_id, TokenIndex.of(self.article.positions.text))
        return self._tokens[1]

    def move_boundary(self, edge: str, step: int) -> None:
        """Move the focused span's start or end by one token (Shift/Ctrl+Shift+arrows)."""
        span_id = self._focused()
        if span_id is None or self.current_id is None:
            return
        span = next((s for s in self.article.spans() if s.id == span_id), None)
        if span is None:
            return
        moved = self._token_index().move_boundary(span.start, span.end, edge=edge, step=step)
        if moved is None:
            self.statusBar().showMessage("The span cannot shrink further.", 3000)
            return
        self.run(commands.move_span(self.current_id, span_id, *moved))

    def finish_document(self) -> None:
        """Ctrl+Enter: accept the shown suggestions and events, mark done, open the next document not done.

        Suggestions the view filter hides are not accepted: if some are left, the analyst is
        asked what to do with them (or the choice remembered in the settings is applied).
        """
        if self.current_id is None:
            return
        doc_id = self.current_id
        suggested = [s for s in self.article.all_spans() if s.status == "suggested" and s.id is not None]
        shown = [s.id for s in suggested if not self.is_hidden(s)]
        hidden = [s.id for s in suggested if self.is_hidden(s)]
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
        not_done = self.store.ids_with_status(("new", "in_progress", "skipped"))
        target = self.doc_model.rows.next_listed(not_done, after)
        if target is None:
            self.statusBar().showMessage("Every document is done.", 5000)
        else:
            self.open_document(target)

    def toggle_done(self) -> None:
        """Mark the document done, or back to in progress if it already is.

        With suggestions left unreviewed (the export would count them as "no entity"), it asks
        first: accept them, reject them, mark done anyway, or cancel.
        """
        if self.current_id is None:
            return
        doc_id = self.current_id
        if self.store.summary(doc_id).status == "done":
            self.run(commands.SetDocStatus(doc_id, "in_progress"))
            return
        suggested = [s for s in self.article.all_spans() if s.status == "suggested" and s.id is not None]
        events = self._suggested_events()
        if not suggested and not events:
            self.run(commands.SetDocStatus(doc_id, "done"))
            return
        ids = [s.id for s in suggested]

        def done(choice: str) -> None:
            self._mark_done(doc_id, accept=ids if choice == "accept" else [], reject=ids if choice == "reject" else [],
                            accept_events=events if choice == "accept" else [],
                            reject_events=events if choice == "reject" else [], text="Mark done")

        self._decide_unreviewed(len(ids) + len(events), sum(1 for s in suggested if self.is_hidden(s)),
                                finishing=False, then=done)

    def _suggested_events(self) -> list[int]:
        return [e.id for e in self.events_panel.model.events if e.status == "suggested" and e.id is not None]

    def _decide_unreviewed(self, count: int, hidden: int, *, finishing: bool, then) -> None:  # type: ignore[no-untyped-def]
        """Ask what to do with unreviewed suggestions (unless the settings say), then ``then(choice)``."""
        remembered = self.settings.unreviewed
        if remembered != "ask":
            then(remembered)
            return
        from ui.review_dialogs import UnreviewedDialog

        dialog = UnreviewedDialog(count, hidden, finishing=finishing, parent=self)
        doc_id = self.current_id

        def answered(_result: int) -> None:
            if dialog.choice is None or self._closed or self.current_id != doc_id:
                return
            if dialog.remember.isChecked():
                self.settings.unreviewed = dialog.choice
                self.settings.sync()
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
            return self.run(parts[0])
        return self.run(commands.Composite(doc_id, parts, name="finish_document", text=text))

    # -- view filter -----------------------------------------------------------------------------
    def is_hidden(self, span: Span) -> bool:
        """True if the view filter hides this span: its label is hidden, or it is a suggestion scored too low."""
        if span.label in self._hidden_labels:
            return True
        return span.status == "suggested" and span.score is not None and span.score < self._min_score

    def _listed(self, spans: list[Span]) -> list[Span]:
        return [s for s in spans if not self.is_hidden(s)] if self._hidden_labels or self._min_score else spans

    def show_view_filter(self) -> None:
        """View → Filter the view: hide labels, or suggestions scored under a threshold (remembered)."""
        from ui.review_dialogs import ViewFilterDialog

        dialog = ViewFilterDialog(self.store.schema, sorted(self._hidden_labels), self._min_score, self)
        dialog.accepted.connect(lambda: self.set_view_filter(dialog.hidden_labels(), dialog.score.value()))
        dialog.open()

    def set_view_filter(self, hidden_labels: list[str], min_score: float) -> None:
        """Apply and remember a view filter; the article, span list and Tab follow at once."""
        self._hidden_labels = set(hidden_labels)
        self._min_score = min_score
        self.settings.hidden_labels = hidden_labels
        self.settings.min_score = min_score
        self.settings.sync()
        self.article.set_hidden(self.is_hidden)
        if self.current_id is not None:
            self._refresh_current()
        self._update_status()

    # -- events ----------------------------------------------------------------------------------
    @property
    def current_event_id(self) -> int | None:
        """The selected event (shown in the Events panel and tagged in the text)."""
        return self.article.current_event_id

    def select_event(self, event_id: int | None, *, from_panel: bool = False) -> None:
        """Select an event: its trigger is boxed and its role fillers tagged in the text."""
        self.article.set_current_event(event_id, scroll=not from_panel)
        self.events_panel.select(event_id)

    def step_event(self, step: int) -> None:
        """Select the next (1) or previous (-1) event, wrapping."""
        events = self.article.events()
        if not events:
            self.statusBar().showMessage("No events here. Select a trigger word and press E, then a type key.", 5000)
            return
        ids = [e.id for e in events]
        if self.current_event_id in ids:
            index = (ids.index(self.current_event_id) + step) % len(ids)
        else:
            index = 0 if step > 0 else len(ids) - 1
        self.select_event(ids[index])

    def _current_event(self) -> int | None:
        if self.current_event_id is None:
            self.statusBar().showMessage("No event is selected: press ] or click a boxed trigger first.", 4000)
        return self.current_event_id

    def _event_status(self, status: str) -> None:
        event_id = self._current_event()
        if event_id is not None and self.current_id is not None:
            make = ec.accept_events if status == "accepted" else ec.reject_events
            self.run(make(self.current_id, [event_id]))

    def delete_event(self) -> None:
        """Delete the selected event."""
        event_id = self._current_event()
        if event_id is not None and self.current_id is not None and self.run(ec.DeleteEvent(self.current_id, event_id)):
            self.select_event(None)

    def _current_event_obj(self):  # type: ignore[no-untyped-def]
        return self.events_panel.current

    def cycle_modality(self) -> None:
        """Asserted -> planned -> hypothetical -> asserted."""
        event = self._current_event_obj()
        if event is None:
            self._current_event()
            return
        modalities = list(self.store.schema.modalities)
        self._set_modality(modalities[(modalities.index(event.modality) + 1) % len(modalities)])

    def toggle_polarity(self) -> None:
        """Positive <-> negative."""
        event = self._current_event_obj()
        if event is None:
            self._current_event()
            return
        self._set_polarity("negative" if event.polarity == "positive" else "positive")

    def _set_modality(self, modality: str) -> None:
        event_id = self._current_event()
        if event_id is not None and self.current_id is not None:
            self.run(ec.set_modality(self.current_id, event_id, modality))

    def _set_polarity(self, polarity: str) -> None:
        event_id = self._current_event()
        if event_id is not None and self.current_id is not None:
            self.run(ec.set_polarity(self.current_id, event_id, polarity))

    def _trigger_range(self) -> tuple[int, int] | None:
        """The selected text, or else the word at the caret, snapped to tokens."""
        selection = self.article.selection_range()
        if selection is None:
            caret = self.article.positions.from_qt(self.article.textCursor().position())
            selection = (caret, caret)
        return self._token_index().snap(*selection)

    def event_type(self, event_type: str) -> None:
        """E then a key: a new event on the selection (or caret word); on the selected event's own trigger, retype it."""
        if self.current_id is None:
            return
        trigger = self._trigger_range()
        current = self.events_panel.current
        if current is not None and trigger in (None, (current.trigger_start, current.trigger_end)):
            self.run(ec.set_event_type(self.current_id, current.id, event_type))  # type: ignore[arg-type]
            return
        if trigger is None:
            self.statusBar().showMessage("Select the trigger word (or put the caret in it) first.", 4000)
            return
        command = ec.AddEvent(self.current_id, trigger[0], trigger[1], event_type)
        if self.run(command):
            self.article.clear_selection()
            self.select_event(command.event_id)

    def fill_role_number(self, number: int) -> None:
        """R then a number: fill that role of the selected event."""
        role = self.events_panel.role_name(number) if self._current_event() is not None else None
        if role is not None:
            self.fill_role(role)
        elif self.current_event_id is not None:
            self.statusBar().showMessage(f"This event has no role {number}.", 4000)

    def fill_role(self, role: str) -> None:
        """Fill a role with the selection (made a span), the focused span, or the next clicked highlight."""
        event = self._current_event_obj()
        if event is None or self.current_id is None:
            self._current_event()
            return
        selection = self.article.selection_range()
        if selection is not None:
            snapped = self._token_index().snap(*selection)
            if snapped is None:
                self.statusBar().showMessage("The selection holds no word.", 4000)
                return
            same = [s for s in self.store.spans(self.current_id)
                    if (s.start, s.end) == snapped and s.status != "rejected"]
            rule = self.store.schema.role(event.type, role)
            fitting = [s for s in same if rule is None or rule.fits(s.label)]
            if fitting:
                self._fill_with_span(role, fitting[0].id)
                return
            allowed = list(rule.labels) if rule is not None and rule.labels else self.store.schema.names
            label = allowed[0] if len(allowed) == 1 else self.choose_label(allowed)
            if label is None:
                return
            command = ec.FillRole(self.current_id, event.id, role,
                                  new_span=commands.AddSpan(self.current_id, snapped[0], snapped[1], label))
            if self.run(command):
                self.article.clear_selection()
            return
        if self.article.focused_id is not None:
            self._fill_with_span(role, self.article.focused_id)
            return
        self.pending_role = role
        self.statusBar().showMessage(f"Click a highlight to fill {role} (Esc cancels).")

    def _fill_with_span(self, role: str, span_id: int) -> None:
        event_id = self._current_event()
        if event_id is not None and self.current_id is not None and self.run(
            ec.FillRole(self.current_id, event_id, role, span_id)  # accepting a suggestion teaches
        ):
            self.statusBar().showMessage(f"{role} filled.", 3000)

    def choose_label(self, labels: list[str]) -> str | None:
        """Ask which label a new role filler gets (a menu at the caret, keyboard-navigable)."""
        menu = KeyedMenu(self)
        for name in labels:
            label = self.store.schema.get(name)
            action = menu.addAction(f"{name}\t{label.key.upper() if label else ''}")
            action.setData(name)
        where = self.article.viewport().mapToGlobal(self.article.cursorRect().bottomLeft())
        chosen = menu.exec_keyed(where)  # the keys shown beside the labels choose them too
        return chosen.data() if chosen is not None else None

    def clear_role_number(self, number: int) -> None:
        """Shift+R then a number: empty that role of the selected event."""
        if self._current_event() is None:
            return
        argument_id = self.events_panel.argument_of_role(number)
        if argument_id is None:
            self.statusBar().showMessage(f"Role {number} is already empty.", 4000)
            return
        self._clear_argument(argument_id)

    def _clear_argument(self, argument_id: int) -> None:
        if self.current_id is not None:
            self.run(ec.ClearRole(self.current_id, argument_id))

    def cancel_pending(self) -> None:
        """Esc: stop waiting for a click that fills a role, drop the selection and the span focus."""
        if self.pending_role is not None:
            self.pending_role = None
            self.statusBar().showMessage("Role picking cancelled.", 3000)
        self.article.clear_selection()
        self.focus_span(None)

    # -- running commands ----------------------------------------------------------------------
    def _record_time(self, *, flush: bool = True) -> None:
        """Credit the active time since the last action to the open document (idle gaps capped)."""
        if self.current_id is not None:
            self._clock.tick(self.current_id)
        if flush:
            for doc_id, seconds in self._clock.take().items():
                try:
                    self.store.add_time(doc_id, seconds)
                except sqlite3.OperationalError:  # busy: credited with the next flush instead
                    self._clock.credit(doc_id, seconds)

    def run(self, command: Command) -> bool:
        """Run an operation in the editing session (saved at once, on the undo stack); False if refused.

        An edit of something another window or process changed or deleted meanwhile is refused
        with a message, and the view is brought up to date; so is a write the busy project
        (a long write elsewhere) could not take within UI_BUSY_TIMEOUT_MS.
        """
        self._record_time(flush=False)
        try:
            changes = self.session.run(command, seen=self._seen)
        except StaleError as exc:
            self._catch_up()
            self.statusBar().showMessage(f"Not done: {exc}.", 10000)
            return False
        except Gone as exc:  # the row is gone: the view showed it, so someone else deleted it
            self._catch_up()
            what = exc.args[0] if exc.args else "it"
            self.statusBar().showMessage(
                f"Not done: {what} — it was deleted elsewhere (another window or a terminal command). "
                "The view now shows the project as it is.", 10000)
            return False
        except CommandError as exc:
            self.statusBar().showMessage(f"Not done: {exc}", 5000)
            return False
        except sqlite3.OperationalError as exc:
            self.busy_notice(exc)
            return False
        self.undo_stack.refresh()
        self.after_change(changes)
        return True

    # -- other windows and processes -------------------------------------------------------------
    UI_BUSY_TIMEOUT_MS = 3000  # a write waits this long for another process's transaction, then gives up

    def _use_ui_busy_timeout(self) -> None:
        """Wait at most UI_BUSY_TIMEOUT_MS for the write lock (terminal commands keep 30 s): never a frozen window."""
        self.store.set_busy_timeout(self.UI_BUSY_TIMEOUT_MS)

    def busy_notice(self, exc: sqlite3.OperationalError) -> None:
        """A write gave up waiting for another process (or the file is read-only): say so; nothing was changed."""
        if isinstance(from_sqlite(exc), ReadOnly):  # by SQLite's result code
            self.statusBar().showMessage(
                f"Not saved: {self.store.path} cannot be written (read-only file or medium). "
                "Copy the project somewhere writable to edit it.", 10000)
            return
        self.statusBar().showMessage(
            f"Not saved: the project is busy — another program is writing to it ({exc}). "
            "Nothing was changed; try again in a moment.", 10000)

    @property
    def closed(self) -> bool:
        """True once the window (and its project connection) is closed."""
        return self._closed

    def _seen(self, table: str, row_id: int) -> dict[str, object] | None:
        """What this window shows of a span or event: an edit is refused if the row differs now."""
        if table == "spans":
            row = self.span_model.row_of(row_id)
            if row < 0:
                return None
            span = self.span_model.spans[row]
            return {"start": span.start, "end": span.end, "label": span.label, "status": span.status}
        if table == "events":
            event = next((e for e in self.events_panel.model.events if e.id == row_id), None)
            if event is None:
                return None
            return {"type": event.type, "trigger_start": event.trigger_start, "trigger_end": event.trigger_end,
                    "status": event.status, "modality": event.modality, "polarity": event.polarity}
        return None

    def _catch_up(self) -> None:
        """Show what other connections wrote, now (an edit was just refused because of it)."""
        if not self.live.check():
            self.refresh_from_elsewhere("", document=True)

    def refresh_from_elsewhere(self, note: str, *, document: bool) -> None:
        """Another window or process wrote to the project: redraw without losing the user's place.

        The document list keeps its filters, selection and scroll position; the open document
        is re-read only if it changed, keeping the focused span, the current event and the
        article's scroll position.
        """
        bar = self.doc_list.verticalScrollBar()
        scroll = bar.value()
        self.reload_documents()
        bar.setValue(scroll)
        changed = False
        if document and self.current_id is not None:
            changed = self._reload_current_if_changed()
        if self._job is None and (note or changed):  # during its own background job, the window knows
            where = " here" if changed else ""
            self.statusBar().showMessage(
                f"Updated{where} by another window or process{': ' + note if note else ''}.", 8000)

    def _reload_current_if_changed(self) -> bool:
        """Re-read the open document; redraw only if what it shows differs. True if it did."""
        assert self.current_id is not None
        try:
            doc = self.store.document(self.current_id)
        except Gone:  # the document itself is gone
            self.current_id = None
            first = self._first_open_document()
            if first is not None:
                self.open_document(first)
            return True
        if doc.spans == self.article.all_spans() and doc.events == self.events_panel.model.events:
            return False
        span_scroll = self.span_table.verticalScrollBar().value()
        self._refresh_current(doc=doc)
        self.span_table.verticalScrollBar().setValue(span_scroll)
        self.doc_model.update_row(self.store.summary(self.current_id))
        return True

    def after_change(self, changes: commands.Changes) -> None:
        """Redraw what a command touched; undo in another document opens that document."""
        if changes.doc_id != self.current_id:
            self.open_document(changes.doc_id)
        else:
            self._refresh_current(changes)
        for doc_id in {changes.doc_id, *changes.other_doc_ids}:
            self.doc_model.update_row(self.store.summary(doc_id))
        if changes.other_doc_ids:
            n = len(changes.other_doc_ids)
            self.statusBar().showMessage(f"Learned: {n} unreviewed document{'s' if n != 1 else ''} updated too.", 5000)
        self.saved_label.setText(f"Saved {datetime.now():%H:%M:%S}")
        self._update_status()
        self.live.own_change()

    # -- context menu --------------------------------------------------------------------------
    def _show_context_menu(self, span_id: int | None, where: QPoint) -> None:
        menu = KeyedMenu(self)  # the keys it shows (A, X, label keys...) work while it is open
        if self.article.selection_range() is not None:
            build_label_menu(menu, self.store.schema, self.apply_label, title="Label selection as")
        elif span_id is not None:
            for action_id in ("accept", "reject", "delete_span", "toggle_kind"):
                menu.addAction(self.actions_by_id[action_id])
            build_label_menu(menu, self.store.schema, self.apply_label, title="Change label to")
        else:
            menu.addAction(self.actions_by_id["next_span"])
            menu.addAction(self.actions_by_id["mark_done"])
        if self.current_event_id is not None and self.article.selection_range() is None:
            menu.addSeparator()
            for action_id in ("accept_event", "reject_event", "delete_event", "cycle_modality", "toggle_polarity"):
                menu.addAction(self.actions_by_id[action_id])
            types = KeyedMenu("Change event type to", menu)  # E's second key picks a type here
            menu.addMenu(types)
            for kind in self.store.schema.events:
                types.addAction(self.actions_by_id[f"event_{kind.name}"])
        menu.popup(where)

    # -- background work -----------------------------------------------------------------------
    def _start(self, worker: object) -> QThread:
        thread = workers.start(worker, self)  # type: ignore[arg-type]
        self._threads.append(thread)
        self._workers[thread] = worker  # keeps the worker alive while its thread runs

        def finished(t: QThread = thread) -> None:
            if t in self._threads:
                self._threads.remove(t)
            self._workers.pop(t, None)

        thread.finished.connect(finished)
        return thread

    @property
    def busy(self) -> bool:
        """True while a background job runs (screenshots wait for it)."""
        return self._job is not None

    def _begin_job(self, worker: QObject, label: str) -> bool:
        """Run a cancellable job in the background with the status-bar progress bar."""
        if self._job is not None:
            self.statusBar().showMessage("Another background job is running; wait for it or cancel it (Ctrl+.).", 5000)
            return False
        self._job = worker
        self.progress_label.setText(label)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()
        self._start(worker)
        return True

    def _job_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _end_job(self, text: str = "") -> None:
        """The window's own job ended: say what it did, and take its writes as seen.

        Workers write through their own connections, so the live refresh would otherwise
        report them as "another window or process" at its next poll.
        """
        self._job = None
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.progress_label.setText(text)
        if text:
            self.statusBar().showMessage(text, 8000)
        if hasattr(self, "live") and not self._closed:
            self.live.rebase()

    def notify(self, title: str, text: str) -> QMessageBox:
        """A warning that does not block the window (background jobs report through it)."""
        box = plain.message_box(self, title, text)
        box.setObjectName("notice")
        box.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable (Ctrl+Q included)
        box.addAction(self.actions_by_id["quit"])  # ... and quits from the notice too
        box.show()
        return box

    def cancel_job(self) -> None:
        """Stop the background job: whole batches or files are kept, a cancelled export writes nothing."""
        if self._job is not None:
            self._job.stop()  # type: ignore[attr-defined]
            self.progress_label.setText("Stopping…")

    def start_preannotation(self) -> None:
        """Suggest entities and events for documents not yet pre-annotated, in the background."""
        worker = workers.PreannotateWorker(self.store.path, self.model_name)
        worker.status.connect(self._on_pre_status)
        worker.model_loaded.connect(self._on_model_loaded)
        worker.progress.connect(self._on_pre_progress)
        worker.finished.connect(self._on_pre_finished)
        worker.failed.connect(self._on_pre_failed)
        self._begin_job(worker, "Pre-annotating…")

    def _on_pre_status(self, text: str) -> None:
        self.progress_label.setText(text)

    def _on_model_loaded(self, model: str) -> None:
        self.model_id = model
        self._update_status()

    def _on_pre_progress(self, done: int, total: int) -> None:
        self._job_progress(done, total)
        self.progress_label.setText(f"Pre-annotating {done}/{total}")
        self._refresh_after_preannotation()

    def _refresh_after_preannotation(self) -> None:
        focused = self.article.focused_id
        self.reload_documents()
        if self.current_id is not None:
            if not self.article.spans():
                self._refresh_current()
            self.article.set_focused(focused, scroll=False)
        self._update_status()

    def _on_pre_finished(self, count: int) -> None:
        spans, events = getattr(self._job, "stored", (0, 0))
        text = ""
        if count:
            text = (f"Pre-annotation stored {spans} suggestion{'s' if spans != 1 else ''}"
                    + (f" and {events} event{'s' if events != 1 else ''}" if events else "")
                    + f" in {count} document{'s' if count != 1 else ''}")
        self._refresh_after_preannotation()
        self._end_job(text)

    def _on_pre_failed(self, message: str) -> None:
        self._end_job("Pre-annotation failed")
        self.notify("Pre-annotation failed", message)

    # -- files ---------------------------------------------------------------------------------
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for number, path in enumerate(self.settings.recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {str(path).replace('&', '&&')}")  # & is a mnemonic
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def show_memory(self) -> None:
        """What corrections taught: switch entries off and on, forget them."""
        from ui.memory_dialog import MemoryDialog

        dialog = MemoryDialog(self.store, self)
        dialog.open()

    def show_settings(self) -> None:
        """Name, model and theme, remembered between runs."""
        dialog = SettingsDialog(self.settings, annotator=self.annotator, parent=self)
        if dialog.exec():
            self.apply_settings()

    def apply_settings(self) -> None:
        """Use the stored name and model from now on (the next action records the new name)."""
        self.annotator = self.settings.annotator or self.annotator
        self.session.annotator = self.annotator
        self.model_name = self.settings.model or None
        self._update_status()

    def choose_project(self) -> None:
        """Open another project file in this window."""
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(self.store.path.parent),
                                              "Annotator projects (*.db);;All files (*)")
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> None:
        """Switch this window to another project (the current one is already saved)."""
        if path:
            from annotator.store import ProjectError, open_project

            try:
                store = open_project(path, create=False)
            except ProjectError as exc:
                plain.message_box(self, "Cannot open project", str(exc)).exec()
                return
            self._stop_workers()
            self.store.close()
            self.store = store
            self.article.set_schema(store.schema)
            self.events_panel.set_schema(store.schema)
            self.current_id = None
            self.settings.add_recent(store.path)
            self.reload_documents()
            self.restore_undo_stack()
            first = self._first_open_document()
            if first is not None:
                self.open_document(first)
            self._use_ui_busy_timeout()
            self.live.rebase()
            if store.count_pending_preannotation():
                self.start_preannotation()

    def choose_export(self) -> None:
        """Export done documents in a format picked by the dialog's file type, in the background.

        File formats get their suffix if none was typed; brat writes the folder named.
        """
        from annotator.exporters import FORMATS

        filters = {}
        for fmt in FORMATS.values():
            summary = fmt.description.split(",")[0].split("(")[0].strip()
            pattern = "*" if fmt.target == "folder" else f"*{Path(fmt.example).suffix}"
            filters[f"{fmt.name}: {summary} ({pattern})"] = fmt.name
        default = self.store.path.with_suffix(".jsonl")
        path, chosen = QFileDialog.getSaveFileName(self, "Export", str(default), ";;".join(filters))
        if path:
            fmt = FORMATS[filters.get(chosen, "jsonl")]
            out = Path(path)
            if fmt.target == "file" and not out.suffix:
                out = out.with_suffix(Path(fmt.example).suffix)
            self.export_to(out, fmt.name)

    def export_to(self, out: Path, fmt: str = "jsonl") -> None:
        """Start an export job."""
        worker = workers.ExportWorker(self.store.path, out, fmt)
        # Bound methods, not closures: a slot of the window runs on the GUI thread, a lambda
        # would run in the worker's thread and touch widgets from there.
        worker.progress.connect(self._job_progress)
        worker.finished.connect(self._on_export_finished)
        worker.failed.connect(self._on_job_failed)
        self._begin_job(worker, "Exporting…")

    def _on_export_finished(self, count: int) -> None:
        worker = self._job
        if isinstance(worker, workers.ExportWorker):
            self._end_job("Export cancelled: nothing was written." if worker.cancelled
                          else " ".join([f"{count} done documents exported to {worker.out}.", *worker.notices]))

    def _on_job_failed(self, message: str) -> None:
        what = {workers.ExportWorker: "Export", workers.ImportWorker: "Import"}.get(type(self._job), "Job")
        self._end_job(f"{what} failed")
        self.notify(f"{what} failed", message)

    def choose_import(self, *, folder: bool = False) -> None:
        """Import files (or a folder) into this project, in the background."""
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, "Import a folder", str(self.store.path.parent))
            paths = [chosen] if chosen else []
        else:
            paths, _ = QFileDialog.getOpenFileNames(
                self, "Import files", str(self.store.path.parent),
                "Articles (*.txt *.md *.jsonl *.csv);;All files (*)",
            )
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> None:
        """Start an import job; new documents are pre-annotated when it ends."""
        worker = workers.ImportWorker(self.store.path, paths)
        worker.progress.connect(self._job_progress)
        worker.finished.connect(self._on_import_finished)
        worker.failed.connect(self._on_job_failed)
        self._begin_job(worker, "Importing…")

    def _on_import_finished(self, report) -> None:  # type: ignore[no-untyped-def]
        self._end_job(report.summary())
        self.reload_documents()
        if self.current_id is None and self.doc_model.rows:
            self.open_document(self.doc_model.rows[0].id)
        if report.problems:
            self.notify("Some files could not be imported", "\n".join(str(p) for p in report.problems[:30]))
        if self.store.count_pending_preannotation():
            self.start_preannotation()

    # -- help ----------------------------------------------------------------------------------
    def shortcut_sheet_html(self) -> str:
        """The cheat sheet: every action, label and mouse gesture (escaped, generated from the tables)."""
        from html import escape

        rows = [
            f"<tr><td><b>{escape(', '.join(a.keys) or '—')}</b></td><td>{escape(a.text.replace('&', ''))}</td>"
            f"<td>{escape(a.help)}</td></tr>"
            for a in ACTIONS
        ]
        rows += [
            f"<tr><td><b>{escape(l.key.upper())}</b></td><td>Label {escape(l.name)}</td><td>{escape(l.description)}</td></tr>"
            for l in self.store.schema.labels
        ]
        rows += [
            f"<tr><td><b>E, {escape(k.key.upper())}</b></td><td>Event {escape(k.name)}</td><td>{escape(EVENT_TYPE_HELP)}</td></tr>"
            for k in self.store.schema.events
        ]
        rows += [
            f"<tr><td><b>R, 1 … R, {MAX_ROLE_KEYS}</b></td><td>Fill role N</td><td>{escape(FILL_ROLE_HELP)}</td></tr>",
            f"<tr><td><b>Shift+R, 1 … Shift+R, {MAX_ROLE_KEYS}</b></td><td>Clear role N</td><td>{escape(CLEAR_ROLE_HELP)}</td></tr>",
        ]
        rows += [f"<tr><td><b>{escape(g)}</b></td><td colspan=2>{escape(h)}</td></tr>" for g, h in MOUSE_HELP]
        return "<h3>Keyboard shortcuts</h3><table cellpadding=4>" + "".join(rows) + "</table>"

    def show_shortcuts(self) -> None:
        """Show the shortcut sheet (F1 or ?)."""
        dialog = QDialog(self)
        dialog.setObjectName("shortcut_sheet")
        dialog.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser(dialog)
        browser.setHtml(self.shortcut_sheet_html())
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(760, 640)
        dialog.open()

    def show_about(self) -> None:
        """App version, bundle or Python, and the model to load, as ``annotator --version`` says; then this project."""
        from annotator.about import about_text

        box = plain.message_box(  # the path and annotator name are shown literally, never as markup
            self, "About Annotator",
            f"{about_text(self.model_name)}\nSuggestions in this project by: {self.model_id}\n"
            f"Project: {self.store.path}\nAnnotator: {self.annotator}", icon=QMessageBox.Icon.Information,
        )
        box.setObjectName("about")
        box.open()

    # -- status and closing --------------------------------------------------------------------
    def _update_status(self) -> None:
        counts = self.store.document_counts()
        shown = len(self.doc_model.rows)
        total = sum(counts.values())
        filtered = f" · {shown} shown" if shown != total else ""
        self.done_label.setText(f"{counts['done']} of {total} done{filtered}")
        self.model_label.setText(f"Model: {self.model_id}")
        self.saved_label.setText(self.saved_label.text() or "All changes saved")
        self.saved_label.setToolTip(plain.tooltip(f"Every change is written to {self.store.path} at once."))
        self.annotator_label.setText(f"Annotator: {self.annotator}")
        hides = sorted(self._hidden_labels)
        if self._min_score:
            hides.append(f"suggestions under {self._min_score:g}")
        self.filter_label.setText(f"Hidden: {', '.join(hides)}" if hides else "")
        self.filter_label.setToolTip(plain.tooltip("View → Filter the view (Ctrl+Shift+F) changes what is hidden."))

    def _stop_workers(self) -> None:
        """Stop the background job and let every worker end on its own, without waiting for it.

        Waiting here froze the window (Ctrl+Q seemed ignored, quitting took seconds while spaCy
        loaded or a batch was stored); a stopped job keeps whole batches and files only.
        """
        if self._job is not None:
            self._job.stop()  # type: ignore[attr-defined]
            self._end_job("")
        for thread in list(self._threads):
            worker = self._workers.pop(thread, None)
            if worker is not None:
                workers.detach(thread, worker)
            self._threads.remove(thread)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._closed:  # closed once already: the project is closed too
            super().closeEvent(event)
            return
        self._closed = True
        self._record_time()
        # Nothing may reach the closed project afterwards: the workers' signals are cut (a model
        # loaded or a batch stored after the close used to raise on the closed connection, and the
        # error box kept the app open: Ctrl+Q looked ignored), and the window's own timers stop.
        self._stop_workers()
        self._search_pause.stop()
        self.live.timer.stop()
        self.store.close()
        super().closeEvent(event)


class WorkClock:
    """Active time per document: the time between an analyst's steps, each gap capped at IDLE_CAP."""

    IDLE_CAP = 120.0  # seconds; a longer pause counts as this much (coffee does not count)

    def __init__(self) -> None:
        self._last = time.monotonic()
        self._pending: dict[int, float] = {}

    def tick(self, doc_id: int) -> None:
        """Credit the time since the previous tick to ``doc_id``."""
        now = time.monotonic()
        self._pending[doc_id] = self._pending.get(doc_id, 0.0) + min(now - self._last, self.IDLE_CAP)
        self._last = now

    def take(self) -> dict[int, float]:
        """The credited time not yet stored, emptied."""
        pending, self._pending = self._pending, {}
        return pending

    def credit(self, doc_id: int, seconds: float) -> None:
        """Put back time that could not be stored (the project was busy), to store with the next."""
        self._pending[doc_id] = self._pending.get(doc_id, 0.0) + seconds


class SearchBox(QLineEdit):
    """The search field keeps Return, Enter and Delete for itself (they are window actions elsewhere)."""

    OWN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == event.Type.ShortcutOverride and event.key() in self.OWN_KEYS:
            event.accept()
            return True
        return super().event(event)


def _show_row(view: QAbstractItemView, row: int, *, scroll: bool = True) -> None:
    """Make ``row`` the one current and selected row of a list that follows the window (-1: none).

    The selection model's signals are NOT blocked (the view repaints from them: blocked, the old
    row stayed highlighted and rows piled up); the view's ``following`` property tells the
    window's own row handlers that this is the window following, not the user choosing.
    """
    view.setProperty("following", True)
    try:
        selection = view.selectionModel()
        if row >= 0:
            index = view.model().index(row, 0)
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Current)
            selection.setCurrentIndex(index, flags)
            if scroll:
                view.scrollTo(index)
        else:
            selection.clear()
    finally:
        view.setProperty("following", False)


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


__all__ = ["MainWindow", "spec"]
