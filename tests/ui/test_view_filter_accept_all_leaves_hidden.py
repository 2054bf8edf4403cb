"""Issue 11: suggestions hidden by a score threshold are left alone by Ctrl+Enter (accept all), which asks about them."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel


def test_accept_all_leaves_low_scored_suggestions_and_asks(window, project, press, qtbot, spans_of, first_text):
    with project.transaction():  # scores as an imported model's would be; Russian and Zelensky have none
        project.conn.execute("UPDATE spans SET score = 0.2 WHERE doc_id = 1 AND label = 'PERSON' AND start = ?",
                             (first_text.index("Kyiv"),))
        project.conn.execute("UPDATE spans SET score = 0.9 WHERE doc_id = 1 AND label = 'DATE'")
    window.open_document(1)
    window.view_filter.set([], 0.5)
    assert [first_text[s.start : s.end] for s in window.span_model.spans] == ["Russian", "Monday", "Zelensky"]
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "unreviewed_dialog")))
    dialog = next(d for d in window.findChildren(QDialog, "unreviewed_dialog") if d.isVisible())
    assert "1 suggestion is not reviewed (hidden by the view filter)" in " ".join(
        label.text() for label in dialog.findChildren(QLabel))
    dialog.buttons["leave"].click()
    assert spans_of(project, 1) == [("Russian", "NORP", "accepted"), ("Kyiv", "PERSON", "suggested"),
                                    ("Monday", "DATE", "accepted"), ("Zelensky", "PERSON", "accepted")]
    assert project.summary(1).status == "done"
    assert window.current_id == 2  # and on to the next document
