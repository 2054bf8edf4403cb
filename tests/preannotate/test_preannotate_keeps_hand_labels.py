"""Pre-annotation never doubles what the analyst labelled while the document waited for it.

Regression: with the app open and `annotator preannotate` running in a terminal, a span the
analyst added by hand to a document not yet pre-annotated got a second, suggested span on the
same characters (and an event suggestion duplicated one made by hand).
"""

from __future__ import annotations

from annotator.commands import AddSpan, execute
from annotator.documents import Argument, Document, Event, Span
from annotator.store import Store

TEXT = "Russian drones struck Odesa on Monday."


def test_suggestions_on_hand_labelled_characters_are_not_stored_twice(store: Store) -> None:
    with store.transaction():
        doc_id = store.add_document(Document(TEXT, title="t")).doc_id
    execute(store, AddSpan(doc_id, 22, 27, "LOC"), annotator="ana")
    with store.transaction():
        store.insert_event(doc_id, Event("ATTACK", 15, 21, origin="human", status="accepted"))

    spans = [Span(0, 7, "NORP", origin="model"), Span(22, 27, "GPE", origin="model")]
    suggested = Event("ATTACK", 15, 21, origin="rule", arguments=(Argument("Target", 1, origin="rule"),))
    other = Event("MOVE", 15, 21, origin="rule", arguments=(Argument("Destination", 1, origin="rule"),))
    stored = store.store_suggestions([(doc_id, spans, [suggested, other])], model="m-1.0")

    assert (stored.spans, stored.events) == (1, 1)
    on_odesa = [s for s in store.spans(doc_id) if (s.start, s.end) == (22, 27)]
    assert [(s.label, s.origin, s.status) for s in on_odesa] == [("LOC", "human", "accepted")]
    events = {e.type: e for e in store.events(doc_id)}
    assert events["ATTACK"].origin == "human" and events["ATTACK"].arguments == ()
    # the new event's role points at the analyst's span, not at a copy of it
    assert [a.span_id for a in events["MOVE"].arguments] == [on_odesa[0].id]
