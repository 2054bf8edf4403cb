"""Going back to an earlier model (or the base model) makes it the one in use and re-suggests with it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.learning import LearnOptions, learn, use_model
from annotator.store import Store
from annotator.training import TrainError
from learning_data import TINY, fill


@pytest.mark.model
def test_going_back_to_an_earlier_model(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
) -> None:
    _, new = fill(add_reviewed, add_suggested)
    base_suggestions = project.document_row(new[0])["preannotated_with"]
    first, _ = learn(project, LearnOptions(**TINY), force=True)
    assert first is not None and first.adopted

    assert use_model(project, None) == len(new)  # back to the base model
    assert project.model_in_use() is None
    models = {project.document_row(doc_id)["preannotated_with"] for doc_id in new}
    assert len(models) == 1 and "learned" not in models.pop() and base_suggestions == "test_model-1.0.0"

    assert use_model(project, 1) == len(new)  # and on to model 1 again
    in_use = project.model_in_use()
    assert in_use is not None and in_use.id == 1
    assert all("learned_1" in project.document_row(doc_id)["preannotated_with"] for doc_id in new)
    assert use_model(project, 1) == 0  # already its suggestions: nothing to do

    with pytest.raises(TrainError, match="no model 7"):
        use_model(project, 7)
