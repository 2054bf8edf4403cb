"""A span added by hand teaches phrase -> label and is suggested at every whole-token occurrence of the
phrase in documents not yet reviewed: case-sensitive, never inside a longer token or an existing span."""

from __future__ import annotations

from typing import Any

from annotator import commands, memory
from annotator.store import Store

NEW = ("Kyivstar said KYIV and kyiv users lost service; Kyiv's mayor spoke in Kyiv Oblast, "
       "then in Kyiv.\nKyiv")


def _dump(store: Store) -> dict[str, list[tuple]]:
    q = store.conn.execute
    return {t: q(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("documents", "spans", "memory")}


def _spans(store: Store, doc_id: int) -> list[tuple[int, str, str, str, str]]:
    text = store.document_row(doc_id)["text"]
    return [(s.start, text[s.start:s.end], s.label, s.origin, s.status) for s in store.spans(doc_id)]


def _at(text: str, word: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start


def test_added_span_is_suggested_at_whole_token_occurrences_only(project: Store, add_suggested: Any) -> None:
    here = add_suggested("Drones hit Kyiv.")
    new = add_suggested(NEW, ("Kyiv Oblast", "LOC"), ("Kyiv", "PERSON", 4))
    reviewed = add_suggested("Kyiv at night.", status="done")
    before = _dump(project)
    command = memory.teach(commands.AddSpan(here, 11, 15, "GPE"))
    changes = commands.execute(project, command, annotator="ana")

    (entry,) = memory.entries(project)
    assert (entry.phrase, entry.label, entry.kind, entry.source) == ("Kyiv", "GPE", "is", "add")
    memory_spans = [(start, origin) for start, word, label, origin, _ in _spans(project, new) if label == "GPE"]
    # "Kyiv's" (the token "Kyiv" then "'s"), "then in Kyiv." and the last line; not Kyivstar, KYIV, kyiv,
    # nor the "Kyiv" inside the suggested "Kyiv Oblast". The PERSON suggestion over the last line's
    # "Kyiv" is relabelled rather than doubled.
    assert memory_spans == [(_at(NEW, "Kyiv's"), "memory"), (_at(NEW, "Kyiv.") , "memory"),
                            (_at(NEW, "\nKyiv") + 1, "memory")]
    assert ("Kyiv Oblast", "LOC") in [(w, lab) for _, w, lab, _, _ in _spans(project, new)]
    assert all(status == "suggested" for *_, status in _spans(project, new))
    assert _spans(project, reviewed) == []
    assert changes.span_ids == {command.span_id} and changes.other_doc_ids == {new}

    added = [s for s in project.spans(new) if s.origin == "memory"]
    commands.undo(project, command)
    assert _dump(project) == before
    commands.redo(project, command)
    assert [s.id for s in project.spans(new) if s.origin == "memory"] == [s.id for s in added]  # same ids


def test_labelling_a_suggestion_with_its_own_label_is_an_accept(project: Store, add_suggested: Any) -> None:
    here = add_suggested("Drones hit Kyiv.", ("Kyiv", "GPE"))
    new = add_suggested("Kyiv again.")
    commands.execute(project, memory.teach(commands.AddSpan(here, 11, 15, "GPE")))
    assert memory.entries(project) == [] and project.spans(new) == []
    # Labelling it otherwise is a relabel of the suggestion.
    other = add_suggested("Sirens in Kyiv.", ("Kyiv", "GPE"))
    commands.execute(project, memory.teach(commands.AddSpan(other, 10, 14, "LOC")))
    assert [(e.label, e.source) for e in memory.entries(project)] == [("LOC", "relabel")]
    assert _spans(project, new) == [(0, "Kyiv", "LOC", "memory", "suggested")]


def test_spans_that_are_not_names_teach_nothing(project: Store, add_suggested: Any) -> None:
    text = "Drones hit the port.\nOfficials said " + "the long avenue that runs along the river " * 3
    here = add_suggested(text)
    across = text.index("port.\nOfficials")
    for start, end in ((across, across + 16), (36, len(text) - 1)):  # across a line break; over 100 characters
        commands.execute(project, memory.teach(commands.AddSpan(here, start, end, "LOC")))
    assert memory.entries(project) == []
    assert memory.phrase_of(" Kyiv", 0, 5) is None and memory.phrase_of("Kyiv", 0, 4) == "Kyiv"
