"""A correction made once in the window reaches the other unreviewed documents; the memory can be edited."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator import memory
from annotator.documents import Document, Span
from annotator.store import now, open_project
from ui.memory_dialog import MemoryDialog


def test_relabel_once_fixes_other_documents(qtbot, tmp_path, open_window):
    store = open_project(tmp_path / "p.db")
    with store.transaction():
        for n in range(3):
            text = f"Missiles hit Kyiv again on day {n}."
            doc_id = store.add_document(Document(text, f"Day {n}")).doc_id
            store.insert_spans(doc_id, [Span(13, 17, "PERSON", origin="model")])
        store.conn.execute("UPDATE documents SET preannotated_at = ?", (now(),))
    win = open_window(store)
    QTest.keyClick(win.article, Qt.Key.Key_Tab)
    QTest.keyClick(win.article, Qt.Key.Key_3)  # Kyiv -> GPE, once
    labels = [(s.label, s.status, s.origin) for d in (2, 3) for s in store.spans(d)]
    assert labels == [("GPE", "suggested", "memory")] * 2
    assert "2 unreviewed documents updated" in win.statusBar().currentMessage()

    dialog = MemoryDialog(store, win)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert [(e.phrase, e.shown_label, e.enabled) for e in dialog.entries] == [("Kyiv", "GPE", True)]
    dialog.table.selectRow(0)
    QTest.keyClick(dialog, Qt.Key.Key_Space)
    assert memory.entries(store)[0].enabled is False
    QTest.keyClick(dialog, Qt.Key.Key_Delete)
    assert memory.entries(store) == []
    dialog.close()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)

    QTest.keyClick(win.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the relabel
    labels = [(s.label, s.origin) for d in (1, 2, 3) for s in store.spans(d)]
    assert labels == [("PERSON", "model")] * 3
    win.close()
