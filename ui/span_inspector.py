"""The span inspector: one line under the span list saying what the focused span's id names.

It follows the view state (the focused span) and the span list's model (a span changed by an
action, such as the id Ctrl+K chose, or another document shown), so it always shows the span as
stored: the id and what it names (an actor-list entry's name, type and description; a GeoNames
place's kind, country and coordinates; NIL, no entry), and the score of a suggested id.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from annotator.documents import Span
from ui.models import SpanTableModel
from ui.view_state import ViewState

NOTHING_FOCUSED = "Id: no span focused."
NO_ID = "Id: none. Ctrl+K links the span to a place, an actor or NIL."


def inspector_text(span: Span | None, explain: Callable[[str], str]) -> str:
    """The inspector's line for ``span`` (None: nothing focused); ``explain`` says what an id names."""
    if span is None:
        return NOTHING_FOCUSED
    if span.kb_id is None:
        return NO_ID
    text = f"Id: {explain(span.kb_id)}"
    if span.status == "suggested" and span.kb_score is not None:
        text += f" · suggested id, score {span.kb_score:.2f}"
    elif span.status == "suggested":
        text += " · suggested id"
    return text


class SpanInspector(QLabel):
    """A line of plain text about the focused span's id, updated when focus moves or the span changes."""

    def __init__(self, state: ViewState, model: SpanTableModel, explain: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(NOTHING_FOCUSED, parent)
        self.setObjectName("span_inspector")
        self.setTextFormat(Qt.TextFormat.PlainText)  # entry names and descriptions come from a CSV: never markup
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setContentsMargins(6, 4, 6, 4)
        self.state, self.model, self.explain = state, model, explain
        state.span_focused.connect(lambda _span_id, _scroll: self.refresh())
        model.modelReset.connect(self.refresh)
        model.dataChanged.connect(lambda *_args: self.refresh())

    def focused_span(self) -> Span | None:
        """The focused span as the span list holds it (None: none focused, or not listed)."""
        row = self.model.row_of(self.state.span_id) if self.state.span_id is not None else -1
        return self.model.spans[row] if row >= 0 else None

    def refresh(self) -> None:
        """Show the focused span's id as it is now."""
        self.setText(inspector_text(self.focused_span(), self.explain))
