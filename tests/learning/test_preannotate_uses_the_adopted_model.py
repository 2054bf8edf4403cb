"""Once a model is adopted it is the project's model: `annotator preannotate` uses it unless a model is
named (the app's pre-annotation: tests/ui/test_preannotate_with_the_adopted_model.py); back on the base model, the default load order applies again."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.cli import main
from annotator.documents import Document
from annotator.learning import LearnOptions, learn, use_model
from annotator.preannotate import model_id, resolve_model
from annotator.store import Store
from learning_data import TINY, fill


def _import(project: Store, text: str) -> int:
    with project.transaction():
        return project.add_document(Document(text, title=text[:40])).doc_id


@pytest.mark.model
def test_preannotate_uses_the_adopted_model(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
) -> None:
    fill(add_reviewed, add_suggested)
    report, _ = learn(project, LearnOptions(**TINY), force=True)
    assert report is not None and report.adopted
    db = str(project.path)

    first = _import(project, "Russia fired a Kalibr missile at Odesa on Monday.")
    assert main(["preannotate", db]) == 0
    assert "learned_1" in project.document_row(first)["preannotated_with"]

    named = _import(project, "Ukraine shot down Shahed drones over Kyiv.")
    assert main(["preannotate", db, "--model", resolve_model(None)]) == 0  # a named model wins
    assert "learned" not in project.document_row(named)["preannotated_with"]

    use_model(project, None)
    base = _import(project, "Hamas fired rockets at Tel Aviv.")
    assert main(["preannotate", db]) == 0
    import spacy

    expected = model_id(spacy.load(resolve_model(None)))
    assert project.document_row(base)["preannotated_with"] == expected
