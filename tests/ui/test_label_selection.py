"""Selecting text and pressing a label key stores a token-snapped span with code point offsets."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest


def select_qt(window, qt_start: int, qt_end: int) -> None:
    """Select between two Qt (UTF-16) positions."""
    cursor = window.article.textCursor()
    cursor.setPosition(qt_start)
    cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)


def test_partial_selection_after_emoji_snaps_to_the_word(window, project, press, spans_of, first_text):
    # "strike" comes after the emoji: its Qt position is one more than its code point offset.
    start = first_text.index("strike was")
    qt_start = window.article.positions.to_qt(start)
    assert qt_start == start + 1
    select_qt(window, qt_start + 2, qt_start + 4)  # "ri" inside "strike"
    press(Qt.Key.Key_0)  # EVENT
    assert ("strike", "EVENT", "accepted") in spans_of(project, 1)
    span = next(s for s in project.spans(1) if s.label == "EVENT")
    assert (span.start, span.end, span.origin) == (start, start + len("strike"), "human")


def test_selection_across_crlf_keeps_original_offsets(window, project, press, spans_of, first_text):
    start = first_text.index("Kharkiv")
    qt = window.article.positions.to_qt(start)
    select_qt(window, qt, qt + len("Kharkiv"))
    press(Qt.Key.Key_3)
    assert ("Kharkiv", "GPE", "accepted") in spans_of(project, 1)


def test_mouse_drag_selection_then_label(window, project, qtbot, spans_of, first_text):
    view = window.article
    start = first_text.index("brutal")
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(start))
    left = view.cursorRect(cursor).center()
    cursor.setPosition(view.positions.to_qt(start + len("brutal")))
    right = view.cursorRect(cursor).center()
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, left)
    QTest.mouseMove(view.viewport(), right)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, right)
    assert view.selection_range() is not None
    window.actions_by_id["label_DATE"].trigger()  # the Label menu / toolbar entry, as a mouse user would
    assert ("brutal", "DATE", "accepted") in spans_of(project, 1)


def test_whitespace_selection_is_refused(window, project, press, spans_of, first_text):
    before = spans_of(project, 1)
    gap = first_text.index(" forces")
    select_qt(window, gap, gap + 1)  # before the emoji: Qt position == offset
    press(Qt.Key.Key_3)
    assert spans_of(project, 1) == before


def test_keyboard_selection_then_label(window, project, press, spans_of, first_text):
    start = first_text.index("Zelensky")
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.positions.to_qt(start))
    window.article.setTextCursor(cursor)
    press(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.article.selection_range() is not None
    press(Qt.Key.Key_2)  # ORG
    # The suggestion over the same words is relabelled, not duplicated.
    assert [s for s in spans_of(project, 1) if s[0] == "Zelensky"] == [("Zelensky", "ORG", "accepted")]
