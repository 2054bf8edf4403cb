"""Accepting an event accepts the suggested spans filling its roles, in the same undo step.

Rejected fillers stay rejected (the analyst said no to them), and accepted ones untouched.
"""

from __future__ import annotations

from annotator import commands, event_commands as ec
from annotator.documents import Argument, Document, Event, Span
from annotator.store import Store

TEXT = "Russian forces shelled Kharkiv on Monday."


def _statuses(store: Store, doc: int) -> dict[str, str]:
    return {TEXT[s.start:s.end]: s.status for s in store.spans(doc)}


def test_accepting_an_event_accepts_its_suggested_fillers_and_undo_reverts_both(project: Store) -> None:
    with project.transaction():
        doc = project.add_document(Document(TEXT, "Shelling")).doc_id
        forces, kharkiv, monday, _other = project.insert_spans(doc, [
            Span(0, 14, "ORG", origin="model"), Span(23, 30, "GPE", origin="model"),
            Span(34, 40, "DATE", origin="model", status="rejected"), Span(0, 7, "NORP", origin="model")])
        event = project.insert_event(doc, Event("ATTACK", 15, 22, origin="rule", arguments=(
            Argument("Attacker", forces), Argument("Target", kharkiv), Argument("Time", monday))))
    accept = ec.accept_events(doc, [event])
    commands.execute(project, accept, annotator="ana")
    assert project.event(event).status == "accepted"
    # The fillers are accepted; the rejected one and the span filling no role stay as they were.
    assert _statuses(project, doc) == {"Russian forces": "accepted", "Kharkiv": "accepted", "Monday": "rejected",
                                       "Russian": "suggested"}
    assert project.span_row(kharkiv)["annotator"] == "ana"

    commands.undo(project, accept)
    assert project.event(event).status == "suggested"
    assert _statuses(project, doc) == {"Russian forces": "suggested", "Kharkiv": "suggested", "Monday": "rejected",
                                       "Russian": "suggested"}
    commands.redo(project, accept)
    assert _statuses(project, doc)["Kharkiv"] == "accepted"
