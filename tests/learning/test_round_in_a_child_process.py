"""The app's round (training and suggesting in a child process, writing in the caller's) does what `learn` does:
the model is recorded and adopted, the unreviewed documents carry its suggestions, the done ones are untouched."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

import pytest

from annotator.learning import LearnOptions
from annotator.learning.process import run_round
from annotator.store import Store
from learning_data import TINY, fill


@pytest.mark.model
def test_a_round_in_a_child_process(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
) -> None:
    done, new = fill(add_reviewed, add_suggested)
    gold = {doc_id: project.spans(doc_id) for doc_id in done}
    steps: list[str] = []

    report, count = run_round(project.path, LearnOptions(every=6, **TINY),
                              on_step=lambda what, _done, _total: steps.append(what))

    assert report is not None and report.adopted and report.number == 1 and count == len(new) == report.resuggested
    (record,) = project.models()
    assert record.in_use and (project.path.parent / record.path / "meta.json").is_file()
    assert all("learned_1" in project.document_row(doc_id)["preannotated_with"] for doc_id in new)
    assert {doc_id: project.spans(doc_id) for doc_id in done} == gold
    assert "epoch 2/2" in steps and "re-suggesting" in steps
    assert multiprocessing.active_children() == []  # the child has ended

    # Going back to the base model the same way: nothing trained, the learned suggestions replaced.
    report, count = run_round(project.path, LearnOptions(**TINY), use=0)
    assert report is None and count == len(new) and project.model_in_use() is None
    assert all("learned" not in project.document_row(doc_id)["preannotated_with"] for doc_id in new)
