"""The window opens at once; spaCy loads and pre-annotates in a worker, and highlights appear."""

import pytest

from annotator.documents import Document
from annotator.store import open_project
from ui.main_window import MainWindow

pytestmark = pytest.mark.model

TEXT = "Russian missiles struck Kyiv on Wednesday, the mayor Vitali Klitschko said."


def test_window_usable_while_model_loads(qtbot, tmp_path):
    store = open_project(tmp_path / "p.db")
    with store.transaction():
        store.add_document(Document(TEXT, "Strike"))
    win = MainWindow(store, annotator="tester")
    qtbot.addWidget(win)
    win.show()
    # The text shows and the window answers while the worker still loads the model.
    assert win.busy
    assert win.article.toPlainText() == TEXT
    qtbot.waitUntil(lambda: not win.busy, timeout=120_000)
    labels = {(TEXT[s.start : s.end], s.label) for s in win.article.spans()}
    assert ("Kyiv", "GPE") in labels
    assert ("missiles", "WEAPON") in labels
    assert ("Vitali Klitschko", "PERSON") in labels
    assert win.doc_model.data(win.doc_model.index(0, 2)) == str(len(labels))
    assert win.status_bar.model_label.text().startswith("Model: en_core_web_sm")
    win.close()
