"""Files: open another project (or a recent one), import articles, export, load a label schema.

The dialogs ask; imports and exports run as background jobs; a project switch stops the
job, swaps the shared context's store and redraws everything from the new project.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu

from ui import error_messages, plain
from ui.context import WindowContext
from ui.controllers.commands import CommandRunner
from ui.controllers.documents import DocumentsController
from ui.controllers.jobs import JobsController
from ui.live_refresh import LiveRefresh


class FilesController(QObject):
    """The File menu's dialogs and what they start."""

    schema_replaced = Signal()  # the label actions (keys, menu, toolbar) are built again

    def __init__(self, ctx: WindowContext, runner: CommandRunner, documents: DocumentsController,
                 jobs: JobsController, live: LiveRefresh) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.runner = runner
        self.documents = documents
        self.jobs = jobs
        self.live = live
        self.recent_menu = QMenu("Open &recent", ctx.window)
        self.recent_menu.setObjectName("recent_menu")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)

    def fill_recent_menu(self) -> None:
        """File → Open recent: the projects opened last, newest first."""
        self.recent_menu.clear()
        for number, path in enumerate(self.ctx.settings.recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {str(path).replace('&', '&&')}")  # & is a mnemonic
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # -- projects ------------------------------------------------------------------------------
    def choose_project(self) -> None:
        """Open another project file in this window."""
        path, _ = QFileDialog.getOpenFileName(self.ctx.window, "Open project", str(self.ctx.store.path.parent),
                                              "Annotator projects (*.db);;All files (*)")
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> None:
        """Switch this window to another project (the current one is already saved)."""
        if path:
            from annotator.store import open_project

            ctx = self.ctx
            try:
                store = open_project(path, create=False)
            except error_messages.PROJECT as exc:
                plain.message_box(ctx.window, error_messages.NOTICE_TITLES["project"], str(exc)).exec()
                return
            self.jobs.stop_all()
            ctx.store.close()
            ctx.store = store
            ctx.article.set_schema(store.schema)
            ctx.events_panel.set_schema(store.schema)
            ctx.state.set_document(None)
            ctx.settings.add_recent(store.path)
            self.documents.reload()
            self.runner.restore_undo_stack()
            self.documents.open_first()
            self.runner.use_ui_busy_timeout()
            self.live.rebase()
            if store.count_pending_preannotation():
                self.jobs.start_preannotation()

    # -- schema --------------------------------------------------------------------------------
    def choose_schema(self) -> None:
        """Replace this project's label schema with a JSON file (checked against the labels in use)."""
        path, _ = QFileDialog.getOpenFileName(self.ctx.window, "Load label schema", str(self.ctx.store.path.parent),
                                              "Label schemas (*.json);;All files (*)")
        if path:
            self.load_schema(Path(path))

    def load_schema(self, path: Path) -> bool:
        """Validate and apply a schema file; the labels, colours and keys change at once."""
        from annotator.schema import load_schema

        ctx = self.ctx
        try:
            ctx.store.replace_schema(load_schema(path))
        except error_messages.SCHEMA_ERRORS as exc:
            refusal = error_messages.refused_schema(exc, ctx.store.path)
            if refusal.busy:  # busy (another program writes) or read-only
                ctx.status(refusal.text, refusal.timeout_ms)
            else:
                ctx.notify(error_messages.NOTICE_TITLES["schema"], refusal.text)
            return False
        schema = ctx.store.schema
        self.schema_replaced.emit()
        ctx.article.set_schema(schema)
        ctx.events_panel.set_schema(schema)
        ctx.label_filter.blockSignals(True)
        ctx.label_filter.clear()
        ctx.label_filter.addItem("Any label", None)
        for name in schema.names:
            ctx.label_filter.addItem(name, name)
        ctx.label_filter.blockSignals(False)
        if ctx.state.document_id is not None:
            self.documents.open(ctx.state.document_id)
        ctx.status(f"Label schema {schema.name} loaded from {path}.", 6000)
        return True

    # -- import and export ---------------------------------------------------------------------
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
        default = self.ctx.store.path.with_suffix(".jsonl")
        path, chosen = QFileDialog.getSaveFileName(self.ctx.window, "Export", str(default), ";;".join(filters))
        if path:
            fmt = FORMATS[filters.get(chosen, "jsonl")]
            out = Path(path)
            if fmt.target == "file" and not out.suffix:
                out = out.with_suffix(Path(fmt.example).suffix)
            self.jobs.export_to(out, fmt.name)

    def choose_import(self, *, folder: bool = False) -> None:
        """Import files (or a folder) into this project, in the background."""
        window, where = self.ctx.window, str(self.ctx.store.path.parent)
        if folder:
            chosen = QFileDialog.getExistingDirectory(window, "Import a folder", where)
            paths = [chosen] if chosen else []
        else:
            paths, _ = QFileDialog.getOpenFileNames(window, "Import files", where,
                                                    "Articles (*.txt *.md *.jsonl *.csv);;All files (*)")
        if paths:
            self.jobs.import_paths(paths)
