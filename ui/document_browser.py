"""The Documents dock: a full-text search box, status and label filters, the list's order, and the document list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTableView, QVBoxLayout, QWidget

from annotator.documents import DOC_STATUSES
from annotator.doubt import LIST_ORDERS
from annotator.schema import Schema

ORDER_TEXT = {"list": "Usual order", "doubt": "Most doubtful first"}


class SearchBox(QLineEdit):
    """The search field keeps Return, Enter and Delete for itself (they are window actions elsewhere)."""

    OWN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == event.Type.ShortcutOverride and event.key() in self.OWN_KEYS:
            event.accept()
            return True
        return super().event(event)


class DocumentBrowser(QWidget):
    """The document list with a full-text search box, status and label filters and its order above it."""

    def __init__(self, doc_list: QTableView, schema: Schema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documents_browser")
        self.search_box = SearchBox(self)
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText("Search titles and text (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem("Any status", None)
        for status in DOC_STATUSES:
            self.status_filter.addItem(status.replace("_", " "), status)
        self.label_filter = QComboBox(self)
        self.label_filter.setObjectName("label_filter")
        self.label_filter.addItem("Any label", None)
        for name in schema.names:
            self.label_filter.addItem(name, name)
        self.list_order = QComboBox(self)  # the documents controller sets it from the settings
        self.list_order.setObjectName("list_order")
        self.list_order.setToolTip("The list's order: as imported, or the documents whose suggestions left to "
                                   "review the model doubts most first (Ctrl+Shift+D)")
        for order in LIST_ORDERS:
            self.list_order.addItem(ORDER_TEXT[order], order)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.label_filter)
        filters.addWidget(self.list_order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addWidget(doc_list)
        self.setFocusProxy(doc_list)
