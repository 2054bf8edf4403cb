"""The article with its highlights; selections become token-snapped code point offsets.

Only the highlights of visible lines are painted, straight onto the viewport under the
text, so opening and scrolling cost the same whether a document has 30 spans or 50,000
(``QTextEdit.ExtraSelection`` re-lays out every span on each change). The text is plain
text: it never goes through HTML or rich-text parsing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from annotator.documents import Document, Span
from annotator.schema import Schema
from annotator.textpos import TextPositions

UNDERLINE_GAP = 3  # pixels between stacked underlines of nested or overlapping spans


class _Shown:
    """A span as drawn: its Qt range and its stacking level among overlapping spans."""

    __slots__ = ("span", "qs", "qe", "level")

    def __init__(self, span: Span, qs: int, qe: int) -> None:
        self.span, self.qs, self.qe, self.level = span, qs, qe, 0


class ArticleView(QPlainTextEdit):
    """Read-only article view that paints span highlights for the visible lines only."""

    span_clicked = Signal(int)  # span id
    menu_requested = Signal(object, QPoint)  # span id or None, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setTabChangesFocus(False)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.1)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.setObjectName("article")
        self.positions = TextPositions("")
        self._shown: list[_Shown] = []
        self._starts: list[int] = []
        self._max_len = 0
        self._colors: dict[str, QColor] = {}
        self.focused_id: int | None = None
        self.document_id: int | None = None
        self.schema: Schema | None = None
        self.paint_count = 0  # painted highlight segments in the last paint (for tests and benchmarks)
        self.label_of: Callable[[str], str] = lambda name: name

    # -- content -----------------------------------------------------------------------------
    def set_schema(self, schema: Schema) -> None:
        """Colours come from the project's label schema."""
        self.schema = schema
        self._colors = {label.name: QColor(label.color) for label in schema.labels}

    def show_document(self, doc: Document) -> None:
        """Show a document's text (verbatim, as plain text) and its spans."""
        self.document_id = doc.id
        self.positions = TextPositions(doc.text)
        self.setPlainText(self.positions.display_text)
        self.focused_id = None
        self.set_spans(doc.spans)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_spans(self, spans: list[Span]) -> None:
        """Replace the highlights (rejected spans are not drawn) and repaint."""
        shown = [
            _Shown(s, *self.positions.range_to_qt(s.start, s.end)) for s in spans if s.status != "rejected"
        ]
        shown.sort(key=lambda h: (h.qs, -h.qe))
        # Stack overlapping spans: each takes the lowest level free at its start.
        level_ends: list[int] = []
        for h in shown:
            for level, end in enumerate(level_ends):
                if end <= h.qs:
                    h.level = level
                    level_ends[level] = h.qe
                    break
            else:
                h.level = len(level_ends)
                level_ends.append(h.qe)
        self._shown = shown
        self._starts = [h.qs for h in shown]
        self._max_len = max((h.qe - h.qs for h in shown), default=0)
        self.viewport().update()

    def spans(self) -> list[Span]:
        """The drawn spans in text order (rejected ones left out)."""
        return [h.span for h in self._shown]

    # -- focus and selection -----------------------------------------------------------------
    def set_focused(self, span_id: int | None, *, scroll: bool = True) -> None:
        """Outline one span and scroll it into view."""
        self.focused_id = span_id
        if span_id is not None and scroll:
            shown = next((h for h in self._shown if h.span.id == span_id), None)
            if shown is not None:
                cursor = QTextCursor(self.document())
                cursor.setPosition(shown.qs)
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
        self.viewport().update()

    def selection_range(self) -> tuple[int, int] | None:
        """The selected text as a code point range, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.positions.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def clear_selection(self) -> None:
        """Drop the text selection, keeping the caret where it is."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def spans_at(self, qt_pos: int) -> list[Span]:
        """Spans covering a Qt position, innermost (shortest) first."""
        lo = bisect_left(self._starts, qt_pos - self._max_len)
        hi = bisect_left(self._starts, qt_pos + 1)
        hits = [h for h in self._shown[lo:hi] if h.qs <= qt_pos < h.qe]
        hits.sort(key=lambda h: h.qe - h.qs)
        return [h.span for h in hits]

    def _span_under(self, point: QPoint) -> list[Span]:
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        rect = self.cursorRect(cursor)
        # cursorForPosition rounds to the nearest gap: step back when the click was left of it.
        if point.x() < rect.x() and pos > 0:
            pos -= 1
        return self.spans_at(pos)

    # -- mouse ---------------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        hits = self._span_under(event.position().toPoint())
        if not hits:
            return
        ids = [s.id for s in hits]
        # A second click on the same place picks the next of the overlapping spans.
        if self.focused_id in ids:
            chosen = ids[(ids.index(self.focused_id) + 1) % len(ids)]
        else:
            chosen = ids[0]
        if chosen is not None:
            self.span_clicked.emit(chosen)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            point = event.position().toPoint()
            hits = self._span_under(point)
            has_selection = self.textCursor().hasSelection()
            span_id = None
            if hits and not has_selection:
                span_id = hits[0].id if self.focused_id not in [s.id for s in hits] else self.focused_id
                self.span_clicked.emit(span_id)
            self.menu_requested.emit(span_id, self.viewport().mapToGlobal(point))
            return
        super().mousePressEvent(event)

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == event.Type.ToolTip:
            hits = self._span_under(self.viewport().mapFromGlobal(event.globalPos()))
            if hits:
                lines = [
                    f"{self.label_of(s.label)} · {s.status} · {s.origin}: “{self.positions.text[s.start:s.end][:60]}”"
                    for s in hits
                ]
                QToolTip.showText(event.globalPos(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Menu:
            cursor_rect = self.cursorRect()
            self.menu_requested.emit(self.focused_id, self.viewport().mapToGlobal(cursor_rect.bottomLeft()))
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        return False  # Tab moves between suggestions, not out of the article

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            self._paint_highlights(painter, event.rect().top(), event.rect().bottom())
        finally:
            painter.end()
        super().paintEvent(event)

    def _paint_highlights(self, painter: QPainter, top: int, bottom: int) -> None:
        self.paint_count = 0
        if not self._shown:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= top:
                self._paint_block(painter, block, geometry.topLeft())
            block = block.next()

    def _paint_block(self, painter: QPainter, block, origin) -> None:  # type: ignore[no-untyped-def]
        b_start = block.position()
        b_end = b_start + block.length()
        lo = bisect_left(self._starts, b_start - self._max_len)
        hi = bisect_left(self._starts, b_end)
        layout = block.layout()
        for h in self._shown[lo:hi]:
            if h.qe <= b_start:
                continue
            s, e = max(h.qs, b_start) - b_start, min(h.qe, b_end) - b_start
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                l_start, l_end = line.textStart(), line.textStart() + line.textLength()
                if e <= l_start or s >= l_end:
                    continue
                x1 = line.cursorToX(max(s, l_start))[0]
                x2 = line.cursorToX(min(e, l_end))[0]
                rect = QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height())
                self._paint_segment(painter, h, rect)

    def _paint_segment(self, painter: QPainter, h: _Shown, rect: QRectF) -> None:
        self.paint_count += 1
        color = QColor(self._colors.get(h.span.label, QColor("#cccccc")))
        accepted = h.span.status == "accepted"
        if h.level == 0:
            fill = QColor(color)
            fill.setAlpha(210 if accepted else 70)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect.adjusted(-1, 1, 1, -1), 3, 3)
        # Underline: solid for accepted, dashed for suggestions; stacked by level.
        pen = QPen(color.darker(140), 2)
        pen.setStyle(Qt.PenStyle.SolidLine if accepted else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        y = rect.bottom() - 1 - h.level * UNDERLINE_GAP
        painter.drawLine(rect.left() + 1, y, rect.right() - 1, y)
        if h.span.id is not None and h.span.id == self.focused_id:
            painter.setPen(QPen(QColor("#1f2937"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 4, 4)


def build_label_menu(menu: QMenu, schema: Schema, on_label: Callable[[str], None], *, title: str) -> QMenu:
    """A submenu with one entry per label, showing each label's key."""
    sub = menu.addMenu(title)
    for label in schema.labels:
        action = sub.addAction(f"{label.name}\t{label.key.upper()}")
        action.triggered.connect(lambda _=False, name=label.name: on_label(name))
    return sub
