"""Choosing an id teaches phrase -> id, applied at once to the untouched suggestions of the phrase in
documents nobody reviewed (when the id fits their label), in the same transaction: undo takes it back,
and nothing a person decided changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from annotator import commands
from annotator.documents import Document, Span
from annotator.kb import import_actor_list
from annotator.store import Store

OLD = "2001-01-01T00:00:00.000+00:00"


def _dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    q = store.conn.execute
    return {t: q(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("documents", "spans", "memory", "memory_ids")}


def _doc(store: Store, text: str, spans: list[tuple[str, int, str, str, str | None]], status: str = "new") -> int:
    """A pre-annotated document with spans (phrase, nth occurrence, label, status, kb_id); origin model
    for suggestions, import for the others (a Prodigy reject or accept leaves a document new)."""
    rows = []
    for phrase, nth, label, span_status, kb_id in spans:
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        rows.append(Span(start, start + len(phrase), label, origin="model" if span_status == "suggested" else "import",
                         status=span_status, kb_id=kb_id, kb_score=0.7 if kb_id else None))
    with store.transaction():
        doc_id = store.add_document(Document(text, title=text[:30])).doc_id
        store.insert_spans(doc_id, rows)
        store.update_document(doc_id, status=status, preannotated_at=OLD)
        store.conn.execute("UPDATE spans SET created_at = ?, updated_at = ? WHERE doc_id = ?", (OLD, OLD, doc_id))
    return doc_id


def _ids(store: Store, doc_id: int) -> list[tuple[str, str, str, str, str | None, float | None, str]]:
    text = store.document_row(doc_id)["text"]
    return [(text[s.start:s.end], s.label, s.status, s.origin, s.kb_id, s.kb_score,
             store.span_row(s.id)["updated_at"]) for s in store.spans(doc_id)]


PARIS_FR, PARIS_TX = "geonames:2988507", "geonames:4717560"


def test_a_chosen_place_id_reaches_unreviewed_suggestions_and_undo_takes_it_back(project: Store) -> None:
    here = _doc(project, "Storms hit Paris.", [("Paris", 0, "GPE", "suggested", PARIS_FR)])
    new = _doc(project, "Paris flooded. Paris again. Paris, said Paris. In Paris.", [
        ("Paris", 0, "GPE", "suggested", PARIS_FR),  # gets the learned id
        ("Paris", 1, "LOC", "suggested", None),  # a place label too: gets it
        ("Paris", 2, "PERSON", "suggested", None),  # a GeoNames id does not fit a person
        ("Paris", 3, "GPE", "accepted", PARIS_FR),  # a person's decisions stay
        ("Paris", 4, "GPE", "rejected", None),
    ])
    started = _doc(project, "Paris at noon.", [("Paris", 0, "GPE", "suggested", PARIS_FR)], status="in_progress")
    done = _doc(project, "Paris at dusk.", [("Paris", 0, "GPE", "suggested", PARIS_FR)], status="done")
    edited = _doc(project, "Paris at dawn.", [("Paris", 0, "GPE", "suggested", PARIS_FR)])
    with project.transaction():  # a suggestion someone edited (made nominal) is theirs, though still suggested
        project.conn.execute("UPDATE spans SET kind = 'nominal', annotator = 'bo', updated_at = '2002-01-01' "
                             "WHERE doc_id = ?", (edited,))
    before = _dump(project)
    seen = {d: _ids(project, d) for d in (new, started, done, edited)}

    (span_id,) = [s.id for s in project.spans(here)]
    command = commands.set_kb_id(here, [span_id], PARIS_TX)
    changes = commands.execute(project, command, annotator="ana")

    got = _ids(project, new)
    assert got[0] == ("Paris", "GPE", "suggested", "model", PARIS_TX, 1.0, OLD)  # label, origin, time as they were
    assert got[1] == ("Paris", "LOC", "suggested", "model", PARIS_TX, 1.0, OLD)
    assert got[2:] == seen[new][2:]
    for other in (started, done, edited):
        assert _ids(project, other) == seen[other]
    assert changes.other_doc_ids == {new}
    payload = orjson.loads(project.conn.execute("SELECT payload FROM history").fetchone()[0])
    assert payload["memory"]["ids_taught"] == [["Paris", PARIS_TX]] and payload["memory"]["other_doc_ids"] == [new]
    applied = _dump(project)

    undone = commands.undo(project, command, annotator="ana")
    assert _dump(project) == before
    assert new in undone.other_doc_ids
    commands.redo(project, command, annotator="ana")
    assert [r[:-3] for r in _dump(project)["spans"]] == [r[:-3] for r in applied["spans"]]
    assert _ids(project, new)[:2] == got[:2]


def test_an_actor_id_reaches_only_the_label_its_entry_is_typed_with(project: Store, tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_text("a:7,Hamas,,ORG,the movement\n", encoding="utf-8")
    import_actor_list(project, tmp_path / "actors.csv")
    here = _doc(project, "Hamas said no.", [("Hamas", 0, "ORG", "suggested", None)])
    new = _doc(project, "Hamas said yes. Hamas fighters.", [("Hamas", 0, "ORG", "suggested", None),
                                                           ("Hamas", 1, "NORP", "suggested", None)])
    (span_id,) = [s.id for s in project.spans(here)]
    commands.execute(project, commands.set_kb_id(here, [span_id], "a:7"), annotator="ana")
    assert [(label, kb_id, score) for _, label, _, _, kb_id, score, _ in _ids(project, new)] == [
        ("ORG", "a:7", 1.0), ("NORP", None, None)]

    # NIL (no entry exists) fits every label: chosen for a NORP "Hamas", it reaches another one.
    (norp,) = [s.id for s in project.spans(new) if s.label == "NORP"]
    other = _doc(project, "Hamas again.", [("Hamas", 0, "NORP", "suggested", None)])
    commands.execute(project, commands.set_kb_id(new, [norp], "NIL"), annotator="ana")
    assert [(label, kb_id) for _, label, _, _, kb_id, _, _ in _ids(project, other)] == [("NORP", "NIL")]
