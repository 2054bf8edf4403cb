"""View → Models learned… lists the project's models with their figures and goes back to one in the background."""

from __future__ import annotations

import annotator.learning.process
from annotator.store import open_project
from ui.models_dialog import ModelsDialog


def _add(project, number: int, *, adopted: bool) -> None:
    project.add_model(number=number, path=f"project-models/model-{number}", name=f"learned_{number}",
                      base_model="en_core_web_sm", seed=0, epochs=10, document_ids=[1], held_out_ids=[2],
                      scores={"model": None, "in_use": None}, f1=0.7 + number / 100, previous_f1=0.7,
                      adopted=adopted, seconds=12.0)


def test_models_listed_and_an_earlier_one_used(window, project, qtbot, monkeypatch):
    _add(project, 1, adopted=True)
    _add(project, 2, adopted=True)
    calls: list[int | None] = []

    def run_round(path, options, *, use=None, on_step=None, should_stop=None):  # noqa: ANN001, ANN202
        calls.append(use)
        with open_project(path, create=False) as store:
            store.use_model(use or None)
        return None, 2

    monkeypatch.setattr(annotator.learning.process, "run_round", run_round)
    window.jobs.show_models()
    dialog = window.findChild(ModelsDialog, "models_dialog")
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    assert table.rowCount() == 2
    assert [table.item(r, 1).text() for r in range(2)] == ["", "yes"]  # model 2 is in use
    assert table.item(0, 6).text() == "0.710"

    table.selectRow(0)
    dialog.use_button.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert calls == [1]
    assert window.status_bar.progress_label.text() == "Model in use: model 1; 2 documents re-suggested"
    in_use = project.model_in_use()
    assert in_use is not None and in_use.id == 1
