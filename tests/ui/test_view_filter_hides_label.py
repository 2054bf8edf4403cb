"""Issue 11: View → Filter the view hides a label: not drawn, not listed, skipped by Tab; remembered in the settings."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from annotator.store import open_project
from ui.main_window import MainWindow
from ui.settings import AppSettings


def test_hidden_label_is_skipped_and_remembered(window, project, press, qtbot, first_text):
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(QDialog, "view_filter_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.label_boxes["PERSON"].setChecked(False)  # Kyiv and Zelensky are PERSON suggestions
    dialog.accept()
    window.activateWindow()  # as the desktop does once a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    texts = [first_text[s.start : s.end] for s in window.span_model.spans]
    assert texts == ["Russian", "Monday"]
    assert "PERSON" in window.status_bar.filter_label.text()
    seen = []
    for _ in range(3):
        press(Qt.Key.Key_Tab)
        span = next(s for s in window.article.spans() if s.id == window.article.focused_id)
        seen.append(first_text[span.start : span.end])
    assert seen == ["Russian", "Monday", "Russian"]
    kyiv = first_text.index("Kyiv")
    assert not [s for s in window.article.spans_at(window.article.positions.to_qt(kyiv))]  # not clickable either
    assert AppSettings().hidden_labels == ["PERSON"]

    again = MainWindow(open_project(project.path, create=False), annotator="tester", preannotate=False)  # next run
    qtbot.addWidget(again)
    assert [first_text[s.start : s.end] for s in again.span_model.spans] == ["Russian", "Monday"]
