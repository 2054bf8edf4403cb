"""`annotator preannotate` in a terminal while the app is open: suggestions appear, the analyst's work stays."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from annotator.documents import Document
from annotator.store import open_project

pytestmark = pytest.mark.model

ARTICLES = [
    "Russian missiles struck Kyiv overnight, officials in Ukraine said on Monday.",
    "Negotiators from Qatar and Egypt met in Doha on Tuesday.",
    "The European Union adopted new sanctions against Iran in Brussels.",
    "Protesters gathered in Manila after the coast guard used water cannon.",
]


def test_suggestions_from_a_terminal_run_appear_in_the_open_window(qtbot, tmp_path, open_window, spans_of) -> None:
    store = open_project(tmp_path / "news.db")
    with store.transaction():
        for n, text in enumerate(ARTICLES):
            store.add_document(Document(text, f"Article {n + 1}"))
    window = open_window(store)  # opened before pre-annotation: nothing highlighted yet
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    assert window.article.all_spans() == []
    # The analyst labels a word by hand while the terminal command runs.
    text = ARTICLES[0]
    terminal = subprocess.Popen([sys.executable, "-m", "annotator", "preannotate", str(store.path),
                                 "--batch-size", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        cursor = window.article.textCursor()
        cursor.setPosition(window.article.positions.to_qt(text.index("officials")))
        end = text.index("officials") + len("officials")
        cursor.setPosition(window.article.positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        window.article.setTextCursor(cursor)
        QTest.keyClick(window.article, Qt.Key.Key_1)  # PERSON
        qtbot.waitUntil(lambda: terminal.poll() is not None, timeout=120000)
    finally:
        if terminal.poll() is None:
            terminal.kill()
    assert terminal.returncode == 0, terminal.stderr.read().decode() if terminal.stderr else ""

    qtbot.waitUntil(lambda: all(r.n_suggested for r in window.doc_model.rows), timeout=5000)
    qtbot.waitUntil(lambda: any(s.status == "suggested" for s in window.article.all_spans()), timeout=5000)
    assert ("officials", "PERSON", "accepted") in [(text[s.start:s.end], s.label, s.status)
                                                  for s in window.article.all_spans()]
    assert any("pre-annotated" in m for m in messages), messages
    stored = spans_of(store, 1)
    assert ("officials", "PERSON", "accepted") in stored
    assert any(label == "GPE" and status == "suggested" for _t, label, status in stored)
    assert store.count_pending_preannotation() == 0
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
