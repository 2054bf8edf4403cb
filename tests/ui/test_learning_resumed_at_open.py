"""The app, opening a project whose re-suggestion was cut short (a round or `learn --use` killed), finishes it
in the background; a project whose documents are all re-suggested starts nothing."""

from __future__ import annotations

from pathlib import Path

import annotator.learning.process
from annotator.learning import models_dir
from annotator.learning.resuggest import RESUGGESTING
from annotator.store import Store
from ui.main_window import MainWindow


def _adopt(project: Store) -> None:
    """A recorded, adopted model in use (its folder only needs to exist): what `learn` leaves before re-suggesting."""
    folder = models_dir(project.path) / "model-1"
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text('{"lang": "en", "name": "learned_1", "version": "0.0.0"}', encoding="utf-8")
    project.add_model(number=1, path=str(folder.relative_to(project.path.parent)), name="learned_1",
                      base_model="base", seed=0, epochs=1, document_ids=[], held_out_ids=[], scores={}, f1=0.9,
                      previous_f1=0.8, adopted=True, seconds=1.0)


def _open(qtbot, project: Store) -> MainWindow:  # noqa: ANN001
    window = MainWindow(project, annotator="tester")  # as `annotator app` opens it
    qtbot.addWidget(window)
    return window


def test_a_cut_short_resuggestion_is_finished_at_open(project, qtbot, monkeypatch) -> None:  # noqa: ANN001
    calls: list[Path] = []

    def run_round(path, options, *, use=None, on_step=None, should_stop=None):  # noqa: ANN001, ANN202
        calls.append(path)
        return None, 2

    monkeypatch.setattr(annotator.learning.process, "run_round", run_round)
    _adopt(project)
    project.set_setting(RESUGGESTING, True)  # killed before re-suggesting its two documents

    window = _open(qtbot, project)
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert calls == [project.path]
    assert window.status_bar.progress_label.text() == "2 documents re-suggested with the project's model"
    window.close()


def test_nothing_starts_when_nothing_was_cut_short(project, qtbot, monkeypatch) -> None:  # noqa: ANN001
    calls: list[Path] = []
    monkeypatch.setattr(annotator.learning.process, "run_round", lambda *a, **k: calls.append(a[0]) or (None, 0))
    _adopt(project)  # documents still carry another model's suggestions, but no re-suggestion was under way

    window = _open(qtbot, project)
    assert not window.busy and calls == []
    window.close()
