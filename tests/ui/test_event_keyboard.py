"""E then a type key makes an event on the trigger; ] selects events; Shift+M/P/A/X edit them; all undoable."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor


def put_caret(window, offset: int) -> None:
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(offset))
    window.article.setTextCursor(cursor)


def events_of(project, doc_id=1):
    text = project.document(doc_id).text
    return [(text[e.trigger_start:e.trigger_end], e.type, e.modality, e.polarity, e.status)
            for e in project.events(doc_id)]


def test_e_then_key_creates_event_on_caret_word(window, project, press, first_text):
    put_caret(window, first_text.index("struck") + 2)
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_A)
    assert events_of(project) == [("struck", "ATTACK", "asserted", "positive", "accepted")]
    assert window.current_event_id == project.events(1)[0].id
    assert window.events_panel.model.rowCount() == 1
    # no span was accepted by the A of "E, A"
    assert all(s.status == "suggested" for s in project.spans(1))


def test_modality_polarity_retype_reject_and_undo(window, project, press, first_text):
    put_caret(window, first_text.index("strike was") + 1)
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    assert events_of(project) == [("strike", "ATTACK", "planned", "negative", "accepted")]
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_G)  # no selection, an event is selected: retype it to DAMAGE
    assert events_of(project)[0][1] == "DAMAGE"
    press(Qt.Key.Key_X, Qt.KeyboardModifier.ShiftModifier)
    assert events_of(project)[0][4] == "rejected"
    for _ in range(3):
        press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert events_of(project) == [("strike", "ATTACK", "planned", "positive", "accepted")]


def test_brackets_step_through_events_and_delete(window, project, press, first_text):
    for word, key in (("struck", Qt.Key.Key_A), ("said", Qt.Key.Key_M)):
        put_caret(window, first_text.index(word))
        press(Qt.Key.Key_E)
        press(key)
    window.select_event(None)
    press(Qt.Key.Key_BracketRight)
    first = window.current_event_id
    press(Qt.Key.Key_BracketRight)
    assert window.current_event_id not in (None, first)
    press(Qt.Key.Key_BracketLeft)
    assert window.current_event_id == first
    press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [e[1] for e in events_of(project)] == ["MEET"]


def test_selection_becomes_multiword_trigger(window, project, press, first_text):
    start = first_text.index("strike was")
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(start - 4))  # "the strike"
    cursor.setPosition(window.article.positions.to_qt(start + 6), QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_A)
    assert events_of(project)[0][0] == "the strike"
