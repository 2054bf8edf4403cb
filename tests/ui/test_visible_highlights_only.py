"""A long document paints only the highlights on screen, and all of them there."""

from annotator.documents import Document, Span
from ui.main_window import MainWindow


def test_long_document_paints_visible_spans_only(qtbot, project):
    line = "Russian drones struck Odesa and Kyiv overnight, officials said.\n"
    text = line * 3000
    spans = []
    for i in range(3000):
        base = i * len(line)
        spans += [Span(base, base + 7, "NORP", "model"), Span(base + 22, base + 27, "GPE", "model"),
                  Span(base + 32, base + 36, "GPE", "model", status="accepted")]
    with project.transaction():
        doc_id = project.add_document(Document(text, "Long")).doc_id
        project.insert_spans(doc_id, spans)
    win = MainWindow(project, annotator="tester", preannotate=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.open_document(doc_id)
    win.article.viewport().update()
    qtbot.waitUntil(lambda: win.article.paint_count > 0)
    painted = win.article.paint_count
    visible_lines = win.article.viewport().height() // win.article.fontMetrics().lineSpacing() + 2
    assert 0 < painted <= 3 * visible_lines * 2  # a line may wrap into two segments
    assert painted < len(spans) / 20  # 9,000 spans, a screenful painted
    win.close()


def test_overlapping_spans_are_all_kept_and_stacked(qtbot, project):
    text = "The Munich Security Conference opened."
    with project.transaction():
        doc_id = project.add_document(Document(text, "Nested")).doc_id
        project.insert_spans(doc_id, [Span(4, 30, "EVENT", "model"), Span(4, 10, "GPE", "rule")])
    win = MainWindow(project, annotator="tester", preannotate=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.open_document(doc_id)
    qt = win.article.positions.to_qt(6)
    assert [s.label for s in win.article.spans_at(qt)] == ["GPE", "EVENT"]  # innermost first
    win.article.viewport().update()
    qtbot.waitUntil(lambda: win.article.paint_count > 0)
    assert win.article.paint_count == 2
    win.close()
