"""The id typeahead: type a name, pick a GeoNames place, an actor-list entry or NIL (no entry exists)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.kb import Candidate

Lookup = Callable[[str], list[Candidate]]


class KbDialog(QDialog):
    """A search box over the candidates; Enter (or a double click) chooses the selected one."""

    chosen = Signal(str)  # the kb_id picked

    def __init__(self, lookup: Lookup, query: str, current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kb_dialog")
        self.setWindowTitle("Link to an entry")
        self.lookup = lookup
        self.search = QLineEdit(query, self)
        self.search.setObjectName("kb_search")
        self.search.setPlaceholderText("Type a name: places from GeoNames, entries of the actor lists")
        self.list = QListWidget(self)
        self.list.setObjectName("kb_candidates")
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Now: {current}" if current else "No id yet.", self))
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.accept)
        self.refresh(query)
        self.resize(520, 360)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up and Down in the search box move through the candidates."""
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.list.count():
            row = self.list.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))
            return
        super().keyPressEvent(event)

    def refresh(self, query: str) -> None:
        """Show the candidates for what is typed, the first selected."""
        self.list.clear()
        for c in self.lookup(query):
            item = QListWidgetItem(f"{c.name} — {c.detail}  [{c.kb_id}]", self.list)
            item.setData(Qt.ItemDataRole.UserRole, c.kb_id)
        self.list.setCurrentRow(0)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
        super().accept()
