"""Qt positions from textpos select exactly the span's characters in the real text widget."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from annotator.textpos import TextPositions

ALPHABET = st.sampled_from(list("ab c\t\r\n\u05d0\u0301é") + ["\N{GRINNING FACE}", "\U0001F1FA", "\r\n", "\u202e"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=40).map("".join)


def as_selected(text: str) -> str:
    """How QTextCursor.selectedText() reports text: each line break is U+2029."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\u2029")


def splits_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, data=st.data())
def test_selection_of_converted_range_is_the_span_text(qtbot, text, data):
    positions = TextPositions(text)
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(positions.display_text)
    assert edit.document().characterCount() - 1 == positions.qt_length
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(not splits_crlf(text, start) and not splits_crlf(text, end))
    qs, qe = positions.range_to_qt(start, end)
    cursor = QTextCursor(edit.document())
    cursor.setPosition(qs)
    cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == as_selected(text[start:end])
    assert positions.range_from_qt(qs, qe) == (start, end)
