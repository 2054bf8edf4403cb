"""Event commands change the database and undo exactly: create, retype, modality, roles, delete."""

from __future__ import annotations

import pytest

from annotator import commands, event_commands as ec
from annotator.commands import CommandError
from annotator.documents import Document, Span
from annotator.store import Store

TEXT = "Russian forces shelled Kharkiv on Monday, killing three civilians."


def snapshot(store: Store) -> tuple:
    """Everything a user could see change: events, arguments, spans, document status."""
    q = store.conn.execute
    return (
        q("SELECT id, type, trigger_start, trigger_end, modality, polarity, status FROM events ORDER BY id").fetchall(),
        q("SELECT id, event_id, role, span_id FROM arguments ORDER BY id").fetchall(),
        q('SELECT id, start, "end", label, status FROM spans ORDER BY id').fetchall(),
        q("SELECT status FROM documents").fetchall(),
    )


@pytest.fixture
def doc(project: Store) -> int:
    with project.transaction():
        doc_id = project.add_document(Document(TEXT, "Shelling")).doc_id
        project.insert_spans(doc_id, [
            Span(0, 14, "ORG", origin="model"),  # Russian forces
            Span(23, 30, "GPE", origin="model"),  # Kharkiv
            Span(34, 40, "DATE", origin="model"),  # Monday
        ])
    return doc_id


def roundtrip(store: Store, command) -> tuple:
    """Apply, check undo restores the snapshot, redo; returns the snapshot after apply."""
    before = snapshot(store)
    commands.execute(store, command, annotator="ana")
    after = snapshot(store)
    assert after != before
    commands.undo(store, command)
    assert snapshot(store) == before
    commands.execute(store, command, annotator="ana")
    assert snapshot(store) == after
    return after


def test_add_event_and_fill_roles(project: Store, doc: int) -> None:
    add = ec.AddEvent(doc, 15, 22, "ATTACK")  # "shelled"
    roundtrip(project, add)
    (event,) = project.events(doc)
    assert (event.type, TEXT[event.trigger_start:event.trigger_end], event.status) == ("ATTACK", "shelled", "accepted")
    roundtrip(project, ec.FillRole(doc, add.event_id, "Attacker", 1))
    roundtrip(project, ec.FillRole(doc, add.event_id, "Target", 2))
    roundtrip(project, ec.FillRole(doc, add.event_id, "Time", 3))
    roles = {a.role: TEXT[s.start:s.end] for a in project.event(add.event_id).arguments
             for s in project.spans(doc) if s.id == a.span_id}
    assert roles == {"Attacker": "Russian forces", "Target": "Kharkiv", "Time": "Monday"}


def test_fill_role_with_new_span_from_selection(project: Store, doc: int) -> None:
    add = ec.AddEvent(doc, 42, 49, "DIE")  # "killing"
    commands.execute(project, add)
    fill = ec.FillRole(doc, add.event_id, "Count", new_span=commands.AddSpan(doc, 50, 55, "CARDINAL"))
    after = roundtrip(project, fill)
    assert (fill.span_id, 50, 55, "CARDINAL", "accepted") in after[2]


def test_single_role_replaces_previous_filler_and_undo_restores_it(project: Store, doc: int) -> None:
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(project, add)
    commands.execute(project, ec.FillRole(doc, add.event_id, "Time", 3))
    with project.transaction():
        (other,) = project.insert_spans(doc, [Span(56, 65, "DATE")])
    after = roundtrip(project, ec.FillRole(doc, add.event_id, "Time", other))
    assert [a[3] for a in after[1]] == [other]


def test_role_label_constraint_is_enforced(project: Store, doc: int) -> None:
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(project, add)
    before = snapshot(project)
    with pytest.raises(CommandError, match="Instrument takes WEAPON"):
        commands.execute(project, ec.FillRole(doc, add.event_id, "Instrument", 2))
    assert snapshot(project) == before


def test_retype_modality_polarity_accept_reject(project: Store, doc: int) -> None:
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(project, add)
    roundtrip(project, ec.set_event_type(doc, add.event_id, "DAMAGE"))
    roundtrip(project, ec.set_modality(doc, add.event_id, "planned"))
    roundtrip(project, ec.set_polarity(doc, add.event_id, "negative"))
    roundtrip(project, ec.reject_events(doc, [add.event_id]))
    event = project.event(add.event_id)
    assert (event.type, event.modality, event.polarity, event.status) == ("DAMAGE", "planned", "negative", "rejected")


def test_delete_event_and_clear_role_undo(project: Store, doc: int) -> None:
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(project, add)
    fill = ec.FillRole(doc, add.event_id, "Target", 2)
    commands.execute(project, fill)
    roundtrip(project, ec.ClearRole(doc, fill.argument_id))
    after = roundtrip(project, ec.DeleteEvent(doc, add.event_id))
    assert after[0] == [] and after[1] == []
    assert len(after[2]) == 3  # the filler spans stay


def test_rejecting_a_filler_span_keeps_the_role_and_deleting_it_undoes(project: Store, doc: int) -> None:
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(project, add)
    commands.execute(project, ec.FillRole(doc, add.event_id, "Target", 2))
    commands.execute(project, commands.reject(doc, [2]))
    assert [a.role for a in project.event(add.event_id).arguments] == ["Target"]
    roundtrip(project, commands.DeleteSpan(doc, 2))
