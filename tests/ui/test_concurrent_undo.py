"""Undo in one window never overwrites what another window changed since: it is refused, with a message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from annotator import commands
from annotator.store import Store, open_project


def test_undo_of_a_span_changed_in_another_window_is_skipped_and_says_so(qtbot, window, project: Store,
                                                                          spans_of) -> None:
    article = window.article
    QTest.keyClick(article, Qt.Key.Key_Tab)
    QTest.keyClick(article, Qt.Key.Key_Tab)  # Kyiv, suggested as PERSON
    kyiv = article.focused_id
    QTest.keyClick(article, Qt.Key.Key_3)  # -> GPE
    assert ("Kyiv", "GPE", "accepted") in spans_of(project, 1)

    other = open_project(project.path, create=False)  # a second window on the same project
    try:
        commands.execute(other, commands.relabel(1, [kyiv], "LOC"), annotator="bo")
    finally:
        other.close()
    qtbot.waitUntil(lambda: any(s.id == kyiv and s.label == "LOC" for s in article.all_spans()), timeout=5000)

    QTest.keyClick(article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "notice") is not None)
    notice = window.findChild(QMessageBox, "notice")
    assert "changed since" in notice.text() and "Undo skipped" in notice.text()
    notice.close()
    assert ("Kyiv", "LOC", "accepted") in spans_of(project, 1)  # bo's edit stands
    assert project.span_row(kyiv)["annotator"] == "bo"
    assert any(s.id == kyiv and s.label == "LOC" for s in article.all_spans())
    assert not window.undo_stack.canUndo()  # the refused step is off the stack, not retried
