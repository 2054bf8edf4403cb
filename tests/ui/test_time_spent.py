"""Each document records the active time spent on it (idle gaps capped), for speed figures."""

from PySide6.QtCore import Qt

from ui.work_clock import WorkClock


def test_time_is_credited_to_the_document_worked_on(window, project, press, monkeypatch):
    clock = iter([100.0, 130.0, 1130.0, 1140.0, 1150.0, 1160.0, 1170.0])
    monkeypatch.setattr("ui.work_clock.time.monotonic", lambda: next(clock))
    window.runner.clock = WorkClock()  # starts at 100
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # 30 s of work on document 1
    press(Qt.Key.Key_A)  # then a 1,000 s pause: counts as 120 s
    press(Qt.Key.Key_PageDown)  # stored when leaving: 10 s more
    spent = dict(project.conn.execute("SELECT id, seconds_spent FROM documents").fetchall())
    assert spent == {1: 30 + 120 + 10, 2: 0}
    stats = project.stats()["time"]
    assert stats["seconds_total"] == 160
