"""With a schema that maps several model labels onto one (CoNLL's PER ORG LOC MISC), the loop trains in the
model's own label names, so the learned model keeps what it knew and still suggests the project's labels."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.learning import LearnOptions, learn, models_dir
from annotator.schema import Schema
from annotator.store import Store
from learning_data import DONE, NEW, TINY

CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC"}
SCHEMA = {"name": "conll", "labels": [{"name": n, "key": k, "color": "#123456"} for n, k in
                                      (("PER", "p"), ("ORG", "o"), ("LOC", "l"), ("MISC", "m"))],
          "map": {**{l: None for l in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                                       "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "WEAPON")}, **CONLL},
          "events": [], "common_roles": []}


@pytest.mark.model
def test_mapped_schema_trains_in_the_models_names(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
) -> None:
    project.set_schema(Schema.from_dict(SCHEMA))
    for text, *gold in DONE:
        add_reviewed(text, *[(p, CONLL[label]) for p, label in gold if label in CONLL])
    new = [add_suggested(text, *[(p, CONLL[label]) for p, label in spans if label in CONLL]) for text, *spans in NEW]

    report, _ = learn(project, LearnOptions(**TINY), force=True)

    assert report is not None and report.adopted
    import spacy

    ner = spacy.load(models_dir(project.path) / "model-1").get_pipe("ner")
    assert "PER" not in ner.labels and "MISC" not in ner.labels  # no label learned from scratch
    labels = {s.label for doc_id in new for s in project.spans(doc_id)}
    assert labels and labels <= {"PER", "ORG", "LOC", "MISC"}
