"""A label key gives the focused span that label (and accepts it)."""

from PySide6.QtCore import Qt



def test_digit_relabels_focused_span(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)  # "Kyiv", suggested as PERSON
    press(Qt.Key.Key_3)  # GPE in the default schema
    assert ("Kyiv", "GPE", "accepted") in spans_of(project, 1)


def test_letter_key_label(window, project, press, spans_of):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_C)  # CARDINAL's key is c
    assert spans_of(project, 1)[0] == ("Russian", "CARDINAL", "accepted")


def test_label_key_without_focus_or_selection_changes_nothing(window, project, press, spans_of):
    before = spans_of(project, 1)
    press(Qt.Key.Key_3)
    assert spans_of(project, 1) == before
    assert "No span is focused" in window.statusBar().currentMessage()
