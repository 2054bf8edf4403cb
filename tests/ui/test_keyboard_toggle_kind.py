"""Shift+N makes the focused span a nominal mention (or a name again), saved at once and one undo step."""

from PySide6.QtCore import Qt


def _kinds(project, doc_id: int = 1) -> dict[str, str]:
    text = project.document(doc_id).text
    return {text[s.start:s.end]: s.kind for s in project.spans(doc_id)}


def test_shift_n_toggles_the_focused_span(window, project, press):
    press(Qt.Key.Key_Tab)  # "Russian"
    press(Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert _kinds(project)["Russian"] == "nominal"
    assert project.spans(1)[0].status == "suggested"  # only the kind changed
    row = window.span_model.row_of(window.article.focused_id)
    assert window.span_model.index(row, 1).data() == "NORP · nominal"
    assert window.span_model.index(row, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert window.article.focused_id == project.spans(1)[0].id  # focus stays on it

    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _kinds(project)["Russian"] == "name"
    assert window.span_model.index(row, 1).data() == "NORP"

    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _kinds(project)["Russian"] == "nominal"
    press(Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert _kinds(project)["Russian"] == "name"


def test_shift_n_without_focus_changes_nothing(window, project, press):
    press(Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert set(_kinds(project).values()) == {"name"}
    assert "No span is focused" in window.statusBar().currentMessage()
