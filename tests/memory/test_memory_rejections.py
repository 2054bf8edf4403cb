"""Rejecting a suggestion teaches phrase ✗ label: the same wrong suggestion disappears from documents not
yet reviewed (deleted, with the event roles it filled; undo brings all back), other labels stay."""

from __future__ import annotations

from typing import Any

from annotator import commands, memory
from annotator.documents import Argument, Event
from annotator.store import Store

TEXT = "Protesters marched in Reading on Saturday."


def _dump(store: Store) -> dict[str, list[tuple]]:
    q = store.conn.execute
    return {t: q(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in ("documents", "spans", "events", "arguments", "memory")}


def _labels(store: Store, doc_id: int) -> list[tuple[str, str, str]]:
    text = store.document_row(doc_id)["text"]
    return [(text[s.start:s.end], s.label, s.status) for s in store.spans(doc_id)]


def test_rejection_is_remembered_and_drops_the_suggestion_in_new_documents(project: Store, add_suggested: Any) -> None:
    here = add_suggested(TEXT, ("Reading", "GPE"))
    new = add_suggested("Reading fans cheered. Rain in Reading.", ("Reading", "ORG"), ("Reading", "GPE", 1))
    started = add_suggested("Reading again.", ("Reading", "GPE"), status="in_progress")
    with project.transaction():  # a suggested PROTEST event whose Place is the wrong "Reading"
        place = project.spans(new)[1].id
        project.insert_event(new, Event("PROTEST", 0, 7, origin="rule", arguments=(Argument("Place", place),)))
    before = _dump(project)

    command = memory.teach(commands.reject(here, [project.spans(here)[0].id]))
    changes = commands.execute(project, command, annotator="ana")
    (entry,) = memory.entries(project)
    assert (entry.phrase, entry.shown_label, entry.kind, entry.source, entry.count) == (
        "Reading", "✗GPE", "not", "reject", 1)
    assert _labels(project, new) == [("Reading", "ORG", "suggested")]  # only the GPE one goes
    assert project.conn.execute("SELECT COUNT(*) FROM arguments").fetchone()[0] == 0
    assert _labels(project, started) == [("Reading", "GPE", "suggested")]
    assert _labels(project, here) == [("Reading", "GPE", "rejected")]
    assert changes.other_doc_ids == {new}

    commands.undo(project, command)
    assert _dump(project) == before  # the deleted suggestion and its role, with their ids


def test_a_phrase_confirmed_more_often_than_rejected_keeps_its_label(project: Store, add_suggested: Any) -> None:
    docs = [add_suggested(f"{n} rallies in Reading.", ("Reading", "PERSON")) for n in ("Two", "Three", "Four")]
    for doc in docs[:2]:
        commands.execute(project, memory.teach(commands.relabel(doc, [project.spans(doc)[0].id], "GPE")))
    later = add_suggested("Reading is calm.", ("Reading", "GPE"))
    # One rejection against two confirmations: counted, but "Reading" -> GPE stays in force.
    commands.execute(project, memory.teach(commands.reject(docs[2], [project.spans(docs[2])[0].id])))
    assert {(e.shown_label, e.count) for e in memory.entries(project)} == {("GPE", 2), ("✗GPE", 1)}
    assert _labels(project, later) == [("Reading", "GPE", "suggested")]
    assert memory.Lessons.load(project).best == {"Reading": "GPE"}


def test_rejecting_an_accepted_span_teaches_nothing(project: Store, add_suggested: Any) -> None:
    doc = add_suggested(TEXT, ("Reading", "GPE"))
    span = project.spans(doc)[0].id
    commands.execute(project, commands.accept(doc, [span]))
    commands.execute(project, memory.teach(commands.reject(doc, [span])))
    assert memory.entries(project) == []
