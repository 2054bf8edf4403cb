"""Relabelling a suggestion teaches phrase -> label: remembered, applied at once to the suggestions of
documents not yet reviewed (and to no others), and undone exactly with the relabel."""

from __future__ import annotations

from typing import Any

import orjson

from annotator import commands, memory
from annotator.store import Store

TEXT = "Officials in Kyiv said Kyiv was hit overnight."


def _dump(store: Store) -> dict[str, list[tuple]]:
    q = store.conn.execute
    return {t: q(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("documents", "spans", "arguments", "memory")}


def _labels(store: Store, doc_id: int) -> list[tuple[str, str, str, str]]:
    text = store.document_row(doc_id)["text"]
    return [(text[s.start:s.end], s.label, s.origin, s.status) for s in store.spans(doc_id)]


def _kyiv(store: Store, doc_id: int) -> int:
    return next(s.id for s in store.spans(doc_id) if s.start == TEXT.index("Kyiv"))


def _corpus(add_suggested: Any) -> dict[str, int]:
    return {
        "here": add_suggested(TEXT, ("Kyiv", "PERSON"), ("Kyiv", "PERSON", 1)),
        "new": add_suggested("Kyiv residents sheltered. " + TEXT, ("Kyiv", "PERSON"), ("Kyiv", "ORG", 1),
                             ("Kyiv", "PERSON", 2)),
        "unseen": add_suggested("Rain in Kyiv today.", ("Kyiv", "GPE")),
        "started": add_suggested("Kyiv again.", ("Kyiv", "PERSON"), status="in_progress"),
        "done": add_suggested("And Kyiv.", ("Kyiv", "PERSON"), status="done"),
    }


def test_relabel_teaches_and_propagates_to_new_documents_only(project: Store, add_suggested: Any) -> None:
    docs = _corpus(add_suggested)
    before = {name: _labels(project, d) for name, d in docs.items()}
    command = memory.teach(commands.relabel(docs["here"], [_kyiv(project, docs["here"])], "GPE"))
    changes = commands.execute(project, command, annotator="ana")

    (entry,) = memory.entries(project)
    assert (entry.phrase, entry.label, entry.kind, entry.count, entry.enabled, entry.source) == (
        "Kyiv", "GPE", "is", 1, True, "relabel")
    assert entry.first_by == entry.last_by == "ana" and entry.first_at == entry.last_at
    # Every suggested "Kyiv" of the new document now says GPE, whatever the model said; origin memory.
    assert _labels(project, docs["new"]) == [("Kyiv", "GPE", "memory", "suggested")] * 3
    assert _labels(project, docs["unseen"]) == before["unseen"]  # already right: left as the model made it
    # Documents being or already reviewed are the analyst's: untouched, and so is the rest of this one.
    for name in ("started", "done"):
        assert _labels(project, docs[name]) == before[name]
    assert _labels(project, docs["here"]) == [("Kyiv", "GPE", "model", "accepted"), ("Kyiv", "PERSON", "model", "suggested")]
    assert project.document_row(docs["new"])["status"] == "new"
    assert changes.doc_id == docs["here"] and changes.other_doc_ids == {docs["new"]}
    payload = orjson.loads(project.conn.execute("SELECT payload FROM history").fetchone()[0])
    assert payload["memory"] == {"taught": [["Kyiv", "GPE", "is", "relabel"]], "other_doc_ids": [docs["new"]]}


def test_undo_restores_every_row_and_redo_repeats_it(project: Store, add_suggested: Any) -> None:
    docs = _corpus(add_suggested)
    with project.transaction():  # backdate, so a revert that stamps "now" cannot pass by luck
        project.conn.execute("UPDATE spans SET updated_at = '2001-01-01T00:00:00.000+00:00'")
    before = _dump(project)
    command = memory.teach(commands.relabel(docs["here"], [_kyiv(project, docs["here"])], "GPE"))
    commands.execute(project, command, annotator="ana")
    applied = _dump(project)
    changes = commands.undo(project, command, annotator="ana")
    assert _dump(project) == before
    assert changes.other_doc_ids == {docs["new"]}
    commands.redo(project, command, annotator="ana")
    redone = _dump(project)
    assert [r[0] for r in redone["memory"]] == [r[0] for r in applied["memory"]]  # same entry id
    assert [r[:8] for r in redone["spans"]] == [r[:8] for r in applied["spans"]]  # same rows but timestamps


def test_teaching_again_counts_and_accepting_reinforces(project: Store, add_suggested: Any) -> None:
    first = add_suggested(TEXT, ("Kyiv", "PERSON"))
    second = add_suggested("Kyiv woke to sirens.", ("Kyiv", "PERSON"))
    third = add_suggested("Kyiv rebuilt.", ("Kyiv", "GPE"), ("rebuilt", "EVENT"))
    commands.execute(project, memory.teach(commands.relabel(first, [_kyiv(project, first)], "GPE")), annotator="ana")
    second_span = project.spans(second)[0].id
    commands.execute(project, memory.teach(commands.relabel(second, [second_span], "GPE")), annotator="bo")
    assert [(e.count, e.first_by, e.last_by) for e in memory.entries(project)] == [(2, "ana", "bo")]
    # Accepting a suggestion confirms what is known; it never creates an entry of its own.
    accept = memory.teach(commands.accept(third, [s.id for s in project.spans(third)]))
    commands.execute(project, accept, annotator="cy")
    assert [(e.phrase, e.count, e.last_by) for e in memory.entries(project)] == [("Kyiv", 3, "cy")]
    commands.undo(project, accept)
    assert [(e.count, e.last_by) for e in memory.entries(project)] == [(2, "bo")]


def test_only_a_suggestion_whose_label_changes_teaches(project: Store, add_suggested: Any) -> None:
    doc = add_suggested(TEXT, ("Kyiv", "PERSON"), ("Kyiv", "GPE", 1))
    kyiv, other = (s.id for s in project.spans(doc))
    commands.execute(project, commands.accept(doc, [kyiv]))
    # Relabelling an accepted span (the analyst correcting themselves), moving a span or relabelling
    # to the label it has teaches nothing.
    for command in (commands.relabel(doc, [kyiv], "GPE"), commands.relabel(doc, [other], "GPE"),
                    commands.move_span(doc, other, 23, 31)):
        commands.execute(project, memory.teach(command), annotator="ana")
    assert memory.entries(project) == []
    # A deletion teaches nothing either (it may only withdraw what its span taught: nothing here).
    commands.execute(project, memory.teach(commands.DeleteSpan(doc, kyiv)), annotator="ana")
    assert memory.entries(project) == [] and [s.id for s in project.spans(doc)] == [other]


def test_a_relabel_never_leaves_two_spans_with_the_same_range_and_label(project: Store, add_suggested: Any) -> None:
    here = add_suggested(TEXT, ("Kyiv", "PERSON"))
    new = add_suggested("Kyiv hit.", ("Kyiv", "PERSON"), ("Kyiv", "GPE"))
    command = memory.teach(commands.relabel(here, [_kyiv(project, here)], "GPE"))
    commands.execute(project, command)
    assert _labels(project, new) == [("Kyiv", "GPE", "model", "suggested")]  # the PERSON twin goes
    lessons = memory.Lessons(best={"Kyiv": "GPE"})
    import spacy

    from annotator.documents import Span

    revised = lessons.revise(spacy.blank("en")("Kyiv hit."), [Span(0, 4, "PERSON"), Span(0, 4, "GPE")])
    assert [(s.label, s.origin) for s in revised] == [("GPE", "memory")]
