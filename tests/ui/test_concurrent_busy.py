"""While another program holds the project's write lock, an edit or undo is refused with a message, not hung."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from annotator import memory
from annotator.schema import default_schema
from annotator.store import Store
from ui.memory_dialog import MemoryDialog


def test_edits_and_undo_while_another_program_writes_are_refused_then_work(qtbot, window, project: Store,
                                                                            spans_of) -> None:
    window.store.conn.execute("PRAGMA busy_timeout = 200")  # the window's wait, shortened for the test
    article = window.article
    writer = sqlite3.connect(str(project.path), isolation_level=None)  # e.g. a long `annotator import`
    QTest.keyClick(article, Qt.Key.Key_Tab)  # Russian
    russian = article.focused_id
    try:
        writer.execute("BEGIN IMMEDIATE")
        QTest.keyClick(article, Qt.Key.Key_Return)
        assert "project is busy" in window.statusBar().currentMessage()
        assert spans_of(project, 1)[0] == ("Russian", "NORP", "suggested")
        assert [s.status for s in article.all_spans() if s.id == russian] == ["suggested"]
        assert not window.undo_stack.canUndo()
        writer.execute("COMMIT")

        QTest.keyClick(article, Qt.Key.Key_Return)  # the lock is free again
        assert spans_of(project, 1)[0] == ("Russian", "NORP", "accepted")

        writer.execute("BEGIN IMMEDIATE")
        QTest.keyClick(article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert "project is busy" in window.statusBar().currentMessage()
        qtbot.waitUntil(window.undo_stack.canUndo)  # still there to undo
        assert spans_of(project, 1)[0] == ("Russian", "NORP", "accepted")
        assert [s.status for s in article.all_spans() if s.id == russian] == ["accepted"]
        writer.execute("COMMIT")
    finally:
        if writer.in_transaction:
            writer.execute("ROLLBACK")
        writer.close()

    QTest.keyClick(article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_of(project, 1)[0] == ("Russian", "NORP", "suggested")
    assert not window.undo_stack.canUndo()
    assert window.undo_stack.canRedo()


def test_undo_again_right_after_a_busy_undo_leaves_the_stack_and_the_project_agreeing(
        qtbot, window, project: Store, spans_of) -> None:
    window.store.conn.execute("PRAGMA busy_timeout = 200")
    article = window.article
    QTest.keyClick(article, Qt.Key.Key_Tab)  # Russian
    QTest.keyClick(article, Qt.Key.Key_Return)  # accepted; on to Kyiv
    QTest.keyClick(article, Qt.Key.Key_Return)  # accepted
    stack = window.undo_stack
    assert stack.index() == 2
    writer = sqlite3.connect(str(project.path), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        stack.undo()  # busy: nothing undone, the stack is to step back
        writer.execute("COMMIT")
    finally:
        writer.close()
    stack.undo()  # pressed again (a queued key) before the window stepped back: the lock is free now
    qtbot.wait(50)

    # However many steps the stack now counts as done, exactly those are in the project and the view.
    done = stack.index()
    expected = ["accepted"] * done + ["suggested"] * (2 - done)
    assert [status for _text, _label, status in spans_of(project, 1)[:2]] == expected
    assert [s.status for s in sorted(article.all_spans(), key=lambda s: s.start)][:2] == expected
    while stack.canRedo():
        stack.redo()
    assert [status for _text, _label, status in spans_of(project, 1)[:2]] == ["accepted", "accepted"]
    while stack.canUndo():
        stack.undo()
    assert [status for _text, _label, status in spans_of(project, 1)[:2]] == ["suggested", "suggested"]


def test_loading_a_schema_while_another_program_writes_is_refused_with_a_message(window, project: Store,
                                                                                tmp_path) -> None:
    window.store.conn.execute("PRAGMA busy_timeout = 200")
    data = default_schema().to_dict()
    data["labels"].append({"name": "VEHICLE", "key": "v", "color": "#123456", "description": "Vehicles"})
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    writer = sqlite3.connect(str(project.path), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        assert not window.load_schema(path)
        assert "project is busy" in window.statusBar().currentMessage()
        assert project.schema.get("VEHICLE") is None
        assert "label_VEHICLE" not in window.actions_by_id
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert window.load_schema(path)  # the lock is free again
    assert project.schema.get("VEHICLE") is not None


def test_switching_a_learned_phrase_while_another_program_writes_is_refused_with_a_message(
        qtbot, window, project: Store) -> None:
    QTest.keyClick(window.article, Qt.Key.Key_Tab)
    QTest.keyClick(window.article, Qt.Key.Key_Tab)  # Kyiv, suggested as PERSON
    QTest.keyClick(window.article, Qt.Key.Key_3)  # -> GPE: teaches "Kyiv"
    window.store.conn.execute("PRAGMA busy_timeout = 200")
    dialog = MemoryDialog(project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    writer = sqlite3.connect(str(project.path), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        QTest.keyClick(dialog, Qt.Key.Key_Space)
        QTest.keyClick(dialog, Qt.Key.Key_Delete)
        notice = dialog.findChild(QMessageBox, "notice")
        assert notice is not None and "busy" in notice.text()
        assert [(e.phrase, e.enabled) for e in memory.entries(project)] == [("Kyiv", True)]
        assert dialog.table.item(0, 0).checkState() == Qt.CheckState.Checked
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    QTest.keyClick(dialog, Qt.Key.Key_Space)  # the lock is free again
    assert [(e.phrase, e.enabled) for e in memory.entries(project)] == [("Kyiv", False)]
    dialog.close()
