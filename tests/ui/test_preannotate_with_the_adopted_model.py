"""The app pre-annotates new imports with the project's adopted model when no model is named (--model, Settings)."""

from __future__ import annotations

import pytest

from annotator.documents import Document
from annotator.learning import models_dir
from annotator.preannotate import load_model
from annotator.store import Store
from ui.workers import PreannotateWorker


@pytest.mark.model
def test_the_window_pre_annotates_new_imports_with_the_adopted_model(project: Store) -> None:
    nlp = load_model()  # stands in for a learned model: saved beside the project, recorded, adopted
    nlp.meta["name"] = "learned_1"
    folder = models_dir(project.path) / "model-1"
    folder.parent.mkdir()
    nlp.to_disk(folder)
    project.add_model(number=1, path=str(folder.relative_to(project.path.parent)), name="learned_1",
                      base_model="base", seed=0, epochs=1, document_ids=[], held_out_ids=[], scores={}, f1=0.9,
                      previous_f1=0.8, adopted=True, seconds=1.0)
    with project.transaction():
        doc_id = project.add_document(Document("Russia fired a Kalibr missile at Odesa.", title="Odesa")).doc_id

    worker = PreannotateWorker(project.path, None)  # no --model, no model in Settings
    assert worker.work() >= 1
    assert "learned_1" in project.document_row(doc_id)["preannotated_with"]
