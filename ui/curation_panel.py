"""The curation panel: a team document's places where analysts accepted something, and their versions.

It only shows and asks: a pick, a rejection or accepting the agreements goes back to the
window as a signal, whose curation controller runs the matching operation (saved at once,
undoable with Ctrl+Z). Its keys work while the panel has the keyboard focus: 1–9 take that
version of the selected place, R rejects every version, A accepts every agreement of the
document, N goes to the next place still open; Up and Down move between places.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from annotator.team.curation import Curation, Unit, UnitKey

MAX_VERSION_KEYS = 9
_OPEN = QColor("#b3261e")  # a disagreement nobody decided yet
_DONE = QColor("#5f6368")


def unit_line(unit: Unit, text: str) -> str:
    """One place as the list shows it: its state, then the text there."""
    where = text[unit.start:unit.end].replace("\n", " ")
    where = where if len(where) <= 40 else where[:39] + "…"
    kind = "event" if unit.kind == "event" else "span"
    if unit.decided:
        state = "✓ decided"
    elif unit.agreed:
        state = "= agreed"
    else:
        state = f"≠ {len(unit.versions)} versions"
    return f"{state} · {kind} · {where}"


class CurationPanel(QWidget):
    """Places and versions of the open team document; emits what the curator chose."""

    picked = Signal(object, int)  # unit key, version index (0-based)
    rejected = Signal(object)  # unit key
    accept_agreements = Signal()
    place_selected = Signal(int, int)  # start, end: the article shows the place

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curation")
        self.curation: Curation | None = None
        self.header = QLabel("Open a team document to curate it.")
        self.header.setObjectName("curation_header")
        self.header.setWordWrap(True)
        self.units = QListWidget()
        self.units.setObjectName("curation_units")
        self.versions = QListWidget()
        self.versions.setObjectName("curation_versions")
        self.versions.setWordWrap(True)
        self.agree_button = QPushButton("Accept agreements (A)")
        self.reject_button = QPushButton("Reject all (R)")
        self.next_button = QPushButton("Next open (N)")
        buttons = QHBoxLayout()
        for button in (self.agree_button, self.reject_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys act on the lists' selection
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.units, 3)
        layout.addWidget(QLabel("Versions (press 1–9 to take one):"))
        layout.addWidget(self.versions, 2)
        layout.addLayout(buttons)
        self.units.currentRowChanged.connect(self._show_versions)
        self.versions.itemActivated.connect(lambda item: self._pick(self.versions.row(item)))
        self.agree_button.clicked.connect(self.accept_agreements.emit)
        self.reject_button.clicked.connect(self._reject)
        self.next_button.clicked.connect(self.next_open)
        self._keys()

    def _keys(self) -> None:
        """1–9, R, A and N belong to the panel while one of its lists has the focus.

        The window uses the same keys (labels, accept), so the lists claim them first
        (a ShortcutOverride accepted) and act on them on the key press.
        """
        for view in (self.units, self.versions):
            view.installEventFilter(self)

    def _action_of(self, event: QKeyEvent) -> Callable[[], None] | None:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        text = event.text().upper()
        if text in {str(n) for n in range(1, MAX_VERSION_KEYS + 1)}:
            return lambda: self._pick(int(text) - 1)
        return {"R": self._reject, "A": self.accept_agreements.emit, "N": self.next_open}.get(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            action = self._action_of(event)
            if action is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    action()
                return True
        return super().eventFilter(watched, event)

    # -- showing -------------------------------------------------------------------------------
    def show_curation(self, curation: Curation | None, *, keep: UnitKey | None = None) -> None:
        """Show a document's places (None: not a document analysts finished); keeps the place ``keep``."""
        self.curation = curation
        self.units.blockSignals(True)
        self.units.clear()
        if curation is None or not curation.analysts:
            self.header.setText("No analyst finished this document: there is nothing to curate."
                                if curation is not None else "Open a team document to curate it.")
            self.units.blockSignals(False)
            self.versions.clear()
            return
        disputes, agreements = len(curation.open_disputes), len(curation.open_agreements)
        self.header.setText(
            f"Finished by {', '.join(curation.analysts)}. {len(curation.units)} places: "
            f"{disputes} disagreement{'s' if disputes != 1 else ''} open, "
            f"{agreements} agreement{'s' if agreements != 1 else ''} to accept (A).")
        row = 0
        for i, unit in enumerate(curation.units):
            item = QListWidgetItem(unit_line(unit, curation.text))
            if not unit.agreed and not unit.decided:
                item.setForeground(QBrush(_OPEN))
            elif unit.decided:
                item.setForeground(QBrush(_DONE))
            self.units.addItem(item)
            if unit.key == keep:
                row = i
        self.units.blockSignals(False)
        if curation.units:
            self.units.setCurrentRow(row)
            self._show_versions(row)
        else:
            self.versions.clear()

    def _show_versions(self, row: int) -> None:
        self.versions.clear()
        unit = self.current_unit()
        if unit is None or self.curation is None:
            return
        for n, version in enumerate(unit.versions, start=1):
            key = f"{n}  " if n <= MAX_VERSION_KEYS else "   "
            self.versions.addItem(f"{key}{', '.join(version.analysts)}: {version.describe(self.curation.text)}")
        self.versions.setCurrentRow(0)
        self.place_selected.emit(unit.start, unit.end)

    def current_unit(self) -> Unit | None:
        if self.curation is None:
            return None
        row = self.units.currentRow()
        return self.curation.units[row] if 0 <= row < len(self.curation.units) else None

    def next_open(self) -> None:
        """Select the next place (after the selected one, wrapping) that is neither agreed nor decided."""
        if self.curation is None or not self.curation.units:
            return
        units = self.curation.units
        start = max(self.units.currentRow(), 0)
        for step in range(1, len(units) + 1):
            i = (start + step) % len(units)
            if not units[i].agreed and not units[i].decided:
                self.units.setCurrentRow(i)
                return

    # -- asking ----------------------------------------------------------------------------------
    def _pick(self, index: int) -> None:
        unit = self.current_unit()
        if unit is not None and 0 <= index < len(unit.versions):
            self.picked.emit(unit.key, index)

    def _reject(self) -> None:
        unit = self.current_unit()
        if unit is not None:
            self.rejected.emit(unit.key)
