"""A project of thousands of documents: the list shows them all, reads them page by page, and the last one opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView

from annotator.documents import Document
from annotator.store import Store, open_project

N = 3000
DONE = {7, 1500, N}  # ids of documents marked done


@pytest.fixture
def big_project(tmp_path: Path) -> Store:
    store = open_project(tmp_path / "big.db")
    with store.transaction():
        for i in range(1, N + 1):
            place = "Odesa" if i % 1000 == 0 else "Kyiv"
            store.add_document(Document(f"Report {i} from {place}.\nDrones were shot down.", f"Report {i}"))
        store.conn.execute(f"UPDATE documents SET status = 'done' WHERE id IN ({', '.join(map(str, DONE))})")
    return store


def test_every_document_is_listed_and_the_last_one_opens(open_window, big_project: Store, qtbot) -> None:
    window = open_window(big_project)
    view = window.doc_list
    assert window.doc_model.rowCount() == N
    assert f"{len(DONE)} of {N} done" in window.status_bar.done_label.text()
    view.scrollToBottom()
    qtbot.wait(10)
    last = window.doc_model.index(N - 1, 1)
    assert last.data() == f"Report {N}"
    view.setCurrentIndex(last)
    assert window.current_id == N
    assert window.article.toPlainText().startswith(f"Report {N} from Odesa.")
    view.scrollTo(window.doc_model.index(N // 2, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    assert window.doc_model.index(N // 2, 1).data() == f"Report {N // 2 + 1}"


def test_filters_and_search_over_thousands(open_window, big_project: Store, qtbot) -> None:  # noqa: ANN001
    window = open_window(big_project)
    window.status_filter.setCurrentIndex(window.status_filter.findData("done"))
    assert [r.id for r in window.doc_model.rows] == sorted(DONE)
    window.status_filter.setCurrentIndex(0)
    window.search_box.setText("odesa")
    qtbot.waitUntil(lambda: [r.title for r in window.doc_model.rows] == [f"Report {i}" for i in range(1000, N + 1, 1000)])
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.doc_model.rowCount() == N)


def test_finish_moves_to_the_next_undone_document_wrapping_around(open_window, big_project: Store) -> None:
    window = open_window(big_project)
    window.open_document(N - 1)
    window.article.setFocus()
    QTest.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert big_project.summary(N - 1).status == "done"
    assert window.current_id == 1  # N is done already: the list wraps to the first undone document
    assert window.doc_list.currentIndex().row() == 0
