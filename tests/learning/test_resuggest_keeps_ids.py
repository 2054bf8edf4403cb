"""Re-suggesting unreviewed documents with a learned model gives them the ids pre-annotation gives:
the ids analysts chose for a phrase (before GeoNames' guess) and the actor lists' ids."""

from __future__ import annotations

from pathlib import Path

from annotator import commands
from annotator.documents import Document
from annotator.kb import import_actor_list
from annotator.learning.resuggest import resuggest
from annotator.preannotate import preannotate
from annotator.store import open_project

PARIS_TX = "geonames:4717560"


def _pipeline(name: str):  # noqa: ANN202 - a blank English pipeline that finds Paris and Hamas
    import spacy

    nlp = spacy.blank("en")
    nlp.meta["name"] = name
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Paris"},
                                               {"label": "ORG", "pattern": "Hamas"}])
    return nlp


def test_resuggested_documents_keep_learned_and_actor_ids(tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_text("a:7,Hamas,,ORG,the movement\n", encoding="utf-8")
    with open_project(tmp_path / "p.db") as store:
        import_actor_list(store, tmp_path / "actors.csv")
        with store.transaction():
            here = store.add_document(Document("Storms hit Paris.")).doc_id
            waiting = store.add_document(Document("Hamas said Paris was flooded.")).doc_id
        preannotate(store, nlp=_pipeline("first"))
        (paris,) = store.spans(here)
        assert paris.kb_id == "geonames:2988507"  # GeoNames' guess: Paris, France
        commands.execute(store, commands.set_kb_id(here, [paris.id], PARIS_TX), annotator="ana")

        assert resuggest(store, _pipeline("second")) == 1
        spans = store.spans(waiting)
        assert {s.model for s in spans} == {"en_second-0.0.0"}  # the new model's suggestions
        assert [(s.label, s.kb_id, s.kb_score) for s in spans] == [("ORG", "a:7", 1.0), ("GPE", PARIS_TX, 1.0)]
