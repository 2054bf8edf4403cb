"""Roles are filled by keyboard (R then a number), from a selection, or by clicking a highlight."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtGui import QTextCursor

from annotator import event_commands as ec


def make_attack(window, project, first_text) -> int:
    start = first_text.index("struck")
    command = ec.AddEvent(1, start, start + len("struck"), "ATTACK")
    assert window.run(command)
    window.select_event(command.event_id)
    return command.event_id


def roles(project, event_id):
    text = project.document(1).text
    spans = {s.id: s for s in project.spans(1)}
    return sorted((a.role, text[spans[a.span_id].start:spans[a.span_id].end]) for a in project.event(event_id).arguments)


def test_focused_span_fills_role_by_number(window, project, press, first_text):
    event_id = make_attack(window, project, first_text)
    press(Qt.Key.Key_Tab)  # Russian
    press(Qt.Key.Key_R)
    press(Qt.Key.Key_1)  # Attacker
    assert roles(project, event_id) == [("Attacker", "Russian")]
    slots = window.events_panel.slots_table
    assert slots.item(0, 0).text() == "1 Attacker" and slots.item(0, 1).text() == "Russian"
    press(Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_1)
    assert roles(project, event_id) == []
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert roles(project, event_id) == [("Attacker", "Russian")]


def test_selection_fills_role_with_a_new_span(window, project, press, first_text, monkeypatch):
    event_id = make_attack(window, project, first_text)
    monkeypatch.setattr(window.events, "choose_label", lambda labels: "ORG")
    start = first_text.index("forces")
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(start))
    cursor.setPosition(window.article.positions.to_qt(start + 6), QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)
    press(Qt.Key.Key_R)
    press(Qt.Key.Key_1)
    assert roles(project, event_id) == [("Attacker", "forces")]
    assert ("forces", "ORG", "accepted") in [(first_text[s.start:s.end], s.label, s.status) for s in project.spans(1)]
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo removes role and span
    assert roles(project, event_id) == []
    assert "forces" not in [first_text[s.start:s.end] for s in project.spans(1)]


def test_fill_button_then_click_a_highlight(window, project, qtbot, first_text):
    event_id = make_attack(window, project, first_text)
    window.article.set_focused(None, scroll=False)
    slots = window.events_panel.slots_table
    time_row = next(i for i, s in enumerate(window.events_panel.slots) if s.role == "Time")
    slots.selectRow(time_row)
    QTest.mouseClick(window.events_panel.fill_button, Qt.MouseButton.LeftButton)
    assert window.pending_role == "Time"
    view = window.article
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(first_text.index("Monday")) + 2)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.cursorRect(cursor).center())
    assert roles(project, event_id) == [("Time", "Monday")]
    assert window.pending_role is None


def test_rejecting_filler_shows_empty_role_and_keeps_it(window, project, press, first_text):
    event_id = make_attack(window, project, first_text)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_R)
    press(Qt.Key.Key_1)
    window.focus_span(project.spans(1)[0].id)
    press(Qt.Key.Key_X)  # reject "Russian"
    assert roles(project, event_id) == [("Attacker", "Russian")]  # nothing lost
    assert window.events_panel.slots_table.item(0, 1).text() == "— (span rejected)"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.events_panel.slots_table.item(0, 1).text() == "Russian"


def test_label_constraint_refusal_is_explained(window, project, press, first_text):
    make_attack(window, project, first_text)
    press(Qt.Key.Key_Tab)  # Russian NORP
    press(Qt.Key.Key_R)
    press(Qt.Key.Key_3)  # Instrument takes WEAPON only
    assert "Instrument takes WEAPON" in window.statusBar().currentMessage()
