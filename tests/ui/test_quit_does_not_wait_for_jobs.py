"""Regression (issue 11): Ctrl+Q closes the window at once while a long background job runs; the job stops cleanly.

Closing waited for every worker thread (up to 30 s each): with spaCy still loading a model, the
window froze for seconds and Ctrl+Q looked ignored.
"""

import threading

import spacy
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import annotator.preannotate
from annotator.documents import Document
from annotator.store import open_project
from ui import workers

LONG_JOB_S = 10  # the model load the test holds back; a close that waits for it waits this long


def test_ctrl_q_closes_at_once_and_the_job_stops_cleanly(window, project, qtbot, monkeypatch, spans_of):
    with project.transaction():
        project.add_document(Document("Russian drones struck Odesa and Kyiv on Monday.", "Odesa"))
    path = project.path
    release, loaded = threading.Event(), threading.Event()

    def slow_model(name=None):  # noqa: ANN001, ANN202 - stands in for load_model
        release.wait(LONG_JOB_S)
        loaded.set()
        return spacy.blank("en")

    monkeypatch.setattr(annotator.preannotate, "load_model", slow_model)
    window.start_preannotation()
    assert window.busy
    QTest.keyClick(window.article, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible() and window.closed
    assert not loaded.is_set(), "closing waited for the job"
    assert workers.detached()  # the job ends by itself, in the background
    release.set()
    qtbot.waitUntil(lambda: not workers.detached(), timeout=60_000)

    with open_project(path, create=False) as store:  # nothing lost, nothing half-written
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.count_pending_preannotation() == 1  # stopped before its first batch: pre-annotated next time
        assert [s[1:] for s in spans_of(store, 1)] == [("NORP", "suggested"), ("PERSON", "suggested"),
                                                         ("DATE", "suggested"), ("PERSON", "suggested")]
