"""What the analysts' corrections taught: see it, switch entries off and on, forget them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator import memory
from annotator.store import Store
from ui import error_messages, plain

COLUMNS = ("On", "Phrase", "Label", "Times", "Learned from", "Last by", "Last at")


class MemoryDialog(QDialog):
    """A table of learned phrases; Space switches the selected one, Delete forgets it."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memory_dialog")
        self.setWindowTitle("What corrections taught")
        self.store = store
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("memory_table")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_item_changed)
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
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(860, 480)
        self.entries: list[memory.Entry] = []
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

    def _selected(self) -> memory.Entry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

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
        """Remove the selected entry from the memory."""
        entry = self._selected()
        if entry is not None:
            self._write(lambda: memory.forget(self.store, entry.id))
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
