"""Two small dialogs about what the analyst reviews: unreviewed suggestions at "done", and the view filter.

Both are opened with ``open()`` (window-modal, never a nested event loop) and report through
their ``finished`` signal; every control has a mnemonic, so each is usable by keyboard alone.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox, QLabel,
    QPushButton, QVBoxLayout, QWidget,
)

from annotator.schema import Schema
from ui import plain


class UnreviewedDialog(QDialog):
    """Suggestions are left unreviewed: accept them, reject them, mark done anyway, or cancel.

    ``choice`` is "accept", "reject", "leave" or None (cancelled); ``remember`` says whether
    the analyst ticked "don't ask again".
    """

    def __init__(self, count: int, hidden: int, *, finishing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unreviewed_dialog")
        self.setWindowTitle("Suggestions not reviewed")
        self.choice: str | None = None
        what = f"{count} suggestion{'s are' if count != 1 else ' is'} not reviewed"
        if hidden:
            what += f" ({hidden} hidden by the view filter)" if hidden != count else " (hidden by the view filter)"
        intro = ("The shown suggestions are accepted. " if finishing else "") + f"{what} in this document."
        text = QLabel(f"{intro}\nA done document exports only what is accepted: these would count as "
                      "“no entity”. What should happen to them?", self)
        text.setWordWrap(True)
        plain.plain_labels(text)
        self.remember = QCheckBox("&Don't ask again (change it in File → Settings)", self)
        self.remember.setObjectName("dont_ask_again")
        buttons = QDialogButtonBox(self)
        self.buttons: dict[str, QPushButton] = {}
        for key, label, role in (
            ("accept", "&Accept them", QDialogButtonBox.ButtonRole.AcceptRole),
            ("reject", "&Reject them", QDialogButtonBox.ButtonRole.AcceptRole),
            ("leave", "&Mark done anyway", QDialogButtonBox.ButtonRole.AcceptRole),
        ):
            button = buttons.addButton(label, role)
            button.setObjectName(f"unreviewed_{key}")
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            self.buttons[key] = button
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("unreviewed_cancel")
        cancel.clicked.connect(self.reject)
        cancel.setDefault(True)  # Enter by reflex changes nothing
        self.buttons["cancel"] = cancel
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()


class ViewFilterDialog(QDialog):
    """Which labels the view shows, and the lowest score a suggestion needs to show."""

    def __init__(self, schema: Schema, hidden: list[str], min_score: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("view_filter_dialog")
        self.setWindowTitle("Filter the view")
        box = QGroupBox("&Labels shown", self)
        grid = QGridLayout(box)
        self.label_boxes: dict[str, QCheckBox] = {}
        for n, label in enumerate(schema.labels):
            check = QCheckBox(label.name, box)
            check.setObjectName(f"show_{label.name}")
            check.setChecked(label.name not in hidden)
            check.setToolTip(plain.tooltip(label.description))
            grid.addWidget(check, n // 3, n % 3)
            self.label_boxes[label.name] = check
        self.score = QDoubleSpinBox(self)
        self.score.setObjectName("min_score")
        self.score.setRange(0.0, 1.0)
        self.score.setSingleStep(0.05)
        self.score.setDecimals(2)
        self.score.setValue(min_score)
        self.score.setSpecialValueText("show all")
        form = QFormLayout()
        form.addRow("Hide suggestions scored &under", self.score)
        note = QLabel("Hidden suggestions are not drawn, not listed and skipped by Tab; “accept all” leaves "
                      "them alone, and marking done asks about them. Suggestions without a score always show.",
                      self)
        note.setWordWrap(True)
        plain.plain_labels(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Reset, self)
        buttons.button(QDialogButtonBox.StandardButton.Reset).setText("&Show everything")
        buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.show_everything)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def show_everything(self) -> None:
        """Tick every label and clear the score threshold."""
        for check in self.label_boxes.values():
            check.setChecked(True)
        self.score.setValue(0.0)

    def hidden_labels(self) -> list[str]:
        """The labels left unticked."""
        return [name for name, check in self.label_boxes.items() if not check.isChecked()]
