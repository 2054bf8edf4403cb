"""Regression: a background worker must outlive its thread (it was garbage-collected mid-run: segfault)."""

import gc

from annotator.store import open_project
from ui.main_window import MainWindow


def test_workers_survive_garbage_collection(qtbot, project):
    for _ in range(8):
        win = MainWindow(open_project(project.path), annotator="tester", preannotate=False)
        qtbot.addWidget(win)
        gc.collect()  # with no reference kept, the tokenizer warm-up worker was deleted here
        assert all(worker is not None for worker in win.jobs.workers.values())
        qtbot.waitUntil(lambda w=win: not w.jobs.threads, timeout=30_000)  # ran to the end without crashing
        win.close()
