"""The document list can show the most doubtful documents first (the order box, Ctrl+Shift+D), remembered
between runs; the usual order stays the default, and choosing it again restores it (issue 14)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.documents import Document, Span
from annotator.store import open_project
from ui.main_window import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
USUAL = ["Sure", "Nothing suggested", "One doubtful", "Surer"]
DOUBT = ["One doubtful", "Sure", "Surer", "Nothing suggested"]


@pytest.fixture
def project(tmp_path):
    """Four pre-annotated documents: their suggestions' scores say how sure the model is."""
    store = open_project(tmp_path / "doubt.db")
    with store.transaction():
        for title, scores in (("Sure", (0.9, 0.8)), ("Nothing suggested", ()), ("One doubtful", (0.3, 0.95)),
                              ("Surer", (0.85,))):
            doc_id = store.add_document(Document(f"Russian forces struck Kyiv and Kharkiv. {title}", title)).doc_id
            store.insert_spans(doc_id, [Span(i * 8, i * 8 + 6, "GPE", origin="model", status="suggested", score=score)
                                        for i, score in enumerate(scores)])
    yield store


def listed(window: MainWindow) -> list[str]:
    model = window.doc_model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_choosing_the_order_reorders_the_list_and_the_usual_order_comes_back(open_window, project, qtbot):
    window = open_window(project)
    assert listed(window) == USUAL  # the default order, as before
    assert window.list_order.currentText() == "Usual order"
    assert not window.actions_by_id["doubt_order"].isChecked()

    window.list_order.setCurrentIndex(window.list_order.findData("doubt"))
    assert listed(window) == DOUBT
    assert window.actions_by_id["doubt_order"].isChecked()
    assert window.current_id == 1  # the open document stays open, its row selected
    assert window.doc_list.selectionModel().selectedRows()[0].row() == 1

    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_D, CTRL_SHIFT)
    assert listed(window) == USUAL
    assert window.list_order.currentText() == "Usual order"
    assert not window.actions_by_id["doubt_order"].isChecked()
    window.close()


def test_the_key_orders_the_list_and_the_order_is_remembered(open_window, project, qtbot):
    window = open_window(project)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_D, CTRL_SHIFT)
    assert listed(window) == DOUBT
    assert window.list_order.currentText() == "Most doubtful first"
    window.close()
    again = open_window(open_project(project.path))
    assert listed(again) == DOUBT
    assert again.actions_by_id["doubt_order"].isChecked()
    assert again.current_id == 3  # it opens on the first document listed still to do: the most doubtful
    again.close()


def test_page_down_and_finishing_follow_the_order(open_window, project, qtbot):
    window = open_window(project)
    window.list_order.setCurrentIndex(window.list_order.findData("doubt"))
    window.open_document(3)  # "One doubtful", at the top
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageDown)
    assert project.summary(window.current_id).title == "Sure"  # the next row, not the next id
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageDown)
    assert project.summary(window.current_id).title == "Surer"
    window.open_document(3)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert project.summary(3).status == "done"  # accepted and done: the next one not done below it opens
    assert project.summary(window.current_id).title == "Sure"
    assert listed(window) == DOUBT  # rows stay put until the order is chosen again
    window.close()
