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
from PySide6.QtGui import (
    QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen, QTextCursor, QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.documents import Document, Event, Span, low_confidence
from annotator.schema import Schema
from annotator.textpos import TextPositions
from ui import plain
from ui.keyed_menu import KeyedMenu, build_label_menu
from ui.spaced_layout import SpacedLayout
from ui.view_state import ViewState

UNDERLINE_GAP = 3  # pixels between stacked underlines of nested or overlapping spans


class _Shown:
    """A span as drawn: its Qt range and its stacking level among overlapping spans."""

    __slots__ = ("span", "qs", "qe", "level")

    def __init__(self, span: Span, qs: int, qe: int) -> None:
        self.span, self.qs, self.qe, self.level = span, qs, qe, 0


class _Trigger:
    """An event trigger as drawn."""

    __slots__ = ("event", "qs", "qe")

    def __init__(self, event: Event, qs: int, qe: int) -> None:
        self.event, self.qs, self.qe = event, qs, qe


class ArticleView(QPlainTextEdit):
    """Read-only article view that paints span highlights for the visible lines only."""

    span_clicked = Signal(int)  # span id
    event_clicked = Signal(int)  # event id (its trigger was clicked)
    boundary_key = Signal(str, int)  # "start"/"end", +1/-1: Shift(+Ctrl)+arrow on a focused span
    menu_requested = Signal(object, QPoint)  # span id or None, global position

    def __init__(self, parent: QWidget | None = None, state: ViewState | None = None) -> None:
        super().__init__(parent)
        # The focused span and the selected event are the window's (held once, in the view state).
        self.state = state if state is not None else ViewState(self)
        self.state.span_focused.connect(self._follow_focus)
        self.state.event_selected.connect(self._follow_event)
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
        self._by_id: dict[int | None, _Shown] = {}
        self._starts: list[int] = []
        self._max_len = 0
        self._colors: dict[str, QColor] = {}
        self.schema: Schema | None = None
        self.paint_count = 0  # painted highlight segments in the last paint (for tests and benchmarks)
        self._triggers: list[_Trigger] = []
        self._all_events: dict[int | None, Event] = {}
        self._trigger_starts: list[int] = []
        self._trigger_max = 0
        self._event_colors: dict[str, QColor] = {}
        self._roles_of_span: dict[int, list[str]] = {}
        self._tag_font = QFont(self.font())
        self._tag_font.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.62))
        self._tag_font.setBold(True)
        # Room above each line for the role tags, so a tag never covers the line above.
        document = QTextDocument(self)
        document.setDocumentLayout(SpacedLayout(document, self.tag_height()))
        self.setDocument(document)
        document.setDefaultFont(self.font())
        document.setDocumentMargin(14)
        self.tag_rects: list[QRectF] = []  # role tags drawn in the last paint (for tests)
        self.label_of: Callable[[str], str] = lambda name: name
        self.hidden: Callable[[Span], bool] = lambda _span: False  # the view filter (View → Filter the view)

    @property
    def focused_id(self) -> int | None:
        """The focused span (the view state's)."""
        return self.state.span_id

    @property
    def current_event_id(self) -> int | None:
        """The selected event (the view state's)."""
        return self.state.event_id

    # -- content -----------------------------------------------------------------------------
    def set_schema(self, schema: Schema) -> None:
        """Colours come from the project's label schema."""
        self.schema = schema
        self._colors = {label.name: QColor(label.color) for label in schema.labels}
        self._event_colors = {kind.name: QColor(kind.color) for kind in schema.events}

    def show_document(self, doc: Document) -> None:
        """Show a document's text (verbatim, as plain text) and its spans.

        The focus and the selected event are not touched: the window resets them in the view
        state when it opens another document (ViewState.show_document).
        """
        self.positions = TextPositions(doc.text)
        self.setPlainText(self.positions.display_text)
        self.set_spans(doc.spans)
        self.set_events(doc.events)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_spans(self, spans: list[Span]) -> None:
        """Replace the highlights and repaint (rejected spans are kept but not drawn)."""
        shown = [_Shown(s, *self.positions.range_to_qt(s.start, s.end)) for s in spans]
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
        self._by_id = {h.span.id: h for h in shown}
        self._starts = [h.qs for h in shown]
        self._max_len = max((h.qe - h.qs for h in shown), default=0)
        self.viewport().update()

    def update_spans(self, spans: list[Span]) -> bool:
        """Swap in changed spans whose offsets did not move (accept, reject, relabel): O(changed).

        Returns False when a span is new, gone or moved; the caller then calls set_spans.
        """
        shown = [self._by_id.get(s.id) for s in spans]
        if any(h is None or (h.span.start, h.span.end) != (s.start, s.end) for h, s in zip(shown, spans)):
            return False
        for h, span in zip(shown, spans):
            h.span = span  # type: ignore[union-attr]
        self.viewport().update()
        return True

    def all_spans(self) -> list[Span]:
        """Every span of the document in text order, rejected ones included."""
        return [h.span for h in self._shown]

    def spans(self) -> list[Span]:
        """The drawn spans in text order (rejected ones and those the view filter hides left out)."""
        return [h.span for h in self._shown if h.span.status != "rejected" and not self.hidden(h.span)]

    def set_hidden(self, hidden: Callable[[Span], bool]) -> None:
        """Hide the spans ``hidden`` picks: not drawn, not clickable, not in :meth:`spans`."""
        self.hidden = hidden
        if self.focused_id is not None and self.focused_id in self._by_id and hidden(self._by_id[self.focused_id].span):
            self.state.focus_span(None, scroll=False)
        self.viewport().update()

    def set_events(self, events: list[Event]) -> None:
        """Replace the event triggers drawn (rejected events are not drawn) and repaint."""
        triggers = [
            _Trigger(e, *self.positions.range_to_qt(e.trigger_start, e.trigger_end))
            for e in events if e.status != "rejected"
        ]
        triggers.sort(key=lambda t: (t.qs, -t.qe))
        self._triggers = triggers
        self._trigger_starts = [t.qs for t in triggers]
        self._trigger_max = max((t.qe - t.qs for t in triggers), default=0)
        self._all_events = {e.id: e for e in events}
        self._follow_event(self.current_event_id, False)

    def events(self) -> list[Event]:
        """The drawn (not rejected) events in text order."""
        return [t.event for t in self._triggers]

    def set_current_event(self, event_id: int | None, *, scroll: bool = True) -> None:
        """Select an event (in the view state, which every view follows)."""
        self.state.select_event(event_id, scroll=scroll)

    def _follow_event(self, event_id: int | None, scroll: bool) -> None:
        """The selected event: its trigger stands out and its role fillers are tagged."""
        event = self._all_events.get(event_id)
        self._roles_of_span = {}
        if event is not None:
            for argument in event.arguments:
                self._roles_of_span.setdefault(argument.span_id, []).append(argument.role)
            if scroll:
                cursor = QTextCursor(self.document())
                cursor.setPosition(self.positions.to_qt(event.trigger_start))
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
        self.viewport().update()

    def triggers_at(self, qt_pos: int) -> list[Event]:
        """Events whose trigger covers a Qt position."""
        lo = bisect_left(self._trigger_starts, qt_pos - self._trigger_max)
        hi = bisect_left(self._trigger_starts, qt_pos + 1)
        return [t.event for t in self._triggers[lo:hi] if t.qs <= qt_pos < t.qe]

    # -- focus and selection -----------------------------------------------------------------
    def set_focused(self, span_id: int | None, *, scroll: bool = True) -> None:
        """Focus one span (in the view state, which every view follows)."""
        self.state.focus_span(span_id, scroll=scroll)

    def _follow_focus(self, span_id: int | None, scroll: bool) -> None:
        """Outline the focused span and scroll it into view."""
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

    def show_range(self, start: int, end: int) -> None:
        """Select a code point range and scroll it into view (a place the curation panel points at)."""
        qs, qe = self.positions.range_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        """Drop the text selection, keeping the caret where it is."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def spans_at(self, qt_pos: int) -> list[Span]:
        """Spans covering a Qt position, innermost (shortest) first."""
        lo = bisect_left(self._starts, qt_pos - self._max_len)
        hi = bisect_left(self._starts, qt_pos + 1)
        hits = [h for h in self._shown[lo:hi]
                if h.qs <= qt_pos < h.qe and h.span.status != "rejected" and not self.hidden(h.span)]
        hits.sort(key=lambda h: h.qe - h.qs)
        return [h.span for h in hits]

    def _position_under(self, point: QPoint) -> int:
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        rect = self.cursorRect(cursor)
        # cursorForPosition rounds to the nearest gap: step back when the click was left of it.
        if point.x() < rect.x() and pos > 0:
            pos -= 1
        return pos

    def _span_under(self, point: QPoint) -> list[Span]:
        return self.spans_at(self._position_under(point))

    # -- mouse ---------------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        position = self._position_under(event.position().toPoint())
        hits = self.spans_at(position)
        triggers = [e.id for e in self.triggers_at(position) if e.id is not None]
        # A trigger is picked when no span is there, or by a second click on a focused span.
        if triggers and (not hits or (self.focused_id in [s.id for s in hits]
                                      and self.current_event_id not in triggers)):
            self.event_clicked.emit(triggers[0])
            return
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
            elif not has_selection:
                triggers = self.triggers_at(self._position_under(point))
                if triggers and triggers[0].id is not None:
                    self.event_clicked.emit(triggers[0].id)  # the menu then offers the event's actions
            self.menu_requested.emit(span_id, self.viewport().mapToGlobal(point))
            return
        super().mousePressEvent(event)

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == event.Type.ToolTip:
            position = self._position_under(self.viewport().mapFromGlobal(event.globalPos()))
            hits = self.spans_at(position)
            triggers = self.triggers_at(position)
            if hits or triggers:
                lines = [
                    f"{self.label_of(s.label)}{' (nominal)' if s.kind == 'nominal' else ''} · {s.status}"
                    f"{f' {s.score:.0%}' if s.score is not None and s.status == 'suggested' else ''}"
                    f"{' (low confidence)' if low_confidence(s) else ''} · {s.origin}: "
                    f"“{self.positions.text[s.start:s.end][:60]}”"
                    + (f" — {', '.join(self._roles_of_span[s.id])}" if s.id in self._roles_of_span else "")
                    for s in hits
                ] + [f"event {e.type} · {e.modality} · {e.polarity} · {e.status}" for e in triggers]
                QToolTip.showText(event.globalPos(), plain.tooltip("\n".join(lines)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        arrows = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}
        if self.focused_id is not None and event.key() in arrows and mods in (shift, ctrl_shift):
            step = arrows[event.key()]
            if mods == shift:
                self.boundary_key.emit("end", step)
            else:
                self.boundary_key.emit("start", step)
            return
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

    def tag_height(self) -> float:
        """Height of a role tag (and of the room above each line that holds it)."""
        return float(QFontMetricsF(self._tag_font).height()) + 1

    def _paint_highlights(self, painter: QPainter, top: int, bottom: int) -> None:
        self.paint_count = 0
        self.tag_rects = []
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
            if h.qe > b_start and h.span.status != "rejected" and not self.hidden(h.span):
                for rect in self._rects(layout, origin, h.qs - b_start, h.qe - b_start):
                    self._paint_segment(painter, h, rect)
        lo = bisect_left(self._trigger_starts, b_start - self._trigger_max)
        hi = bisect_left(self._trigger_starts, b_end)
        for t in self._triggers[lo:hi]:
            if t.qe > b_start:
                for rect in self._rects(layout, origin, t.qs - b_start, t.qe - b_start):
                    self._paint_trigger(painter, t, rect)

    @staticmethod
    def _rects(layout, origin, s: int, e: int) -> list[QRectF]:  # type: ignore[no-untyped-def]
        """Rectangles (one per wrapped line) covering block-relative positions s..e."""
        rects = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            l_start, l_end = line.textStart(), line.textStart() + line.textLength()
            if e <= l_start or s >= l_end:
                continue
            x1 = line.cursorToX(max(s, l_start))[0]
            x2 = line.cursorToX(min(e, l_end))[0]
            rects.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
        return rects

    def _paint_trigger(self, painter: QPainter, t: _Trigger, rect: QRectF) -> None:
        """Triggers: a box in the event type's colour (dotted while suggested), thicker when current."""
        self.paint_count += 1
        color = QColor(self._event_colors.get(t.event.type, QColor("#374151")))
        fill = QColor(color)
        fill.setAlpha(45)
        current = t.event.id == self.current_event_id
        pen = QPen(color, 3 if current else 1.6)
        pen.setStyle(Qt.PenStyle.SolidLine if t.event.status == "accepted" or current else Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRect(rect.adjusted(-1, 1, 1, -1))

    @staticmethod
    def segment_style(span: Span) -> tuple[int, float, Qt.PenStyle]:
        """(fill alpha, underline width, underline style) of a span's highlight.

        Names: a filled box, solid underline when accepted, dashed while suggested, dotted and
        paler for a low-confidence suggestion. Nominal mentions are quieter: no fill, a thin line.
        """
        accepted = span.status == "accepted"
        doubtful = low_confidence(span)
        style = (Qt.PenStyle.SolidLine if accepted else Qt.PenStyle.DotLine if doubtful else Qt.PenStyle.DashLine)
        if span.kind == "nominal":
            return 0, 1.2, style
        return (210 if accepted else 25 if doubtful else 70), 2, style

    def _paint_segment(self, painter: QPainter, h: _Shown, rect: QRectF) -> None:
        self.paint_count += 1
        color = QColor(self._colors.get(h.span.label, QColor("#cccccc")))
        alpha, width, style = self.segment_style(h.span)
        if h.level == 0 and alpha:
            fill = QColor(color)
            fill.setAlpha(alpha)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect.adjusted(-1, 1, 1, -1), 3, 3)
        # Underline (see segment_style), stacked by level.
        pen = QPen(color.darker(140), width)
        pen.setStyle(style)
        painter.setPen(pen)
        y = rect.bottom() - 1 - h.level * UNDERLINE_GAP
        painter.drawLine(rect.left() + 1, y, rect.right() - 1, y)
        if h.span.id is not None and h.span.id == self.focused_id:
            painter.setPen(QPen(QColor("#1f2937"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 4, 4)
        roles = self._roles_of_span.get(h.span.id) if h.span.id is not None else None
        if roles:
            self._paint_role_tag(painter, ", ".join(roles), rect)

    def _paint_role_tag(self, painter: QPainter, text: str, rect: QRectF) -> None:
        """A filled role of the current event: outlined, its role name in a tag above the span."""
        event = self._all_events.get(self.current_event_id)
        color = QColor(self._event_colors.get(event.type if event else "", QColor("#374151")))
        painter.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(-2, 0, 2, 0))
        painter.setFont(self._tag_font)
        metrics = QFontMetricsF(self._tag_font)
        height = self.tag_height()
        # In the room SpacedLayout leaves above the span's own line: the line above stays readable.
        tag = QRectF(rect.left() - 2, rect.top() - height, metrics.horizontalAdvance(text) + 6, height)
        self.tag_rects.append(tag)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(tag, 2, 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)


__all__ = ["ArticleView", "KeyedMenu", "SpacedLayout", "build_label_menu"]
