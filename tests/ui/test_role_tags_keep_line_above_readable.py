"""Regression (issue 11): role tags (over a selected event's argument spans) no longer cover the line above.

The article leaves room above every line; each tag is drawn there, above its own span.
"""

from PySide6.QtCore import QRectF

from annotator import commands
from annotator import event_commands as ec


def line_rects(view) -> list[QRectF]:
    """Every laid-out line of the article, in viewport coordinates, in text order."""
    rects = []
    block = view.document().firstBlock()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            rects.append(QRectF(line.x(), top + line.y(), line.width(), line.height()))
        block = block.next()
    return rects


def test_role_tags_leave_the_line_above_visible(window, project, qtbot, first_text):
    start = first_text.index("struck")
    attack = ec.AddEvent(1, start, start + len("struck"), "ATTACK")
    assert window.run(attack)
    kharkiv = first_text.index("Kharkiv")  # first word of the second paragraph: a line above it
    add = commands.AddSpan(1, kharkiv, kharkiv + len("Kharkiv"), "GPE")
    assert window.run(add)
    russian = next(s.id for s in project.spans(1) if first_text[s.start : s.end] == "Russian")
    assert window.run(ec.FillRole(1, attack.event_id, "Attacker", russian))
    assert window.run(ec.FillRole(1, attack.event_id, "Target", add.span_id))
    window.select_event(attack.event_id)
    view = window.article
    view.viewport().repaint()
    assert len(view.tag_rects) == 2  # Attacker over "Russian", Target over "Kharkiv"
    lines = line_rects(view)
    assert len(lines) >= 2
    for tag in view.tag_rects:
        below = [i for i, line in enumerate(lines) if abs(line.top() - tag.bottom()) < 0.5]
        assert below, f"tag {tag} is not right above a line"
        own = below[0]
        if own > 0:
            assert not tag.intersects(lines[own - 1]), f"tag {tag} covers the line above {lines[own - 1]}"
        assert not any(tag.adjusted(0, 0, 0, -0.5).intersects(line) for line in lines)  # nor any text at all
    assert any(abs(lines[i].top() - tag.bottom()) < 0.5 and i > 0 for tag in view.tag_rects for i in range(len(lines)))
