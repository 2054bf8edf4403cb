"""Deleting a span withdraws the lesson it taught (unless another span still teaches it); undo restores it.

Before, the memory kept phrase -> label after the span that taught it was deleted as a mistake,
and went on applying it to other documents.
"""

from __future__ import annotations

from typing import Any

from annotator import commands, history, memory
from annotator.store import Store, open_project


def _learned(store: Store) -> list[tuple[str, str, int]]:
    """The memory list as the dialog and `annotator memory` show it: phrase, label, count."""
    return [(e.phrase, e.shown_label, e.count) for e in memory.entries(store)]


def _run(store: Store, command: commands.Command) -> commands.Command:
    wrapped = memory.teach(command)
    commands.execute(store, wrapped, annotator="ana")
    return wrapped


def _span_at(store: Store, doc: int, phrase: str, nth: int = 0) -> int:
    text = store.document_row(doc)["text"]
    return [s.id for s in store.spans(doc) if text[s.start:s.end] == phrase][nth]


def test_deleting_the_span_that_taught_withdraws_the_lesson_and_undo_restores_it(
        project: Store, add_suggested: Any) -> None:
    here = add_suggested("Drones hit Kyiv.")
    add = _run(project, commands.AddSpan(here, 11, 15, "PERSON"))  # a slip: Kyiv is no person
    taught = memory.entries(project)
    assert _learned(project) == [("Kyiv", "PERSON", 1)]
    delete = _run(project, commands.DeleteSpan(here, add.span_id))
    assert _learned(project) == []
    commands.undo(project, delete)
    assert memory.entries(project) == taught  # the same entry: id, count, who and when
    commands.redo(project, delete)
    assert _learned(project) == []


def test_a_lesson_another_span_still_teaches_stays(project: Store, add_suggested: Any) -> None:
    first = add_suggested("Drones hit Kyiv.")
    second = add_suggested("Sirens in Kyiv.", ("Kyiv", "PERSON"))
    add = _run(project, commands.AddSpan(first, 11, 15, "GPE"))
    _run(project, commands.relabel(second, [_span_at(project, second, "Kyiv")], "GPE"))
    assert _learned(project) == [("Kyiv", "GPE", 2)]
    delete = _run(project, commands.DeleteSpan(first, add.span_id))
    assert _learned(project) == [("Kyiv", "GPE", 1)]  # the relabelled span in the second document still says so
    commands.undo(project, delete)
    assert _learned(project) == [("Kyiv", "GPE", 2)]
    commands.redo(project, delete)
    _run(project, commands.DeleteSpan(second, _span_at(project, second, "Kyiv")))
    assert _learned(project) == []


def test_a_deleted_rejection_withdraws_its_not_lesson(project: Store, add_suggested: Any) -> None:
    doc = add_suggested("Sirens in Kyiv.", ("Kyiv", "PERSON"))
    span = _span_at(project, doc, "Kyiv")
    _run(project, commands.reject(doc, [span]))
    assert _learned(project) == [("Kyiv", "✗PERSON", 1)]
    delete = _run(project, commands.DeleteSpan(doc, span))
    assert _learned(project) == []
    commands.undo(project, delete)
    assert _learned(project) == [("Kyiv", "✗PERSON", 1)]


def test_a_withdrawn_lesson_no_longer_outvotes_a_new_one_elsewhere(project: Store, add_suggested: Any) -> None:
    text = "Kyiv and Kyiv again."
    slip = add_suggested(text)
    unreviewed = add_suggested("Night over Kyiv.", ("Kyiv", "LOC"))
    adds = [_run(project, commands.AddSpan(slip, start, start + 4, "PERSON")) for start in (0, 9)]
    assert [s.label for s in project.spans(unreviewed)] == ["PERSON"]  # the slip spread here
    for add in adds:
        _run(project, commands.DeleteSpan(slip, add.span_id))
    # Taught once elsewhere: Kyiv is a GPE. The withdrawn PERSON (taught twice) no longer outvotes it.
    other = add_suggested("Sirens in Kyiv.", ("Kyiv", "PERSON"), status="in_progress")
    _run(project, commands.relabel(other, [_span_at(project, other, "Kyiv")], "GPE"))
    assert [(s.label, s.origin) for s in project.spans(unreviewed)] == [("GPE", "memory")]
    assert _learned(project) == [("Kyiv", "GPE", 1)]


def test_deleting_a_span_that_taught_nothing_leaves_the_memory_alone(project: Store, add_suggested: Any) -> None:
    doc = add_suggested("Drones hit Kyiv. Kyiv again.", ("Kyiv", "GPE"), ("Kyiv", "GPE", 1))
    _run(project, commands.AddSpan(doc, 0, 6, "WEAPON"))
    before = memory.entries(project)
    _run(project, commands.DeleteSpan(doc, _span_at(project, doc, "Kyiv")))  # only a suggestion
    assert memory.entries(project) == before


def test_the_withdrawal_is_undone_after_a_restart_too(project: Store, add_suggested: Any) -> None:
    here = add_suggested("Drones hit Kyiv.")
    add = _run(project, commands.AddSpan(here, 11, 15, "PERSON"))
    taught = memory.entries(project)
    _run(project, commands.DeleteSpan(here, add.span_id))
    path = project.path
    project.close()
    reopened = open_project(path, create=False)
    try:
        done, _ = history.restore_stack(reopened.conn)
        commands.undo(reopened, commands.Restored(done[-1]))  # the deletion, from the log
        assert memory.entries(reopened) == taught
        assert [s.label for s in reopened.spans(here)] == ["PERSON"]
    finally:
        reopened.close()


def test_undo_after_the_lesson_was_taught_again_keeps_both(project: Store, add_suggested: Any) -> None:
    here = add_suggested("Drones hit Kyiv.")
    add = _run(project, commands.AddSpan(here, 11, 15, "GPE"))
    _run(project, commands.AddSpan(here, 0, 6, "WEAPON"))  # later ids: the new lesson gets a new id
    delete = _run(project, commands.DeleteSpan(here, add.span_id))
    elsewhere = add_suggested("Sirens in Kyiv.", status="in_progress")
    _run(project, commands.AddSpan(elsewhere, 10, 14, "GPE"))  # taught again meanwhile
    commands.undo(project, delete)
    assert _learned(project) == [("Drones", "WEAPON", 1), ("Kyiv", "GPE", 2)]
    assert [s.label for s in project.spans(here)] == ["WEAPON", "GPE"]
