"""An id chosen with Ctrl+K reaches the same phrase's suggestions in unreviewed documents at once,
and the status bar says how many documents it updated; undo takes it back there too."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.documents import Document, Span
from annotator.store import now
from ui.kb_dialog import KbDialog


def test_ctrl_k_teaches_the_id_to_unreviewed_documents(window, project, press, qtbot):
    with project.transaction():
        other = project.add_document(Document("Drones over Kyiv.", "Drones")).doc_id
        project.insert_spans(other, [Span(12, 16, "GPE", origin="model", status="suggested")])
        project.update_document(other, preannotated_at=now())
    text = project.document(1).text
    kyiv = next(s for s in project.spans(1) if text[s.start:s.end] == "Kyiv")
    window.focus_span(kyiv.id)
    press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(KbDialog, "kb_dialog") is not None and
                    window.findChild(KbDialog, "kb_dialog").isVisible())
    dialog = window.findChild(KbDialog, "kb_dialog")
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)  # the first candidate: Kyiv, Ukraine
    qtbot.waitUntil(lambda: project.spans(other)[0].kb_id == "geonames:703448")
    assert project.spans(other)[0].kb_score == 1.0 and project.spans(other)[0].status == "suggested"
    assert window.statusBar().currentMessage() == \
        "Linked to geonames:703448. Learned: 1 unreviewed document updated too."

    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.article.setFocus()
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (project.spans(other)[0].kb_id, project.spans(other)[0].kb_score) == (None, None)
