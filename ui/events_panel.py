"""The events panel: the document's events, and the selected event's type, attributes and role slots.

It only shows and asks: every change goes back to the window as a signal, whose events
controller runs the matching command (so each one is saved at once and undoable). The
selected event is the view state's; the panel follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QPushButton, QTableView,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator.documents import Event, Span
from annotator.schema import Schema
from ui.models import _ListTable
from ui.view_state import ViewState

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Slot:
    """One row of the role table: a role and (maybe) the argument filling it."""

    number: int  # 1-based role number, the key after R
    role: str
    argument_id: int | None
    span: Span | None


class EventTableModel(_ListTable):
    """The current document's events: type, trigger, modality, polarity, status."""

    HEADERS = ("Type", "Trigger", "Modality", "Polarity", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []
        self.text = ""
        self.schema: Schema | None = None

    def _items(self) -> list[Any]:
        return self.events

    def reset(self, text: str, events: list[Event], schema: Schema) -> None:
        """Show another list of events."""
        self.beginResetModel()
        self.text, self.events, self.schema = text, list(events), schema
        self.endResetModel()

    def row_of(self, event_id: int | None) -> int:
        """Row of an event, or -1."""
        return next((i for i, e in enumerate(self.events) if e.id == event_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self.events[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            trigger = self.text[event.trigger_start : event.trigger_end].replace("\n", " ")
            return (event.type, trigger, event.modality, event.polarity, event.status)[column]
        if role == Qt.ItemDataRole.BackgroundRole and column == 0 and self.schema is not None:
            kind = self.schema.event(event.type)
            if kind is not None:
                color = QColor(kind.color)
                color.setAlpha(90)
                return QBrush(color)
        if role == Qt.ItemDataRole.ForegroundRole and event.status == "rejected":
            return QBrush(QColor("#9ca3af"))
        return None


class EventsPanel(QWidget):
    """Events list on top; the selected event's type, modality, polarity and role slots below."""

    event_selected = Signal(object)  # event id or None
    type_chosen = Signal(str)
    modality_chosen = Signal(str)
    polarity_chosen = Signal(str)
    fill_requested = Signal(str)  # role
    clear_requested = Signal(int)  # argument id

    def __init__(self, parent: QWidget | None = None, state: ViewState | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("events_panel")
        self.state = state if state is not None else ViewState(self)
        self.state.event_selected.connect(self._follow_event)
        self.model = EventTableModel()
        self._following = False
        self.table = QTableView(self)
        self.table.setObjectName("events")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

        self.type_box = QComboBox(self)
        self.type_box.setObjectName("event_type")
        self.modality_box = QComboBox(self)
        self.modality_box.setObjectName("event_modality")
        self.polarity_box = QComboBox(self)
        self.polarity_box.setObjectName("event_polarity")
        self.type_box.activated.connect(lambda i: self.type_chosen.emit(self.type_box.itemData(i)))
        self.modality_box.activated.connect(lambda i: self.modality_chosen.emit(self.modality_box.itemText(i)))
        self.polarity_box.activated.connect(lambda i: self.polarity_chosen.emit(self.polarity_box.itemText(i)))
        form = QFormLayout()
        form.addRow("Type", self.type_box)
        form.addRow("Modality", self.modality_box)
        form.addRow("Polarity", self.polarity_box)

        self.slots_table = QTableWidget(0, 3, self)
        self.slots_table.setObjectName("roles")
        self.slots_table.setHorizontalHeaderLabels(["Role", "Filled by", "Label"])
        self.slots_table.verticalHeader().hide()
        self.slots_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.slots_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.slots_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slots_table.setTabKeyNavigation(False)
        self.slots_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.slots_table.doubleClicked.connect(lambda _=None: self._fill_selected())
        self.fill_button = QPushButton("Fill role", self)
        self.fill_button.setObjectName("fill_role")
        self.fill_button.setToolTip("Fill the selected role with the focused span or the selected text, "
                                    "or click a highlight next (R then the role's number)")
        self.fill_button.clicked.connect(self._fill_selected)
        self.clear_button = QPushButton("Clear role", self)
        self.clear_button.setObjectName("clear_role")
        self.clear_button.setToolTip("Empty the selected role (Shift+R then the role's number)")
        self.clear_button.clicked.connect(self._clear_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_button)
        buttons.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.table, 2)
        layout.addLayout(form)
        layout.addWidget(self.slots_table, 3)
        layout.addLayout(buttons)
        self.slots: list[Slot] = []
        self.schema: Schema | None = None
        self._spans: dict[int, Span] = {}
        self._text = ""
        self._set_detail_enabled(False)

    @property
    def current(self) -> Event | None:
        """The selected event (the view state's) as this panel lists it, or None."""
        row = self.model.row_of(self.state.event_id) if self.state.event_id is not None else -1
        return self.model.events[row] if row >= 0 else None

    # -- content -------------------------------------------------------------------------------
    def set_schema(self, schema: Schema) -> None:
        """Fill the combo boxes from the schema."""
        self.schema = schema
        self.type_box.clear()
        for kind in schema.events:
            self.type_box.addItem(f"{kind.name}  (E, {kind.key.upper()})", kind.name)
        self.modality_box.clear()
        self.modality_box.addItems(list(schema.modalities))
        self.polarity_box.clear()
        self.polarity_box.addItems(list(schema.polarities))

    def show_events(self, text: str, events: list[Event], spans: dict[int, Span]) -> None:
        """Show a document's events and the selected one's details."""
        assert self.schema is not None
        self.model.reset(text, events, self.schema)
        self._spans = spans
        self._text = text
        self.select(self.state.event_id)

    def select(self, event_id: int | None) -> None:
        """Show an event selected in the list, with its slots (the panel following the view state)."""
        row = self.model.row_of(event_id)
        self._following = True  # repaint from the selection signals, but this is not the user choosing
        try:
            if row >= 0:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows | QItemSelectionModel.SelectionFlag.Current)
                self.table.scrollTo(self.model.index(row, 0))
            else:
                self.table.selectionModel().clear()
        finally:
            self._following = False
        self._show_detail()

    def _follow_event(self, event_id: int | None, _scroll: bool) -> None:
        self.select(event_id)

    def _show_detail(self) -> None:
        event = self.current
        self._set_detail_enabled(event is not None)
        self.slots = []
        self.slots_table.setRowCount(0)
        if event is None or self.schema is None:
            return
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(event.type)))
        self.modality_box.setCurrentText(event.modality)
        self.polarity_box.setCurrentText(event.polarity)
        for number, role in enumerate(self.schema.roles_of(event.type), start=1):
            fillers = [a for a in event.arguments if a.role == role.name]
            for argument in fillers:
                self.slots.append(Slot(number, role.name, argument.id, self._spans.get(argument.span_id)))
            if not fillers or role.repeat:
                self.slots.append(Slot(number, role.name, None, None))
        self.slots_table.setRowCount(len(self.slots))
        for row, slot in enumerate(self.slots):
            if slot.span is None:
                filler, label = ("—", "") if slot.argument_id is None else ("— (span removed)", "")
            elif slot.span.status == "rejected":
                filler, label = "— (span rejected)", slot.span.label
            else:
                filler, label = self._text[slot.span.start : slot.span.end].replace("\n", " "), slot.span.label
            if slot.argument_id is None and slot.span is None and any(
                s.role == slot.role and s.argument_id is not None for s in self.slots
            ):
                filler = "+ another"
            for column, value in enumerate((f"{slot.number} {slot.role}", filler, label)):
                item = QTableWidgetItem(value)
                if slot.span is None or slot.span.status == "rejected":
                    item.setForeground(QBrush(QColor("#6b7280")))
                self.slots_table.setItem(row, column, item)

    def _set_detail_enabled(self, enabled: bool) -> None:
        for widget in (self.type_box, self.modality_box, self.polarity_box, self.slots_table,
                       self.fill_button, self.clear_button):
            widget.setEnabled(enabled)

    # -- user input ----------------------------------------------------------------------------
    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._following:
            return
        self.event_selected.emit(self.model.events[current.row()].id if current.isValid() else None)

    def _selected_slot(self) -> Slot | None:
        row = self.slots_table.currentRow()
        return self.slots[row] if 0 <= row < len(self.slots) else None

    def _fill_selected(self) -> None:
        slot = self._selected_slot()
        if slot is not None:
            self.fill_requested.emit(slot.role)

    def _clear_selected(self) -> None:
        slot = self._selected_slot()
        if slot is not None and slot.argument_id is not None:
            self.clear_requested.emit(slot.argument_id)

    def argument_of_role(self, number: int) -> int | None:
        """The argument filling role ``number`` (the last one, for repeated roles), if any."""
        filled = [s for s in self.slots if s.number == number and s.argument_id is not None]
        return filled[-1].argument_id if filled else None

    def role_name(self, number: int) -> str | None:
        """The name of role ``number`` of the current event."""
        return next((s.role for s in self.slots if s.number == number), None)
