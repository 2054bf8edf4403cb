"""Qt item models over the core: the document list and the current document's spans."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from annotator.documents import Span, low_confidence
from annotator.doubt import DEFAULT_LIST_ORDER, ordered_ids
from annotator.schema import Schema
from annotator.store import DocSummary, Store
from ui import plain

_Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done", "skipped": "skipped"}
STATUS_COLOR = {"new": "#6b7280", "in_progress": "#b45309", "done": "#047857", "skipped": "#9ca3af"}


class _ListTable(QAbstractTableModel):
    """A flat table over a Python list ``self.items`` with fixed column headers."""

    HEADERS: tuple[str, ...] = ()

    def _items(self) -> Sequence[Any]:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class DocumentRows(Sequence[DocSummary]):
    """The filtered document list, read a page at a time: every id up front, summaries on demand.

    A 100,000-document project holds 800 KB of ids here; summaries (titles, statuses, counts)
    are fetched ``PAGE`` rows at a time as the list view asks for them, and at most ``PAGES``
    pages are kept, so opening, scrolling and filtering cost the same at any project size.
    """

    PAGE = 64
    PAGES = 128

    def __init__(self, ids: Sequence[int] = (), fetch: Callable[[Sequence[int]], list[DocSummary]] | None = None) -> None:
        self.ids = array("q", ids)  # list order: ascending ids by default, or another order (annotator.doubt)
        self._fetch = fetch or (lambda _ids: [])
        self._pages: OrderedDict[int, list[DocSummary]] = OrderedDict()
        # In another order than by id: the ids sorted, and the row of each, for binary searches.
        self._by_id: tuple[array[int], array[int]] | None = None
        if any(a > b for a, b in zip(self.ids, self.ids[1:])):
            rows = sorted(range(len(self.ids)), key=self.ids.__getitem__)
            self._by_id = (array("q", (self.ids[r] for r in rows)), array("q", rows))

    @classmethod
    def query(cls, store: Store, *, status: str | None = None, label: str | None = None,
              search: str | None = None, order: str = DEFAULT_LIST_ORDER) -> DocumentRows:
        """The documents of ``store`` passing the list's filters (see :meth:`Store.summaries`), in ``order``."""
        return cls(ordered_ids(store, order=order, status=status, label=label, search=search), store.summaries_of)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> DocSummary: ...
    @overload
    def __getitem__(self, i: slice) -> list[DocSummary]: ...
    def __getitem__(self, i: int | slice) -> DocSummary | list[DocSummary]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self.ids)
        if not 0 <= i < len(self.ids):
            raise IndexError(i)
        page = self._page(i // self.PAGE)
        return page[i % self.PAGE]

    def __iter__(self) -> Iterator[DocSummary]:
        for i in range(len(self.ids)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _page(self, number: int) -> list[DocSummary]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        ids = self.ids[number * self.PAGE : (number + 1) * self.PAGE]
        found = {s.id: s for s in self._fetch(ids)}
        # A document deleted since the ids were read keeps its row, empty, until the next reload.
        page = [found.get(i) or DocSummary(i, "", "skipped", 0, 0) for i in ids]
        self._pages[number] = page
        while len(self._pages) > self.PAGES:
            self._pages.popitem(last=False)
        return page

    def index_of(self, doc_id: int) -> int:
        """Row of a document, or -1 (a binary search over the ids)."""
        ids = self.ids if self._by_id is None else self._by_id[0]
        i = bisect_left(ids, doc_id)
        if i < len(ids) and ids[i] == doc_id:
            return i if self._by_id is None else self._by_id[1][i]
        return -1

    def replace(self, summary: DocSummary) -> int:
        """Put a fresh summary in a cached page; returns its row, or -1 if not listed."""
        row = self.index_of(summary.id)
        page = self._pages.get(row // self.PAGE) if row >= 0 else None
        if page is not None:
            page[row % self.PAGE] = summary
        return row

    def next_listed(self, candidates: Sequence[int], after: int | None = None) -> int | None:
        """The first of the sorted ids ``candidates`` that is listed, after ``after`` in list order and wrapping round.

        Binary searches only, so finding the next document to work on costs nothing per listed
        row (a list of 100,000 finished documents is never read page by page).
        """
        if self._by_id is not None:
            return self._next_in_order(candidates, after)
        start = 0 if after is None else bisect_right(candidates, after)
        for i in (*range(start, len(candidates)), *range(start)):
            if candidates[i] != after and self.index_of(candidates[i]) >= 0:
                return candidates[i]
        return None

    def _next_in_order(self, candidates: Sequence[int], after: int | None) -> int | None:
        """:meth:`next_listed` for a list not in id order: the listed candidate in the first row below ``after``'s.

        One binary search per candidate; ``after`` not listed (searched out): from the top.
        """
        start = self.index_of(after) if after is not None else -1
        below: tuple[int, int] | None = None  # (row, id) of the first candidate below ``after``
        above: tuple[int, int] | None = None  # ... and of the first one from the top, for wrapping
        for doc_id in candidates:
            row = self.index_of(doc_id)
            if row < 0 or doc_id == after:
                continue
            if row > start and (below is None or row < below[0]):
                below = (row, doc_id)
            if above is None or row < above[0]:
                above = (row, doc_id)
        found = below or above
        return None if found is None else found[1]


class DocumentListModel(_ListTable):
    """Rows of documents: status, title, suggestions left to review."""

    HEADERS = ("Status", "Title", "To review")

    def __init__(self) -> None:
        super().__init__()
        self.rows: DocumentRows = DocumentRows()

    def _items(self) -> Sequence[Any]:
        return self.rows

    def reset(self, rows: DocumentRows) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def update_row(self, summary: DocSummary) -> None:
        """Refresh one document's row in place."""
        i = self.rows.replace(summary)
        if i >= 0:
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.HEADERS) - 1))

    def row_of(self, doc_id: int) -> int:
        """Row number of a document, or -1."""
        return self.rows.index_of(doc_id)

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
            return plain.tooltip(f"{row.title}\n{STATUS_TEXT[row.status]} · {row.n_spans} spans · {row.n_suggested} to review")
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class SpanTableModel(_ListTable):
    """The current document's spans: text, label, status, origin."""

    HEADERS = ("Text", "Label", "Status", "Origin", "Id")

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[Span] = []
        self._rows: dict[int | None, int] = {}
        self.text = ""
        self.schema: Schema | None = None
        # An id -> what it names (entry name and description, or a place's country and coordinates).
        self.describe: Callable[[str], str] | None = None

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
            label = f"{span.label} · nominal" if span.kind == "nominal" else span.label
            status = span.status
            if span.status == "suggested" and span.score is not None:
                status += f" {span.score:.0%}" + (" · low" if low_confidence(span) else "")
            kb = span.kb_id or ""
            if kb and span.status == "suggested" and span.kb_score is not None:
                kb += f" {span.kb_score:.0%}"
            return (self.text[span.start : span.end].replace("\n", " "), label, status, span.origin, kb)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and span.kb_id and self.describe is not None:
            return self.describe(span.kb_id)
        if role == Qt.ItemDataRole.FontRole and span.kind == "nominal":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and column == 1 and self.schema is not None:
            label = self.schema.get(span.label)
            if label is not None:
                return QBrush(QColor(label.color))
        if role == Qt.ItemDataRole.ForegroundRole and span.status == "rejected":
            return QBrush(QColor("#9ca3af"))
        if role == Qt.ItemDataRole.ForegroundRole and low_confidence(span) and column != 1:
            return QBrush(QColor("#b45309"))  # amber: a doubtful suggestion, worth a look
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None
