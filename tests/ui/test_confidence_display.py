"""Suggestions are drawn by kind and confidence: a low-confidence name paler than a confident one, a
nominal mention without a fill; the span list shows each score and marks the doubtful ones."""

from statistics import median

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.documents import LOW_CONFIDENCE


def _prepare(project) -> None:
    """All three PERSON suggestions: Kyiv confident, Zelensky doubtful, Russian a nominal mention."""
    with project.transaction():
        project.conn.execute("UPDATE spans SET label = 'PERSON', kind = 'nominal', score = 0.9 WHERE id = 1")
        project.conn.execute("UPDATE spans SET score = 0.9 WHERE id = 2")
        project.conn.execute("UPDATE spans SET score = ? WHERE id = 4", (LOW_CONFIDENCE / 2,))


def _tint(window, phrase: str) -> float:
    """How far from the page colour the middle of a phrase's highlight is (median over its box)."""
    view = window.article
    start = view.positions.to_qt(view.positions.text.index(phrase))
    end = start + len(phrase)
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    left = view.cursorRect(cursor)
    cursor.setPosition(end)
    right = view.cursorRect(cursor)
    assert left.top() == right.top(), "the phrase must sit on one line"
    image = view.viewport().grab().toImage()
    page = view.palette().base().color()
    distances = []
    for x in range(left.left() + 2, right.left() - 1):
        for y in range(left.top() + 3, left.bottom() - 4):  # above the underline
            c = QColor(image.pixel(x, y))
            distances.append(abs(c.red() - page.red()) + abs(c.green() - page.green()) + abs(c.blue() - page.blue()))
    return median(distances)


def test_article_draws_kind_and_confidence(open_window, project, qtbot):
    _prepare(project)
    window = open_window(project)
    window.resize(1200, 700)
    qtbot.wait(10)
    confident, doubtful, nominal = _tint(window, "Kyiv"), _tint(window, "Zelensky"), _tint(window, "Russian")
    assert confident > doubtful + 20 > nominal + 20
    assert nominal < 10  # no fill: the page shows through
    window.close()


def test_span_list_shows_scores_and_marks_low_ones(open_window, project):
    _prepare(project)
    window = open_window(project)
    model = window.span_model
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    assert model.index(rows["Kyiv"], 2).data() == "suggested 90%"
    assert model.index(rows["Zelensky"], 2).data() == "suggested 25% · low"
    assert model.index(rows["Monday"], 2).data() == "suggested"  # no score, nothing to show
    amber = model.index(rows["Zelensky"], 2).data(Qt.ItemDataRole.ForegroundRole)
    assert amber is not None and model.index(rows["Kyiv"], 2).data(Qt.ItemDataRole.ForegroundRole) is None
    window.close()
