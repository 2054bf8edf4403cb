"""In the window, a role filled with a suggestion accepts it, and Shift+A accepts an event's suggested fillers."""

from PySide6.QtCore import Qt

from annotator import event_commands as ec
from annotator.documents import Argument, Event
from annotator.store import Store


def status_of(project: Store, first_text: str, word: str) -> str:
    return next(s.status for s in project.spans(1) if first_text[s.start:s.end] == word)


def test_filling_a_role_with_a_suggestion_accepts_it_and_ctrl_z_reverts_both(window, project, press, first_text):
    start = first_text.index("struck")
    command = ec.AddEvent(1, start, start + len("struck"), "ATTACK")
    assert window.run(command)
    window.select_event(command.event_id)
    press(Qt.Key.Key_Tab)  # the suggestion "Russian"
    press(Qt.Key.Key_R)
    press(Qt.Key.Key_1)  # Attacker
    assert status_of(project, first_text, "Russian") == "accepted"
    assert window.events_panel.slots_table.item(0, 1).text() == "Russian"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step: role empty, Russian a suggestion again
    assert project.event(command.event_id).arguments == ()
    assert status_of(project, first_text, "Russian") == "suggested"


def test_shift_a_accepts_a_suggested_event_with_its_suggested_fillers(window, project, press, first_text):
    spans = {first_text[s.start:s.end]: s.id for s in project.spans(1)}
    start = first_text.index("struck")
    with project.transaction():
        event_id = project.insert_event(1, Event("ATTACK", start, start + len("struck"), origin="rule", arguments=(
            Argument("Attacker", spans["Russian"]), Argument("Time", spans["Monday"]))))
    window.open_document(1)
    window.select_event(event_id)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert project.event(event_id).status == "accepted"
    assert [status_of(project, first_text, w) for w in ("Russian", "Monday", "Kyiv")] == [
        "accepted", "accepted", "suggested"]
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.event(event_id).status == "suggested"
    assert [status_of(project, first_text, w) for w in ("Russian", "Monday")] == ["suggested", "suggested"]
