"""What the analysts' corrections taught: see it, switch entries off and on, forget them.

Two tables: phrase -> label and phrase ✗ label (with their switches), and phrase -> id (what
choosing ids with Ctrl+K taught, with what each id names). Forget acts on the row selected in either.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator import memory
from annotator.store import Store
from ui import error_messages, plain
from ui.tables import dialog_table

COLUMNS = ("On", "Phrase", "Label", "Times", "Learned from", "Last by", "Last at")
ID_COLUMNS = ("Phrase", "Id", "What it names", "Times chosen", "Last by", "Last at")


class MemoryDialog(QDialog):
    """Tables of learned phrases and ids; Space switches the selected label entry, Delete forgets the selected row."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memory_dialog")
        self.setWindowTitle("What corrections taught")
        self.store = store
        self.table = dialog_table(self, "memory_table", COLUMNS, stretch=1)
        self.table.itemChanged.connect(self._on_item_changed)
        self.ids_table = dialog_table(self, "memory_ids_table", ID_COLUMNS, stretch=2)
        # One selection across both tables: selecting a row in one clears the other's, so Forget is unambiguous.
        self.table.itemSelectionChanged.connect(lambda: self._selected_in(self.table, self.ids_table))
        self.ids_table.itemSelectionChanged.connect(lambda: self._selected_in(self.ids_table, self.table))
        self.toggle_button = QPushButton("Switch &on/off (Space)", self)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.forget_button = QPushButton("&Forget (Delete)", self)
        self.forget_button.clicked.connect(self.forget_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.toggle_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Relabelling, adding or rejecting a span teaches Annotator: documents not yet reviewed and "
            "every later pre-annotation follow what is switched on here. Deleting the span withdraws what "
            "it taught. Switching off or forgetting stops future use; suggestions already changed stay as "
            "they are.", self,
        ))
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel("Ids chosen: choosing an id for a span (Ctrl+K) teaches its phrase that id. Unreviewed "
                                "documents and every later pre-annotation give it to the phrase's suggestions whose "
                                "label it fits. Forgetting stops future use; ids already given stay.", self))
        layout.addWidget(self.ids_table, 2)
        layout.addWidget(buttons)
        self.resize(860, 600)
        self.entries: list[memory.Entry] = []
        self.id_entries: list[memory.IdEntry] = []
        self.reload()

    def reload(self) -> None:
        """Re-read the memory from the project."""
        self.table.blockSignals(True)
        self.entries = memory.entries(self.store)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            switch = QTableWidgetItem()
            switch.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            switch.setCheckState(Qt.CheckState.Checked if entry.enabled else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, switch)
            values = (entry.phrase, entry.shown_label, str(entry.count), entry.source, entry.last_by or "",
                      entry.last_at[:19].replace("T", " "))
            for column, value in enumerate(values, start=1):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.blockSignals(False)
        self.id_entries = memory.id_entries(self.store)
        self.ids_table.setRowCount(len(self.id_entries))
        for row, found in enumerate(self.id_entries):
            cells = (found.phrase, found.kb_id, found.names, str(found.count), found.last_by or "",
                     found.last_at[:19].replace("T", " "))
            for column, value in enumerate(cells):
                self.ids_table.setItem(row, column, QTableWidgetItem(value))

    def _selected_in(self, table: QTableWidget, other: QTableWidget) -> None:
        if table.selectedItems():
            other.blockSignals(True)
            other.clearSelection()
            other.setCurrentCell(-1, -1)
            other.blockSignals(False)

    def _selected(self) -> memory.Entry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) and self.table.selectedItems() else None

    def _selected_id(self) -> memory.IdEntry | None:
        row = self.ids_table.currentRow()
        return self.id_entries[row] if 0 <= row < len(self.id_entries) and self.ids_table.selectedItems() else None

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0 and 0 <= item.row() < len(self.entries):
            entry_id, enabled = self.entries[item.row()].id, item.checkState() == Qt.CheckState.Checked
            self._write(lambda: memory.set_enabled(self.store, entry_id, enabled))
            self.reload()

    def toggle_selected(self) -> None:
        """Switch the selected entry on or off."""
        entry = self._selected()
        if entry is not None:
            row = self.table.currentRow()
            self._write(lambda: memory.set_enabled(self.store, entry.id, not entry.enabled))
            self.reload()
            self.table.selectRow(row)

    def forget_selected(self) -> None:
        """Remove the selected entry (a label's or an id's) from the memory."""
        entry = self._selected()
        if entry is not None:
            self._write(lambda: memory.forget(self.store, entry.id))
            self.reload()
            return
        found = self._selected_id()
        if found is not None:
            self._write(lambda: memory.forget_id(self.store, found.id))
            self.reload()

    def _write(self, change: Callable[[], object]) -> None:
        """Change the memory; if another program holds the project (or it is read-only), say so."""
        try:
            change()
        except sqlite3.OperationalError as exc:
            box = plain.message_box(self, error_messages.NOTICE_TITLES["memory"], error_messages.memory_not_saved(exc))
            box.setObjectName("notice")
            box.open()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Space:
            self.toggle_selected()
        elif event.key() == Qt.Key.Key_Delete:
            self.forget_selected()
        else:
            super().keyPressEvent(event)
