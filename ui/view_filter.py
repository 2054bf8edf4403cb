"""The view filter (View → Filter the view): hidden labels, and suggestions scored under a threshold.

Remembered in the settings. Hidden spans are not drawn, not listed, skipped by Tab and left
alone by accept all; the documents controller redraws when the filter changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.documents import Span
from ui.context import WindowContext


class ViewFilter(QObject):
    """What the view hides, and the dialog that changes it."""

    changed = Signal()  # the filter was set: redraw the open document

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.hidden_labels = set(ctx.settings.hidden_labels)
        self.min_score = ctx.settings.min_score

    def is_hidden(self, span: Span) -> bool:
        """True if the view filter hides this span: its label is hidden, or it is a suggestion scored too low."""
        if span.label in self.hidden_labels:
            return True
        return span.status == "suggested" and span.score is not None and span.score < self.min_score

    def listed(self, spans: list[Span]) -> list[Span]:
        """The spans the span list shows."""
        return [s for s in spans if not self.is_hidden(s)] if self.hidden_labels or self.min_score else spans

    def describe(self) -> str:
        """What is hidden, for the status bar ("" when nothing is)."""
        hides = sorted(self.hidden_labels)
        if self.min_score:
            hides.append(f"suggestions under {self.min_score:g}")
        return f"Hidden: {', '.join(hides)}" if hides else ""

    def show_dialog(self) -> None:
        """View → Filter the view: hide labels, or suggestions scored under a threshold (remembered)."""
        from ui.review_dialogs import ViewFilterDialog

        dialog = ViewFilterDialog(self.ctx.store.schema, sorted(self.hidden_labels), self.min_score, self.ctx.window)
        dialog.accepted.connect(lambda: self.set(dialog.hidden_labels(), dialog.score.value()))
        dialog.open()

    def set(self, hidden_labels: list[str], min_score: float) -> None:
        """Apply and remember a view filter; the article, span list and Tab follow at once."""
        self.hidden_labels = set(hidden_labels)
        self.min_score = min_score
        settings = self.ctx.settings
        settings.hidden_labels = hidden_labels
        settings.min_score = min_score
        settings.sync()
        self.ctx.article.set_hidden(self.is_hidden)
        self.changed.emit()
