"""A learning child process that dies (killed while training) gives a clear error, and the project is as it was."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable

import pytest

from annotator.learning import LearnOptions
from annotator.learning.process import LearnProcessError, run_round
from annotator.store import Store
from learning_data import TINY, fill


@pytest.mark.model
def test_a_crashed_child_loses_nothing(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
) -> None:
    done, new = fill(add_reviewed, add_suggested)
    before = {doc_id: (project.spans(doc_id), project.document_row(doc_id)["preannotated_with"])
              for doc_id in done + new}

    def kill_the_child(what: str, _done: int, _total: int) -> None:
        for child in multiprocessing.active_children():
            if child.name == "annotator-learn" and child.pid is not None:
                os.kill(child.pid, signal.SIGKILL)

    with pytest.raises(LearnProcessError, match="ended unexpectedly .*nothing was lost"):
        run_round(project.path, LearnOptions(every=6, **TINY), on_step=kill_the_child)

    assert project.models() == [] and project.model_in_use() is None
    assert {doc_id: (project.spans(doc_id), project.document_row(doc_id)["preannotated_with"])
            for doc_id in done + new} == before
    assert multiprocessing.active_children() == []
