"""Choosing an id teaches phrase -> id: undo takes the lesson back, and later pre-annotations give
the phrase that id before the gazetteer's guess (Paris, Texas in a team that means it)."""

from __future__ import annotations

from pathlib import Path

from annotator import commands
from annotator.documents import Document, Span
from annotator.store import memory_rows, open_project


def test_phrase_to_id_is_learned_undone_and_applied(tmp_path: Path) -> None:
    import spacy

    from annotator.preannotate import preannotate

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Paris"}])
    with open_project(tmp_path / "p.db") as store:
        with store.transaction():
            doc = store.add_document(Document("Storms hit Paris.")).doc_id
            (span_id,) = store.insert_spans(doc, [Span(11, 16, "GPE", origin="model", kb_id="geonames:2988507",
                                                       kb_score=0.7)])
        command = commands.set_kb_id(doc, [span_id], "geonames:4717560")
        commands.execute(store, command, annotator="ana")
        assert memory_rows.learned_ids(store) == {"Paris": "geonames:4717560"}
        commands.undo(store, command, annotator="ana")
        assert memory_rows.learned_ids(store) == {}
        commands.redo(store, command, annotator="ana")
        assert memory_rows.learned_ids(store) == {"Paris": "geonames:4717560"}

        with store.transaction():
            new = store.add_document(Document("Floods reached Paris overnight.")).doc_id
            store.conn.execute("UPDATE documents SET preannotated_at = 't' WHERE id = ?", (doc,))
        preannotate(store, nlp=nlp)
        (span,) = store.spans(new)
        assert (span.kb_id, span.kb_score) == ("geonames:4717560", 1.0)


def test_pre_annotation_gives_a_learned_id_only_to_labels_it_fits(tmp_path: Path) -> None:
    from annotator.learned_ids import LearnedIds

    with open_project(tmp_path / "p.db") as store:
        with store.transaction():
            doc = store.add_document(Document("Storms hit Paris.")).doc_id
            (span_id,) = store.insert_spans(doc, [Span(11, 16, "GPE", origin="model")])
        commands.execute(store, commands.set_kb_id(doc, [span_id], "geonames:4717560"), annotator="ana")
        text = "Paris met Paris."
        linked = LearnedIds.load(store).link(text, [Span(0, 5, "PERSON", origin="model"),
                                                    Span(10, 15, "LOC", origin="model")])
        assert [(s.kb_id, s.kb_score) for s in linked] == [(None, None), ("geonames:4717560", 1.0)]
