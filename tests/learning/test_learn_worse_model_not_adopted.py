"""A model that scores worse on the held-back documents than the model in use is stored, listed, and not used."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.learning import LearnOptions, learn
from annotator.preannotate import load_model
from annotator.store import Store
from learning_data import TINY, fill


def _load(name: str | None):  # noqa: ANN202 - spacy Language
    """The real pipelines, and "blank": an English pipeline whose ner has learned nothing yet."""
    if name != "blank":
        return load_model(name)
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    nlp.initialize()
    return nlp


@pytest.mark.model
def test_a_worse_model_is_not_adopted(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
) -> None:
    _, new = fill(add_reviewed, add_suggested)
    first, _ = learn(project, LearnOptions(**TINY), force=True, load=_load)
    assert first is not None and first.adopted
    suggestions = {doc_id: project.spans(doc_id) for doc_id in new}

    second, count = learn(project, LearnOptions(**{**TINY, "epochs": 1, "base": "blank"}), force=True, load=_load)

    assert second is not None and not second.adopted
    assert second.f1 is not None and second.previous_f1 is not None and second.f1 < second.previous_f1
    assert "not adopted" in second.summary()
    assert count == 0
    in_use = project.model_in_use()
    assert in_use is not None and in_use.id == 1
    assert [(m.id, m.adopted, m.in_use) for m in project.models()] == [(1, True, True), (2, False, False)]
    assert {doc_id: project.spans(doc_id) for doc_id in new} == suggestions  # nothing re-suggested
