"""Regression (issue 11): the window's own pre-annotation is reported as what it is, not as "another window or process".

Its worker writes through its own connection, so the live refresh (PRAGMA data_version) took
the stored suggestions for someone else's.
"""

import spacy

import annotator.preannotate
from annotator.documents import Document


def test_own_preannotation_is_not_another_process(window, project, qtbot, monkeypatch):
    with project.transaction():
        project.add_document(Document("Russian drones struck Odesa and Kyiv on Monday.", "Odesa"))
    # A pipeline with no statistical model: the rules still suggest the weapon and the city
    # (drones, Kyiv); "Odesa" is no gazetteer name without evidence around it.
    monkeypatch.setattr(annotator.preannotate, "load_model", lambda name=None: spacy.blank("en"))
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.start_preannotation()
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)
    window.live.check()  # the next poll of the live refresh, now rather than in 750 ms
    window.activateWindow()
    qtbot.wait(50)
    window.live.check()
    assert not [m for m in messages if "another window or process" in m], messages
    assert any(m.startswith("Pre-annotation stored 2 suggestions in 1 document") for m in messages), messages
    assert [r.n_suggested for r in window.doc_model.rows][-1] == 2  # drones, Kyiv
