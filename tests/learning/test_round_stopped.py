"""Stopping the app's round (Ctrl+., quitting) ends its child process and leaves the project as it was."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

import pytest

from annotator.learning import LearnOptions
from annotator.learning.process import run_round
from annotator.store import Store
from learning_data import TINY, fill


@pytest.mark.model
def test_a_stopped_round_ends_its_child(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
) -> None:
    done, new = fill(add_reviewed, add_suggested)
    before = {doc_id: (project.spans(doc_id), project.document_row(doc_id)["preannotated_with"])
              for doc_id in done + new}
    steps: list[str] = []

    report, count = run_round(project.path, LearnOptions(every=6, **TINY),
                              on_step=lambda what, _done, _total: steps.append(what),
                              should_stop=lambda: bool(steps))  # stop at the first step the child reports

    assert (report, count) == (None, 0) and steps
    assert multiprocessing.active_children() == []
    assert project.models() == []
    assert {doc_id: (project.spans(doc_id), project.document_row(doc_id)["preannotated_with"])
            for doc_id in done + new} == before
