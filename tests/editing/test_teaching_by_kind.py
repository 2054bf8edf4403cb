"""What an action teaches follows from the kind of action alone, not from how the caller ran it.

The window no longer wraps its actions for the memory: the editing session teaches from every
operation it runs. The same action run through a session, through ``commands.execute``, or
wrapped in the older ``memory.teach``, leaves the same memory and the same suggestions
elsewhere; and only corrections of spans teach.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator import commands, event_commands as ec, memory
from annotator.documents import Argument, Document, Event, Span
from annotator.editing.operations import Operation
from annotator.editing.session import EditingSession
from annotator.store import Store, open_project

HERE = "Drones hit Kyiv. Russian troops shelled Kyiv on Monday."
UNREVIEWED = "Sirens in Kyiv at night."


def _project(path: Path) -> tuple[Store, int, int]:
    """A document being corrected (Kyiv suggested as PERSON, an attack) and an unreviewed one."""
    store = open_project(path)
    docs = []
    for text in (HERE, UNREVIEWED):
        spans = [Span(i, i + 4, "PERSON", origin="model") for i in range(len(text)) if text.startswith("Kyiv", i)]
        if text is HERE:
            spans.append(Span(HERE.index("Monday"), HERE.index("Monday") + 6, "DATE", origin="model"))
        with store.transaction():
            docs.append(store.add_document(Document(text, title=text[:20])).doc_id)
        store.store_suggestions([(docs[-1], spans)], model="test_model-1.0.0")
    shelled = HERE.index("shelled")
    with store.transaction():
        store.insert_event(docs[0], Event("ATTACK", shelled, shelled + 7, origin="model", arguments=(
            Argument("Target", _span(store, docs[0], "Kyiv", 1), origin="model"),)))
    return store, docs[0], docs[1]


def _span(store: Store, doc: int, phrase: str, nth: int = 0) -> int:
    text = store.document_row(doc)["text"]
    ids = [s.id for s in store.spans(doc) if text[s.start:s.end] == phrase]
    return int(ids[nth] or 0)


def _event(store: Store, doc: int) -> int:
    return int(store.events(doc)[0].id or 0)


def _at(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = HERE.index(phrase, start + 1)
    return start, start + len(phrase)


# kind -> (the operation on the project, what the memory holds after it: phrase, label as listed, count, source)
CASES: dict[str, tuple[Callable[[Store, int], Operation], list[tuple[str, str, int, str]]]] = {
    "relabel a suggestion": (lambda s, d: commands.relabel(d, [_span(s, d, "Kyiv")], "GPE"),
                             [("Kyiv", "GPE", 1, "relabel")]),
    "reject a suggestion": (lambda s, d: commands.reject(d, [_span(s, d, "Kyiv")]),
                            [("Kyiv", "✗PERSON", 1, "reject")]),
    "label text by hand": (lambda s, d: commands.AddSpan(d, *_at("Russian"), "NORP"),
                           [("Russian", "NORP", 1, "add")]),
    "label a suggestion anew": (lambda s, d: commands.AddSpan(d, *_at("Kyiv"), "GPE"),
                                [("Kyiv", "GPE", 1, "relabel")]),
    "fill a role with new text": (lambda s, d: ec.FillRole(d, _event(s, d), "Attacker",
                                                           new_span=commands.AddSpan(d, *_at("Russian"), "NORP")),
                                  [("Russian", "NORP", 1, "add")]),
    "decide and mark done": (lambda s, d: commands.Composite(d, [
        commands.reject(d, [_span(s, d, "Kyiv")]), commands.SetDocStatus(d, "done")],
        name="finish_document", text="Mark done"), [("Kyiv", "✗PERSON", 1, "reject")]),
    # Accepting confirms what is known: it never makes an entry of its own.
    "accept a suggestion": (lambda s, d: commands.accept(d, [_span(s, d, "Kyiv")]), []),
    "fill a role with a suggestion": (lambda s, d: ec.FillRole(d, _event(s, d), "Target", _span(s, d, "Kyiv")), []),
    # Nothing else teaches.
    "move a boundary": (lambda s, d: commands.move_span(d, _span(s, d, "Kyiv"), *_at("Kyiv")), []),
    "make a nominal mention": (lambda s, d: commands.set_kind(d, [_span(s, d, "Kyiv")], "nominal"), []),
    "mark done": (lambda s, d: commands.SetDocStatus(d, "done"), []),
    "accept an event and its fillers": (lambda s, d: ec.accept_events(d, [_event(s, d)]), []),
    "add an event": (lambda s, d: ec.AddEvent(d, *_at("hit"), "ATTACK"), []),
    "delete a suggestion": (lambda s, d: commands.DeleteSpan(d, _span(s, d, "Kyiv")), []),
}


def _learned(store: Store) -> list[tuple[str, str, int, str]]:
    return [(e.phrase, e.shown_label, e.count, e.source) for e in memory.entries(store)]


def _outcome(store: Store) -> tuple[Any, ...]:
    """What the analyst sees: the memory, and every span and event (time stamps aside)."""
    spans = store.conn.execute('SELECT doc_id, start, "end", label, status, origin, kind FROM spans ORDER BY id')
    events = store.conn.execute("SELECT doc_id, type, status, modality FROM events ORDER BY id")
    arguments = store.conn.execute("SELECT event_id, role, span_id, origin FROM arguments ORDER BY id")
    return _learned(store), spans.fetchall(), events.fetchall(), arguments.fetchall()


def _elsewhere(expected: list[tuple[str, str, int, str]], before: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The unreviewed document's suggestions (label, origin) after the lesson spread to it."""
    if not expected or expected[0][0] != "Kyiv":
        return before  # nothing learned about the phrase it holds
    label = expected[0][1]
    return [] if label.startswith("✗") else [(label, "memory")]


RUNS: dict[str, Callable[[Store, Operation], object]] = {
    "a session": lambda store, op: EditingSession(store, annotator="ana").run(op),
    "commands.execute": lambda store, op: commands.execute(store, op, annotator="ana"),
    "memory.teach, as before": lambda store, op: commands.execute(store, memory.teach(op), annotator="ana"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_what_an_action_teaches_depends_on_its_kind_only(tmp_path: Path, case: str) -> None:
    make, expected = CASES[case]
    outcomes = []
    for n, run in enumerate(RUNS.values()):
        store, doc, unreviewed = _project(tmp_path / f"p{n}.db")
        try:
            others_before = [(s.label, s.origin) for s in store.spans(unreviewed)]
            run(store, make(store, doc))
            assert _learned(store) == expected
            assert [(s.label, s.origin) for s in store.spans(unreviewed)] == _elsewhere(expected, others_before)
            outcomes.append(_outcome(store))
        finally:
            store.close()
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_deleting_a_span_that_taught_withdraws_its_lesson_without_being_told(tmp_path: Path) -> None:
    store, doc, unreviewed = _project(tmp_path / "p.db")
    try:
        session = EditingSession(store, annotator="ana")
        add = commands.AddSpan(doc, *_at("Russian"), "PERSON")  # a slip
        session.run(add)
        assert _learned(store) == [("Russian", "PERSON", 1, "add")]
        assert add.span_id is not None
        session.run(commands.DeleteSpan(doc, add.span_id))
        assert _learned(store) == []
        session.undo()
        assert _learned(store) == [("Russian", "PERSON", 1, "add")]
    finally:
        store.close()
