"""Where the analyst is: the open document, the focused span, the selected event, a role waiting for a click.

Each is held here once, and nowhere else: the views (article, span list, events panel,
document list) follow the signals and repaint; the controllers change the state. A view that
is shown without a window (tests) gets a state of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ViewState(QObject):
    """The window's place in the project, with a signal for each change."""

    document_changed = Signal(object)  # document id or None
    span_focused = Signal(object, bool)  # span id or None; scroll it into view
    event_selected = Signal(object, bool)  # event id or None; scroll the text to its trigger
    pending_role_changed = Signal(object)  # role name or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document_id: int | None = None
        self._span_id: int | None = None
        self._event_id: int | None = None
        self._pending_role: str | None = None

    @property
    def document_id(self) -> int | None:
        """The open document."""
        return self._document_id

    @property
    def span_id(self) -> int | None:
        """The focused span (outlined in the text, selected in the span list)."""
        return self._span_id

    @property
    def event_id(self) -> int | None:
        """The selected event (its trigger boxed, its roles tagged, its details in the Events panel)."""
        return self._event_id

    @property
    def pending_role(self) -> str | None:
        """A role of the selected event waiting for a click on a highlight (Fill role)."""
        return self._pending_role

    def show_document(self, doc_id: int | None) -> None:
        """Another document is open: nothing in it is focused or selected yet."""
        self.set_pending_role(None)
        self.set_document(doc_id)
        self.focus_span(None, scroll=False)
        self.select_event(None, scroll=False)

    def set_document(self, doc_id: int | None) -> None:
        """The open document changes (or is gone), the rest of the place as it is."""
        self._document_id = doc_id
        self.document_changed.emit(doc_id)

    def focus_span(self, span_id: int | None, *, scroll: bool = True) -> None:
        """Focus a span (None: none); the views follow, even when it is the same one (they may have been reset)."""
        self._span_id = span_id
        self.span_focused.emit(span_id, scroll)

    def select_event(self, event_id: int | None, *, scroll: bool = True) -> None:
        """Select an event (None: none); the views follow."""
        self._event_id = event_id
        self.event_selected.emit(event_id, scroll)

    def set_pending_role(self, role: str | None) -> None:
        """Wait for a click that fills ``role`` (None: stop waiting)."""
        if role != self._pending_role:
            self._pending_role = role
            self.pending_role_changed.emit(role)
