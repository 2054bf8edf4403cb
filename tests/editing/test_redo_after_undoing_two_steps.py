"""Undo two steps, redo both: the second redo goes through (no false "changed elsewhere").

A redo runs its action again, which stamps the rows anew; the next redo found the rows differing
from what its undo left in their time stamps only and refused as if another window had edited
them (add span, delete it, undo both, redo both: the delete was dropped).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count

import pytest

from annotator import commands, event_commands as ec, memory
from annotator.documents import Document, Span
from annotator.store import Store

TEXT = "Russian forces shelled Kharkiv on Monday. Kharkiv was hit again."


@pytest.fixture(autouse=True)
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every time stamp a second later than the one before: steps never share a stamp by luck."""
    tick = count()

    def now() -> str:
        seconds = next(tick)
        return f"2030-01-01T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000+00:00"

    for module in ("annotator.store.clock",):
        monkeypatch.setattr(f"{module}.now", now)
    yield


@pytest.fixture
def doc(project: Store) -> int:
    with project.transaction():
        doc_id = project.add_document(Document(TEXT, "Shelling")).doc_id
        project.insert_spans(doc_id, [Span(23, 30, "PERSON", origin="model"), Span(42, 49, "PERSON", origin="model")])
    return doc_id


def _view(store: Store, doc: int) -> tuple:
    """What the window shows: spans, events with their roles and modality, learned phrases."""
    spans = [(s.start, s.end, s.label, s.status) for s in store.spans(doc)]
    events = [(e.type, e.status, e.modality, [(a.role, a.span_id) for a in e.arguments]) for e in store.events(doc)]
    learned = [(e.phrase, e.label, e.kind, e.count) for e in memory.entries(store)]
    return spans, events, learned


# Each case runs its first step and returns both.
def _span_then_delete(store: Store, doc: int) -> list[commands.Command]:
    add = commands.AddSpan(doc, 0, 7, "NORP")
    commands.execute(store, add)
    assert add.span_id is not None
    return [add, commands.DeleteSpan(doc, add.span_id)]


def _accept_then_relabel(store: Store, doc: int) -> list[commands.Command]:
    accept = commands.accept(doc, [1])
    commands.execute(store, accept)
    return [accept, commands.relabel(doc, [1], "GPE")]


def _two_lessons(store: Store, doc: int) -> list[commands.Command]:
    """Label Kharkiv GPE by hand (a new lesson), then relabel the second Kharkiv (the same lesson again)."""
    add = memory.teach(commands.AddSpan(doc, 23, 30, "GPE"))
    commands.execute(store, add)
    return [add, memory.teach(commands.relabel(doc, [2], "GPE"))]


def _event_then_modality(store: Store, doc: int) -> list[commands.Command]:
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(store, add)
    assert add.event_id is not None
    return [add, ec.set_modality(doc, add.event_id, "planned")]


STEPS: dict[str, Callable[[Store, int], list[commands.Command]]] = {
    "add span, delete it": _span_then_delete, "accept, relabel": _accept_then_relabel,
    "two lessons": _two_lessons, "event, modality": _event_then_modality,
}


@pytest.mark.parametrize("case", list(STEPS))
def test_redo_of_both_steps_after_undoing_both(project: Store, doc: int, case: str) -> None:
    first, second = STEPS[case](project, doc)
    before = _view(project, doc)
    commands.execute(project, second)
    after = _view(project, doc)
    commands.undo(project, second)
    commands.undo(project, first)
    commands.redo(project, first)
    assert _view(project, doc) == before
    commands.redo(project, second)  # was refused: "span 1 was changed"
    assert _view(project, doc) == after
    assert not project.conn.execute("SELECT count(*) FROM history WHERE command LIKE 'skip-%'").fetchone()[0]
    commands.undo(project, second)  # and the stack goes on working both ways
    assert _view(project, doc) == before
