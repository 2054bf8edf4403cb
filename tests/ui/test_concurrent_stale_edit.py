"""An edit of a span another window changed or deleted a moment ago is refused, and the view catches up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator import commands
from annotator.store import Store, open_project


def _elsewhere(project: Store, command: commands.Command) -> None:
    other = open_project(project.path, create=False)
    try:
        commands.execute(other, command, annotator="bo")
    finally:
        other.close()


def test_relabel_of_a_span_relabelled_elsewhere_meanwhile_is_refused(window, project: Store, spans_of) -> None:
    window.live.timer.stop()  # the other window writes between two polls
    article = window.article
    QTest.keyClick(article, Qt.Key.Key_Tab)
    QTest.keyClick(article, Qt.Key.Key_Tab)  # Kyiv, shown as a PERSON suggestion
    kyiv = article.focused_id
    _elsewhere(project, commands.relabel(1, [kyiv], "GPE"))

    QTest.keyClick(article, Qt.Key.Key_4)  # the analyst, still seeing PERSON, picks LOC
    assert ("Kyiv", "GPE", "accepted") in spans_of(project, 1)  # the other edit is not overwritten
    assert "changed elsewhere" in window.statusBar().currentMessage()
    assert [(s.label, s.status) for s in article.all_spans() if s.id == kyiv] == [("GPE", "accepted")]
    assert article.focused_id == kyiv  # the analyst's place is kept

    QTest.keyClick(article, Qt.Key.Key_4)  # seen now: the analyst can still decide
    assert ("Kyiv", "LOC", "accepted") in spans_of(project, 1)


def test_accept_of_a_span_deleted_elsewhere_says_so_and_redraws(window, project: Store, spans_of) -> None:
    window.live.timer.stop()
    article = window.article
    QTest.keyClick(article, Qt.Key.Key_Tab)  # Russian
    russian = article.focused_id
    _elsewhere(project, commands.DeleteSpan(1, russian))

    QTest.keyClick(article, Qt.Key.Key_Return)
    assert "deleted elsewhere" in window.statusBar().currentMessage()
    assert russian not in [s.id for s in article.all_spans()]
    assert russian not in [s.id for s in window.span_model.spans]
    assert [t for t, _label, _status in spans_of(project, 1)] == ["Kyiv", "Monday", "Zelensky"]
    assert not window.undo_stack.canUndo()
