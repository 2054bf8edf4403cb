"""The window's lists (documents, spans) and the dialogs' tables: how they look, and how they follow the view state."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QWidget

from ui.models import DocumentListModel, SpanTableModel


def table(parent: QWidget, name: str, model: DocumentListModel | SpanTableModel, *, stretch: int) -> QTableView:
    """A read-only list of rows, one selected at a time, column ``stretch`` taking the free width."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    style_table(view, stretch=stretch)
    return view


def dialog_table(parent: QWidget, name: str, columns: Sequence[str], *, stretch: int, rows: int = 0) -> QTableWidget:
    """A dialog's read-only table: its headers, one row selected at a time, column ``stretch`` taking the free width."""
    view = QTableWidget(rows, len(columns), parent)
    view.setObjectName(name)
    view.setHorizontalHeaderLabels(list(columns))
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def style_table(view: QTableView, *, stretch: int) -> None:
    """Row selection, no editing, no grid, fixed column widths."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    # Fixed widths: ResizeToContents would ask the model for every row on each reset.
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    width = view.fontMetrics().horizontalAdvance("in progress ") + 12
    for column in range(view.model().columnCount()):
        if column != stretch:
            view.setColumnWidth(column, width)


def show_row(view: QAbstractItemView, row: int, *, scroll: bool = True) -> None:
    """Make ``row`` the one current and selected row of a list that follows the window (-1: none).

    The selection model's signals are NOT blocked (the view repaints from them: blocked, the old
    row stayed highlighted and rows piled up); the view's ``following`` property tells the
    window's own row handlers that this is the window following, not the user choosing.
    """
    view.setProperty("following", True)
    try:
        selection = view.selectionModel()
        if row >= 0:
            index = view.model().index(row, 0)
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Current)
            selection.setCurrentIndex(index, flags)
            if scroll:
                view.scrollTo(index)
        else:
            selection.clear()
    finally:
        view.setProperty("following", False)
