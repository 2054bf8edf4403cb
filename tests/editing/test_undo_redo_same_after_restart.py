"""Undo and redo give the same project whether the window stayed open or the project was reopened.

Any sequence of edits, undos and redos; then the same further undos and redos in the session
that made them and in a fresh session on a copy of the file (a restart): every row of every
table an action touches is the same, time stamps included, and so is what the Undo and Redo
menus offer. Undoing everything gives back the project as it was.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import commands, event_commands as ec
from annotator.documents import Argument, Document, Event, Span
from annotator.editing.operations import CommandError, Operation
from annotator.editing.session import EditingSession
from annotator.store import Store, open_project

TEXTS = [
    "Russian forces shelled Kharkiv on Monday. Kharkiv was hit again.",
    "Sirens in Kharkiv. Russian drones over Kharkiv.",
    "Kharkiv again, and Russian troops.",
]
SUGGESTED = [("Russian", "NORP"), ("Kharkiv", "PERSON"), ("Monday", "DATE")]
LABELS = ["GPE", "PERSON", "NORP", "LOC"]
TABLES = ("documents", "spans", "events", "arguments", "memory")


def _project(path: Path) -> Store:
    """Three documents with model suggestions (and an attack): two unreviewed (lessons spread to them), one started."""
    store = open_project(path)
    for n, text in enumerate(TEXTS):
        spans = []
        for phrase, label in SUGGESTED:
            start = text.find(phrase)
            while start >= 0:
                spans.append(Span(start, start + len(phrase), label, origin="model", score=0.8))
                start = text.find(phrase, start + 1)
        with store.transaction():
            doc_id = store.add_document(Document(text, title=f"doc {n}")).doc_id
        store.store_suggestions([(doc_id, spans)], model="test_model-1.0.0")
        shelled = text.find("shelled")
        if shelled >= 0:  # a suggested attack whose attacker is a suggested span
            with store.transaction():
                attacker = store.spans(doc_id)[0].id
                assert attacker is not None
                store.insert_event(doc_id, Event("ATTACK", shelled, shelled + 7, origin="model",
                                                 arguments=(Argument("Attacker", attacker, origin="model"),)))
        if n == 2:
            with store.transaction():
                store.update_document(doc_id, status="in_progress", annotator="bo")
    return store


def _rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    q = store.conn.execute
    return {t: q(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def _menus(session: EditingSession) -> tuple[bool, bool, str, str]:
    return session.can_undo, session.can_redo, session.undo_text, session.redo_text


def _words(text: str) -> list[tuple[int, int]]:
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]


def _operation(store: Store, kind: str, pick: int, label: str) -> Operation | None:
    """The operation ``kind`` on the rows as they are now, chosen by ``pick``; None if there is nothing to do it on."""
    q = store.conn.execute
    docs = [r[0] for r in q("SELECT id FROM documents ORDER BY id")]
    doc = docs[pick % len(docs)]
    spans = [r[0] for r in q("SELECT id FROM spans WHERE doc_id = ? ORDER BY id", (doc,))]
    events = [r[0] for r in q("SELECT id FROM events WHERE doc_id = ? ORDER BY id", (doc,))]
    arguments = [r[0] for r in q("SELECT a.id FROM arguments a JOIN events e ON e.id = a.event_id"
                                 " WHERE e.doc_id = ? ORDER BY a.id", (doc,))]
    words = _words(TEXTS[doc - 1])
    span = spans[pick % len(spans)] if spans else None
    event = events[pick % len(events)] if events else None
    word = words[pick % len(words)]
    if kind in ("accept", "reject", "delete", "kind", "relabel", "fill") and span is None:
        return None
    if kind in ("modality", "fill", "delete_event") and event is None:
        return None
    assert span is not None or kind not in ("accept", "reject", "delete", "kind", "relabel", "fill")
    make: dict[str, Any] = {
        "accept": lambda: commands.accept(doc, [span]),
        "reject": lambda: commands.reject(doc, [span]),
        "relabel": lambda: commands.relabel(doc, [span], label),
        "kind": lambda: commands.set_kind(doc, [span], "nominal"),
        "delete": lambda: commands.DeleteSpan(doc, span),
        "add": lambda: commands.AddSpan(doc, word[0], word[1], label),
        "done": lambda: commands.SetDocStatus(doc, "done"),
        "finish": lambda: commands.finish_document(store, doc),
        "event": lambda: ec.AddEvent(doc, word[0], word[1], "ATTACK"),
        "modality": lambda: ec.set_modality(doc, event, "planned"),
        "accept_event": lambda: ec.accept_events(doc, [event]) if event is not None else None,
        "fill": lambda: ec.FillRole(doc, event, "Target", span),
        "fill_new": lambda: (ec.FillRole(doc, event, "Target", new_span=commands.AddSpan(doc, word[0], word[1], label))
                             if event is not None else None),
        "clear": lambda: ec.ClearRole(doc, arguments[pick % len(arguments)]) if arguments else None,
        "delete_event": lambda: ec.DeleteEvent(doc, event),
    }
    operation: Operation | None = make[kind]()
    return operation


KINDS = ["accept", "reject", "relabel", "kind", "delete", "add", "done", "finish", "event", "modality",
         "accept_event", "fill", "fill_new", "clear", "delete_event"]
action = st.one_of(
    st.tuples(st.just("do"), st.sampled_from(KINDS), st.integers(0, 30), st.sampled_from(LABELS)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
)


def _play(session: EditingSession, step: tuple[Any, ...]) -> None:
    try:
        if step[0] == "undo":
            if session.can_undo:
                session.undo()
        elif step[0] == "redo":
            if session.can_redo:
                session.redo()
        else:
            op = _operation(session.store, *step[1:])
            if op is not None:
                session.run(op)
    except (CommandError, KeyError):  # not possible on these rows (as in the window): nothing changed
        pass


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(action, max_size=12), after=st.lists(st.sampled_from(["undo", "redo"]), max_size=10))
def test_undo_and_redo_give_the_same_project_before_and_after_a_restart(before: list[tuple[Any, ...]],
                                                                        after: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = _project(Path(tmp) / "p.db")
        initial = _rows(store)
        session = EditingSession(store, annotator="ana")
        for step in before:
            _play(session, step)
        copy = sqlite3.connect(Path(tmp) / "restarted.db")
        store.conn.backup(copy)
        copy.close()
        reopened = open_project(Path(tmp) / "restarted.db", create=False)
        restarted = EditingSession(reopened, annotator="ana")
        try:
            assert _rows(reopened) == _rows(store)
            assert _menus(restarted) == _menus(session)
            for step in after:
                _play(session, (step,))
                _play(restarted, (step,))
                assert _rows(reopened) == _rows(store), step
                assert _menus(restarted) == _menus(session)
            while session.can_undo or restarted.can_undo:  # all the way back: both at the same project again
                _play(session, ("undo",))
                _play(restarted, ("undo",))
                assert _rows(reopened) == _rows(store)
                assert _menus(restarted) == _menus(session)
            assert _rows(store) == initial  # every action undone: the project as it was, every column
        finally:
            reopened.close()
            store.close()
