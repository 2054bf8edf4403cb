"""Re-suggesting with a learned model replaces untouched suggestions and leaves every human decision as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.documents import Span
from annotator.learning import LearnOptions, learn, models_dir
from annotator.store import Store
from learning_data import TINY, fill


def _rows(path: Path, doc_id: int) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute('SELECT id, start, "end", label, origin, status, annotator, updated_at, model FROM spans'
                            " WHERE doc_id = ? ORDER BY id", (doc_id,)).fetchall()
    finally:
        conn.close()


@pytest.mark.model
def test_resuggestion_leaves_every_human_decision(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int], nlp: object,
) -> None:
    done, new = fill(add_reviewed, add_suggested)
    target = new[0]
    spans = {s.label + ":" + str(s.start): s for s in project.spans(target)}
    accepted, rejected, edited = (spans[k] for k in sorted(spans)[:3])
    with project.transaction():  # decisions a person made, in a document still marked new (another window)
        project.update_span(accepted.id, status="accepted", annotator="ana")
        project.update_span(rejected.id, status="rejected", annotator="ana")
        project.update_span(edited.id, kind="nominal", annotator="ana")
        project.insert_spans(target, [Span(27, 32, "LOC", origin="human", status="accepted", annotator="ana")])
    second = {s.label + ":" + str(s.start): s for s in project.spans(new[1])}
    by_memory = second[sorted(second)[0]]
    with project.transaction():  # what the correction memory did to an unreviewed suggestion: still machine-made
        project.update_span(by_memory.id, label="ORG", origin="memory", score=None)
    human = {row[0]: row for row in _rows(project.path, target) if row[6] == "ana"}
    reviewed_before = {doc_id: _rows(project.path, doc_id) for doc_id in done}

    report, count = learn(project, LearnOptions(**TINY), force=True)

    assert report is not None and report.number == 1
    after = {row[0]: row for row in _rows(project.path, target)}
    for span_id, row in human.items():
        assert after[span_id] == row  # untouched: same label, status, boundaries, time
    machine = [row for row in after.values() if row[6] is None]
    assert report.adopted  # at least as good on the held-back document (seeded)
    assert count == len(new)
    assert machine and all("learned_1" in str(row[8]) for row in machine)
    assert all("learned_1" in project.document_row(doc_id)["preannotated_with"] for doc_id in new)
    for span_id, row in human.items():  # no second span on the characters of a kept one
        assert [r for r in after.values() if (r[1], r[2]) == (row[1], row[2])] == [after[span_id]]
    assert by_memory.id not in {row[0] for row in _rows(project.path, new[1])}  # replaced with the rest
    assert {doc_id: _rows(project.path, doc_id) for doc_id in done} == reviewed_before
    assert (models_dir(project.path) / "model-1" / "meta.json").is_file()
    (record,) = project.models()
    assert sorted(record.document_ids + record.held_out_ids) == sorted(done)
    assert record.seed == TINY["seed"] and record.epochs == TINY["epochs"]
    assert set(record.scores["model"]["per_label"]) >= {"GPE"}
