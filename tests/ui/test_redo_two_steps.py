"""Label a word, delete the span, Ctrl+Z twice, Ctrl+Shift+Z twice: both steps are redone, no false conflict."""

from itertools import count

from PySide6.QtCore import Qt


def test_redo_of_add_then_delete(window, project, press, select, spans_of, first_text, monkeypatch):
    tick = count()

    def stamp() -> str:
        seconds = next(tick)
        return f"2030-01-01T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000+00:00"

    for module in ("annotator.store", "annotator.commands", "annotator.memory"):
        monkeypatch.setattr(f"{module}.now", stamp)  # every stamp later than the last: no luck either way
    warnings: list[str] = []
    monkeypatch.setattr(window.ctx, "notify", lambda title, text: warnings.append(text))

    start = first_text.index("forces")
    select(start, start + len("forces"))
    press(Qt.Key.Key_3)  # a new GPE span, focused
    assert ("forces", "GPE", "accepted") in spans_of(project, 1)
    press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    without = spans_of(project, 1)
    assert "forces" not in [s[0] for s in without]

    for _ in range(2):
        press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "forces" not in [s[0] for s in spans_of(project, 1)]
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ("forces", "GPE", "accepted") in spans_of(project, 1)
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert warnings == []  # was: "Cannot redo “Delete span”: it was changed since, elsewhere"
    assert spans_of(project, 1) == without
    assert (window.undo_stack.count(), window.undo_stack.index()) == (2, 2)  # both steps still on the stack
