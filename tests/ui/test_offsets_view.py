"""The article view highlights exactly each span's characters, whatever the text holds."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from annotator.documents import Document, Span
from annotator.schema import default_schema
from ui.article_view import ArticleView

PIECES = ["Kyiv", " ", "\t", "\n", "\r\n", "\r", "\x00", "😀", "👩\u200d👩\u200d👧", "🇺🇦", "e\u0301", "𝔘",
          "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645", "\u202e", "\u2028"]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=2),
                min_size=1, max_size=25).map("".join)


def as_selected(text: str) -> str:
    """How QTextCursor.selectedText() reports text: each paragraph break (CRLF, CR, LF) is U+2029."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\u2029")


def splits_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(TEXT)
    bounds = st.integers(0, len(text)).filter(lambda o: not splits_crlf(text, o))
    pairs = draw(st.lists(st.tuples(bounds, bounds).filter(lambda p: p[0] != p[1]), min_size=1, max_size=5))
    return text, [(min(p), max(p)) for p in pairs]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=text_and_spans())
@example(case=("😀 Kyiv\r\nOblast \U0001F1FA\U0001F1E6 e\u0301 \u05e9\u05dc\u05d5\u05dd\rX", [(2, 14), (15, 17), (0, 1), (22, 26)]))
def test_each_highlight_covers_exactly_its_characters(qtbot, case: tuple[str, list[tuple[int, int]]]) -> None:
    text, ranges = case
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_schema(default_schema())
    spans = [Span(s, e, "GPE", id=n + 1) for n, (s, e) in enumerate(ranges)]
    view.show_document(Document(text, title="t", id=1, spans=spans))
    # The raw text (toPlainText() would turn NBSP into a space and U+2028 into LF): paragraphs end in U+2029.
    assert view.document().toRawText() == as_selected(text)
    qt_length = view.positions.qt_length
    for span in view.all_spans():
        qs, qe = view.positions.range_to_qt(span.start, span.end)
        cursor = QTextCursor(view.document())
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == as_selected(text[span.start:span.end])
        # What is painted and clicked: the span covers exactly the Qt positions of its characters.
        for pos in range(max(qs - 2, 0), min(qe + 2, qt_length)):
            assert (span.id in [s.id for s in view.spans_at(pos)]) == (qs <= pos < qe), pos
        assert view.positions.range_from_qt(qs, qe) == (span.start, span.end)
