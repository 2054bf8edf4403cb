"""Clicking a boxed trigger selects its event; the panel's boxes change type and modality."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator import event_commands as ec


def click_new_trigger(window, first_text: str, button: Qt.MouseButton) -> ec.AddEvent:
    """Make an ATTACK event on "strike", deselect it, then click its boxed trigger."""
    start = first_text.index("strike was")
    command = ec.AddEvent(1, start, start + 6, "ATTACK")
    assert window.run(command)
    window.select_event(None)
    view = window.article
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(start) + 2)
    QTest.mouseClick(view.viewport(), button, Qt.KeyboardModifier.NoModifier, view.cursorRect(cursor).center())
    return command


def test_click_trigger_selects_event_and_panel_edits(window, project, first_text):
    command = click_new_trigger(window, first_text, Qt.MouseButton.LeftButton)
    assert window.current_event_id == command.event_id
    panel = window.events_panel
    assert panel.type_box.isEnabled()
    panel.modality_box.activated.emit(panel.modality_box.findText("hypothetical"))
    panel.type_box.activated.emit(panel.type_box.findData("THREATEN"))
    event = project.event(command.event_id)
    assert (event.type, event.modality) == ("THREATEN", "hypothetical")
    # the panel's role rows follow the new type
    assert [s.role for s in panel.slots][:3] == ["Threatener", "Recipient", "Topic"]


def test_right_click_trigger_offers_event_actions(window, project, first_text):
    from PySide6.QtWidgets import QMenu

    command = click_new_trigger(window, first_text, Qt.MouseButton.RightButton)
    assert window.current_event_id == command.event_id
    menu = [m for m in window.findChildren(QMenu) if m.isVisible()][-1]
    reject = next(a for a in menu.actions() if a.objectName() == "reject_event")
    reject.trigger()
    menu.close()
    assert project.event(command.event_id).status == "rejected"
