"""A learning round whose child process died says so in the status bar (and in a notice); the window goes on."""

from __future__ import annotations

import annotator.learning.process
from annotator import commands
from annotator.learning.process import LearnProcessError


def test_a_dead_child_is_reported_in_the_status_bar(window, project, qtbot, monkeypatch):
    def run_round(project, options, *, use=None, on_step=None, should_stop=None):  # noqa: ANN001, ANN202
        raise LearnProcessError("The learning process ended unexpectedly (exit code -9); nothing was lost")

    monkeypatch.setattr(annotator.learning.process, "run_round", run_round)
    project.set_setting("learn_every", 1)

    assert window.runner.run(commands.SetDocStatus(1, "done"))

    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert window.status_bar.progress_label.text() == (
        "Learning failed: The learning process ended unexpectedly (exit code -9); nothing was lost")
    assert project.summary(1).status == "done"
