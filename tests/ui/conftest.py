"""Qt fixtures: a project with suggestions already stored (no model needed) and its window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.documents import Document, Span
from annotator.store import Store, open_project, now
from ui.main_window import MainWindow

# An emoji before the entities: Qt counts it as two positions, the core as one.
FIRST = "Russian forces struck Kyiv on Monday. \N{GRINNING FACE} Zelensky said the strike was brutal.\r\nKharkiv was hit too."
SECOND = "Talks in Geneva ended without agreement on Friday."


def _spans_of(store: Store, doc_id: int) -> list[tuple[str, str, str]]:
    """(text, label, status) of a document's spans, as a user would read them."""
    text = store.document(doc_id).text
    return [(text[s.start : s.end], s.label, s.status) for s in store.spans(doc_id)]


@pytest.fixture
def spans_of() -> Callable[[Store, int], list[tuple[str, str, str]]]:
    """Read a document's spans back from the database as (text, label, status)."""
    return _spans_of


@pytest.fixture
def first_text() -> str:
    """The first document's text (with an emoji and a CRLF)."""
    return FIRST


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Store]:
    """Two pre-annotated documents: suggestions as the model would have stored them."""
    store = open_project(tmp_path / "project.db")
    with store.transaction():
        first = store.add_document(Document(FIRST, "Strike on Kyiv")).doc_id
        second = store.add_document(Document(SECOND, "Geneva talks")).doc_id

        def suggest(doc_id: int, text: str, phrase: str, label: str) -> Span:
            start = text.index(phrase)
            return Span(start, start + len(phrase), label, origin="model", status="suggested")

        store.insert_spans(first, [
            suggest(first, FIRST, "Russian", "NORP"),
            suggest(first, FIRST, "Kyiv", "PERSON"),  # a model mistake to correct
            suggest(first, FIRST, "Monday", "DATE"),
            suggest(first, FIRST, "Zelensky", "PERSON"),
        ])
        store.insert_spans(second, [suggest(second, SECOND, "Geneva", "GPE"), suggest(second, SECOND, "Friday", "DATE")])
        store.conn.execute("UPDATE documents SET preannotated_at = ?, preannotated_with = 'test-model'", (now(),))
    yield store


@pytest.fixture(autouse=True)
def detached_jobs_end() -> Iterator[None]:
    """After each test, let the jobs of closed windows end, as ``annotator app`` does before exiting."""
    yield
    from ui import workers

    workers.wait_for_detached()


@pytest.fixture
def open_window(qtbot) -> Callable[[Store], MainWindow]:
    """Open the real main window on a project: shown offscreen, active, focus in the article."""

    def _open(store: Store) -> MainWindow:
        win = MainWindow(store, annotator="tester", preannotate=False)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
        win.article.setFocus()
        return win

    return _open


@pytest.fixture
def window(open_window, project: Store) -> Iterator[MainWindow]:
    """The real main window on the fixture project."""
    win = open_window(project)
    yield win
    win.close()


@pytest.fixture
def press(qtbot, window: MainWindow) -> Callable[..., None]:
    """Press a key (with modifiers) in the window's focused widget, as a user would."""

    def _press(key: Qt.Key | str, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        target = window.focusWidget() or window
        QTest.keyClick(target, key, modifiers)
        qtbot.wait(1)

    return _press


@pytest.fixture
def select(window: MainWindow) -> Callable[[int, int], None]:
    """Select the article text between two code point offsets, as a keyboard or mouse user would."""

    def _select(start: int, end: int) -> None:
        view = window.article
        cursor = view.textCursor()
        cursor.setPosition(view.positions.to_qt(start))
        cursor.setPosition(view.positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)

    return _select


@pytest.fixture
def highlighted_rows(qtbot) -> Callable[[MainWindow, object], list[int]]:
    """The rows of a list the screen shows highlighted (read from the window's painted pixels)."""

    def _rows(window: MainWindow, view) -> list[int]:  # type: ignore[no-untyped-def]
        qtbot.wait(20)  # let the pending repaints happen, as they would on screen
        # On the offscreen platform this reads the window's backing store: what was last painted,
        # not a fresh rendering (grab() would repaint every row and hide a stale highlight).
        image = QApplication.primaryScreen().grabWindow(window.winId()).toImage()
        palette = view.palette()
        colors = {palette.color(group, palette.ColorRole.Highlight).rgb()
                  for group in (palette.ColorGroup.Active, palette.ColorGroup.Inactive)}
        model = view.model()
        rows = []
        for row in range(model.rowCount()):
            rect = view.visualRect(model.index(row, model.columnCount() - 1))  # a column with no colour of its own
            if rect.isEmpty() or not view.viewport().rect().intersects(rect):
                continue
            point = view.viewport().mapTo(window, rect.topRight() + QPoint(-3, rect.height() // 2))
            if image.pixel(point) in colors:
                rows.append(row)
        return rows

    return _rows


@pytest.fixture
def answer_unreviewed(window: MainWindow, qtbot) -> Callable[[str], None]:
    """Answer the "suggestions not reviewed" dialog that Ctrl+D / Ctrl+Enter opened: accept, reject, leave, cancel."""

    def _answer(choice: str) -> None:
        from PySide6.QtWidgets import QDialog

        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "unreviewed_dialog")))
        dialog = next(d for d in window.findChildren(QDialog, "unreviewed_dialog") if d.isVisible())
        dialog.buttons[choice].click()
        window.activateWindow()  # as the desktop does once a dialog closes (the offscreen platform does not)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    return _answer
