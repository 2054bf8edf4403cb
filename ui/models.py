"""Qt item models over the core: the document list and the current document's spans."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from annotator.documents import Span
from annotator.schema import Schema
from annotator.store import DocSummary

_Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done", "skipped": "skipped"}
STATUS_COLOR = {"new": "#6b7280", "in_progress": "#b45309", "done": "#047857", "skipped": "#9ca3af"}


class _ListTable(QAbstractTableModel):
    """A flat table over a Python list ``self.items`` with fixed column headers."""

    HEADERS: tuple[str, ...] = ()

    def _items(self) -> list[Any]:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class DocumentListModel(_ListTable):
    """Rows of documents: status, title, suggestions left to review."""

    HEADERS = ("Status", "Title", "To review")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DocSummary] = []

    def _items(self) -> list[Any]:
        return self.rows

    def reset(self, rows: list[DocSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def update_row(self, summary: DocSummary) -> None:
        """Refresh one document's row in place."""
        for i, row in enumerate(self.rows):
            if row.id == summary.id:
                self.rows[i] = summary
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.HEADERS) - 1))
                return

    def row_of(self, doc_id: int) -> int:
        """Row number of a document, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.id == doc_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return STATUS_TEXT[row.status]
            if column == 1:
                return row.title or f"Document {row.id}"
            return str(row.n_suggested) if row.n_suggested else ""
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(QColor(STATUS_COLOR[row.status]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{STATUS_TEXT[row.status]} · {row.n_spans} spans · {row.n_suggested} to review"
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class SpanTableModel(_ListTable):
    """The current document's spans: text, label, status, origin."""

    HEADERS = ("Text", "Label", "Status", "Origin")

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[Span] = []
        self._rows: dict[int | None, int] = {}
        self.text = ""
        self.schema: Schema | None = None

    def _items(self) -> list[Any]:
        return self.spans

    def reset(self, text: str, spans: list[Span], schema: Schema) -> None:
        """Show another document's spans."""
        self.beginResetModel()
        self.text, self.spans, self.schema = text, list(spans), schema
        self._rows = {s.id: i for i, s in enumerate(self.spans)}
        self.endResetModel()

    def update_spans(self, spans: list[Span]) -> bool:
        """Refresh changed rows in place when the spans keep their place in the list; else False."""
        rows = [self._rows.get(s.id) for s in spans]
        if any(r is None or (self.spans[r].start, self.spans[r].end) != (s.start, s.end) for r, s in zip(rows, spans)):
            return False
        for row, span in zip(rows, spans):
            self.spans[row] = span  # type: ignore[index]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))  # type: ignore[arg-type]
        return True

    def row_of(self, span_id: int | None) -> int:
        """Row of a span, or -1."""
        return self._rows.get(span_id, -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self.spans[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.text[span.start : span.end].replace("\n", " "), span.label, span.status, span.origin)[column]
        if role == Qt.ItemDataRole.BackgroundRole and column == 1 and self.schema is not None:
            label = self.schema.get(span.label)
            if label is not None:
                return QBrush(QColor(label.color))
        if role == Qt.ItemDataRole.ForegroundRole and span.status == "rejected":
            return QBrush(QColor("#9ca3af"))
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None
