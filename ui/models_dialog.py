"""The project's learned models with their figures; go back (or on) to one of them, or to the base model."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator.store import ModelRecord, Store
from ui.tables import dialog_table

COLUMNS = ("Model", "In use", "Adopted", "Trained on", "Held back", "F1 before", "F1", "Base", "Seed", "Epochs",
           "Seconds", "Created")


def _f1(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


class ModelsDialog(QDialog):
    """A table of the models ``annotator learn`` (or the app) trained; asks for one to be used by signal."""

    use_requested = Signal(int)  # the model's number; 0: the base model

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("models_dialog")
        self.setWindowTitle("Models learned from done documents")
        self.records: list[ModelRecord] = store.models()
        self.table = dialog_table(self, "models_table", COLUMNS, stretch=7, rows=len(self.records))
        for row, m in enumerate(self.records):
            values = (str(m.id), "yes" if m.in_use else "", "yes" if m.adopted else "no", str(len(m.document_ids)),
                      str(len(m.held_out_ids)), _f1(m.previous_f1), _f1(m.f1), m.base_model, str(m.seed),
                      str(m.epochs), f"{m.seconds:.0f}", m.created_at[:16].replace("T", " "))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.use_button = QPushButton("&Use this model", self)
        self.use_button.clicked.connect(self.use_selected)
        self.base_button = QPushButton("Use the &base model", self)
        self.base_button.clicked.connect(lambda: self._request(0))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.base_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Each model was trained on the documents marked done and judged against the model in use on done "
            "documents held back; only one at least as good was adopted. Using another model re-suggests the "
            "documents nobody has reviewed; what a person decided stays." if self.records else
            "No model yet: `annotator learn PROJECT.db` trains one once enough documents are done.", self))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.use_button.setEnabled(bool(self.records))
        self.resize(900, 360)

    def use_selected(self) -> None:
        """Ask for the selected model to be used."""
        row = self.table.currentRow()
        if 0 <= row < len(self.records):
            self._request(self.records[row].id)

    def _request(self, number: int) -> None:
        self.use_requested.emit(number)
        self.accept()
