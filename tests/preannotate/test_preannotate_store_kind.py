"""Pre-annotation stores each suggestion's kind as given: a nominal role filler stays a nominal mention,
with its score; a span given without a kind is a name."""

from __future__ import annotations

from annotator.documents import Argument, Document, Event, Span
from annotator.store import Store

TEXT = "Russian troops shelled residential buildings in Kharkiv."


def test_suggestions_keep_their_kind(project: Store) -> None:
    with project.transaction():
        doc = project.add_document(Document(TEXT)).doc_id
    shelled = TEXT.index("shelled")
    spans = [Span(0, 7, "NORP", origin="model", score=0.9), Span(23, 44, "FAC", origin="rule", score=0.35,
                                                                 kind="nominal")]
    event = Event("ATTACK", shelled, shelled + 7, origin="rule", score=0.6,
                  arguments=(Argument("Attacker", 0, origin="rule"), Argument("Target", 1, origin="rule")))
    stored = project.store_suggestions([(doc, spans, [event])], model="test")
    assert (stored.spans, stored.events, stored.arguments) == (2, 1, 2)
    found = {(TEXT[s.start:s.end], s.kind, s.score, s.status) for s in project.spans(doc)}
    assert found == {("Russian", "name", 0.9, "suggested"), ("residential buildings", "nominal", 0.35, "suggested")}
    (stored_event,) = project.events(doc)
    by_id = {s.id: s for s in project.spans(doc)}
    assert {a.role: by_id[a.span_id].kind for a in stored_event.arguments} == {"Attacker": "name", "Target": "nominal"}
