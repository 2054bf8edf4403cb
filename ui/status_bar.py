"""The status bar: the background job's progress and Cancel button, and what the window is over.

Done count, model, annotator, the view filter, and when the last change was saved (every
change is written at once: there is no Save button).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QToolButton

from ui import plain
from ui.context import WindowContext
from ui.view_filter import ViewFilter


class StatusBar:
    """The window's status-bar widgets and what they say."""

    def __init__(self, ctx: WindowContext, view_filter: ViewFilter) -> None:
        self.ctx = ctx
        self.view_filter = view_filter
        window = ctx.window
        bar = window.statusBar()
        self.progress_label = QLabel("", window)
        self.progress_bar = QProgressBar(window)
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.hide()
        self.cancel_button = QToolButton(window)
        self.cancel_button.setObjectName("cancel_job")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the background job safely (Ctrl+.)")
        self.cancel_button.hide()
        self.done_label = QLabel("", window)
        self.model_label = QLabel("", window)
        self.saved_label = QLabel("", window)
        self.annotator_label = QLabel("", window)
        self.filter_label = QLabel("", window)
        self.filter_label.setObjectName("view_filter_status")
        plain.plain_labels(self.progress_label, self.done_label, self.model_label, self.saved_label, self.annotator_label,
                           self.filter_label)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            bar.addWidget(widget)
        for widget in (self.filter_label, self.done_label, self.model_label, self.annotator_label, self.saved_label):
            bar.addPermanentWidget(widget)

    def update(self) -> None:
        """Say again how many documents are done and shown, the model, the annotator and the view filter."""
        ctx = self.ctx
        counts = ctx.store.document_counts()
        shown = len(ctx.doc_model.rows)
        total = sum(counts.values())
        filtered = f" · {shown} shown" if shown != total else ""
        self.done_label.setText(f"{counts['done']} of {total} done{filtered}")
        self.model_label.setText(f"Model: {ctx.model_id}")
        self.saved_label.setText(self.saved_label.text() or "All changes saved")
        self.saved_label.setToolTip(plain.tooltip(f"Every change is written to {ctx.store.path} at once."))
        self.annotator_label.setText(f"Annotator: {ctx.annotator}")
        self.filter_label.setText(self.view_filter.describe())
        self.filter_label.setToolTip(plain.tooltip("View → Filter the view (Ctrl+Shift+F) changes what is hidden."))
