"""Help: the shortcut sheet (F1), generated from the action table and the schema, and About."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

from ui import plain
from ui.actions import ACTIONS, CLEAR_ROLE_HELP, EVENT_TYPE_HELP, FILL_ROLE_HELP, MAX_ROLE_KEYS, MOUSE_HELP
from ui.context import WindowContext


class HelpController(QObject):
    """The Help menu."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx

    def shortcut_sheet_html(self) -> str:
        """The cheat sheet: every action, label and mouse gesture (escaped, generated from the tables)."""
        schema = self.ctx.store.schema
        rows = [
            f"<tr><td><b>{escape(', '.join(a.keys) or '—')}</b></td><td>{escape(a.text.replace('&', ''))}</td>"
            f"<td>{escape(a.help)}</td></tr>"
            for a in ACTIONS
        ]
        rows += [
            f"<tr><td><b>{escape(l.key.upper())}</b></td><td>Label {escape(l.name)}</td><td>{escape(l.description)}</td></tr>"
            for l in schema.labels
        ]
        rows += [
            f"<tr><td><b>E, {escape(k.key.upper())}</b></td><td>Event {escape(k.name)}</td><td>{escape(EVENT_TYPE_HELP)}</td></tr>"
            for k in schema.events
        ]
        rows += [
            f"<tr><td><b>R, 1 … R, {MAX_ROLE_KEYS}</b></td><td>Fill role N</td><td>{escape(FILL_ROLE_HELP)}</td></tr>",
            f"<tr><td><b>Shift+R, 1 … Shift+R, {MAX_ROLE_KEYS}</b></td><td>Clear role N</td><td>{escape(CLEAR_ROLE_HELP)}</td></tr>",
        ]
        rows += [f"<tr><td><b>{escape(g)}</b></td><td colspan=2>{escape(h)}</td></tr>" for g, h in MOUSE_HELP]
        return "<h3>Keyboard shortcuts</h3><table cellpadding=4>" + "".join(rows) + "</table>"

    def show_shortcuts(self) -> None:
        """Show the shortcut sheet (F1 or ?)."""
        dialog = QDialog(self.ctx.window)
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

        ctx = self.ctx
        box = plain.message_box(  # the path and annotator name are shown literally, never as markup
            ctx.window, "About Annotator",
            f"{about_text(ctx.model_name)}\nSuggestions in this project by: {ctx.model_id}\n"
            f"Project: {ctx.store.path}\nAnnotator: {ctx.annotator}"
            + (f"\nTeam: {ctx.owner}" if ctx.owner else ""), icon=QMessageBox.Icon.Information,
        )
        box.setObjectName("about")
        box.open()
