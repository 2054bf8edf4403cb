"""With the loop on for the project (the default), marking a document done starts a learning round in the
background, and the status bar says what it did; switched off, nothing starts."""

from __future__ import annotations

import annotator.learning.process
from annotator import commands
from annotator.learning import LearnReport


def _fake_round(calls: list[str]):  # noqa: ANN202
    def run_round(project, options, *, use=None, on_step=None, should_stop=None):  # noqa: ANN001, ANN202
        calls.append(str(project))
        if on_step is not None:
            on_step("epoch 1/10", 1, 2)
        return LearnReport(3, 40, 8, 0.79, 0.71, True, 12.0, 212), 212
    return run_round


def test_marking_done_starts_a_round_when_due(window, project, qtbot, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(annotator.learning.process, "run_round", _fake_round(calls))
    project.set_setting("learn_every", 1)  # the loop is on by default: no learn_in_app setting

    assert window.runner.run(commands.SetDocStatus(1, "done"))

    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert calls == [str(project.path)]
    assert window.status_bar.progress_label.text() == (
        "Model 3, trained on 40 documents: F1 0.71 → 0.79 on 8 held back; 212 documents re-suggested")


def test_nothing_starts_with_the_loop_off(window, project, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(annotator.learning.process, "run_round", _fake_round(calls))
    project.set_setting("learn_in_app", False)  # `annotator learn P --in-app off`
    project.set_setting("learn_every", 1)

    assert window.runner.run(commands.SetDocStatus(1, "done"))

    assert not window.busy and calls == []
