"""Ctrl+M lists the phrase -> id entries choosing ids taught (phrase, id, what it names, times chosen)
beside phrase -> label; Delete on a selected id row forgets that one only."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator import commands, memory
from annotator.store import memory_rows
from ui.memory_dialog import MemoryDialog


def _span(project, phrase: str):
    text = project.document(1).text
    return next(s for s in project.spans(1) if text[s.start:s.end] == phrase)


def _dialog(window, qtbot) -> MemoryDialog:
    qtbot.waitUntil(lambda: window.findChild(MemoryDialog, "memory_dialog") is not None and
                    window.findChild(MemoryDialog, "memory_dialog").isVisible())
    return window.findChild(MemoryDialog, "memory_dialog")


def test_ctrl_m_lists_and_forgets_a_learned_id(window, project, press, qtbot):
    window.run(commands.set_kb_id(1, [_span(project, "Kyiv").id], "geonames:703448"))
    window.run(commands.relabel(1, [_span(project, "Zelensky").id], "ORG"))  # a phrase -> label beside it
    press(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(window, qtbot)
    table = dialog.ids_table
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[:2] == ["Kyiv", "geonames:703448"] and row[3] == "1"
    assert row[2].startswith("Kyiv · city · UA (50.45")
    assert [(e.phrase, e.shown_label) for e in dialog.entries] == [("Zelensky", "ORG")]

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.selectRow(0)
    table.selectRow(0)  # selecting an id row clears the label table's selection: Delete means this row
    assert not dialog.table.selectedItems()
    QTest.keyClick(dialog, Qt.Key.Key_Delete)
    assert memory_rows.learned_ids(project) == {} and table.rowCount() == 0
    assert [e.phrase for e in memory.entries(project)] == ["Zelensky"]
    dialog.close()
