"""The document list follows the search box once typing pauses, not on every key (one query, not one
per letter, on a 100,000-article project); Enter searches at once and opens the first match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ui.controllers.documents import SEARCH_PAUSE_MS


def test_the_list_changes_after_the_pause(window, qtbot) -> None:  # noqa: ANN001
    listed = [r.id for r in window.doc_model.rows]
    window.documents.focus_search()
    QTest.keyClicks(window.search_box, "geneva")
    assert [r.id for r in window.doc_model.rows] == listed  # still typing: nothing re-read yet
    qtbot.wait(SEARCH_PAUSE_MS + 100)
    assert [r.id for r in window.doc_model.rows] == [2]


def test_enter_searches_at_once(window) -> None:  # noqa: ANN001
    window.documents.focus_search()
    QTest.keyClicks(window.search_box, "geneva")
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    assert [r.id for r in window.doc_model.rows] == [2]
    assert window.current_id == 2
