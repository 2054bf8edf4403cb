"""Pre-annotation applies what corrections taught to every document it suggests for later: learned
labels replace or add suggestions (origin memory), rejected ones are dropped, switched-off entries do nothing."""

from __future__ import annotations


import pytest

from annotator import commands, memory
from annotator.documents import Document
from annotator.preannotate import preannotate
from annotator.store import Store

TAUGHT = "Drones hit Holosiivskyi and Reading overnight, Klitschko said."


def _add(store: Store, text: str) -> int:
    with store.transaction():
        return store.add_document(Document(text=text, title=text[:30])).doc_id


def _suggestions(store: Store, doc_id: int) -> list[tuple[str, str, str]]:
    text = store.document_row(doc_id)["text"]
    return [(text[s.start:s.end], s.label, s.origin) for s in store.spans(doc_id)]


def _span(store: Store, doc_id: int, phrase: str) -> int:
    text = store.document_row(doc_id)["text"]
    return next(s.id for s in store.spans(doc_id) if text[s.start:s.end] == phrase)


def _teach(store: Store, command: commands.Command) -> None:
    commands.execute(store, memory.teach(command), annotator="ana")


@pytest.mark.model
def test_corrections_apply_to_documents_imported_later(store: Store, nlp) -> None:
    doc = _add(store, TAUGHT)
    preannotate(store, nlp=nlp)
    # What the model got wrong here (checked, so a new model version fails loudly rather than vacuously).
    assert {("Holosiivskyi", "PERSON", "model"), ("Klitschko", "NORP", "model"),
            ("Drones", "WEAPON", "rule")} <= set(_suggestions(store, doc))
    assert "Reading" not in [p for p, _, _ in _suggestions(store, doc)]
    _teach(store, commands.relabel(doc, [_span(store, doc, "Holosiivskyi")], "GPE"))
    _teach(store, commands.relabel(doc, [_span(store, doc, "Klitschko")], "PERSON"))
    start = TAUGHT.index("Reading")
    _teach(store, commands.AddSpan(doc, start, start + 7, "GPE"))
    _teach(store, commands.reject(doc, [_span(store, doc, "Drones")]))
    memory.set_enabled(store, memory.find(store, "Klitschko", "PERSON").id, False)

    later = _add(store, "Sirens sounded over Holosiivskyi and Reading overnight, Klitschko said.")
    other = _add(store, "Drones struck Holosiivskyi and Reading, Klitschko wrote.")
    preannotate(store, nlp=nlp)
    assert {("Holosiivskyi", "GPE", "memory"), ("Reading", "GPE", "memory"), ("Klitschko", "NORP", "model")} <= set(
        _suggestions(store, later))  # the model missed both places; the switched-off entry does nothing
    got = _suggestions(store, other)
    assert ("Holosiivskyi", "GPE", "memory") in got  # relabelled from the model's PERSON
    assert "Drones" not in [p for p, _, _ in got]  # rejected: not suggested again


def test_blank_pipeline_run_applies_the_memory(store: Store) -> None:
    import spacy

    nlp = spacy.blank("en")  # rules only: the gazetteer finds "Kyiv" as GPE
    doc = _add(store, "Officials in Kyiv said so.")
    preannotate(store, nlp=nlp)
    _teach(store, commands.relabel(doc, [_span(store, doc, "Kyiv")], "LOC"))
    _teach(store, commands.AddSpan(doc, 0, 9, "PERSON"))
    new = _add(store, "Kyiv officials and Officials in Kyivstar said. Officials\nwere calm.")
    preannotate(store, nlp=nlp)
    assert _suggestions(store, new) == [("Kyiv", "LOC", "memory"), ("Officials", "PERSON", "memory"),
                                         ("Officials", "PERSON", "memory")]
    memory.set_enabled(store, memory.find(store, "Kyiv", "LOC").id, False)
    assert memory.Lessons.load(store).best == {"Officials": "PERSON"}


def test_suggester_without_memory_is_unchanged(store: Store) -> None:
    import spacy

    from annotator.preannotate import Suggester

    nlp = spacy.blank("en")
    assert Suggester(nlp, store.schema, memory=memory.Lessons.load(store)).memory is None  # nothing learned
    lessons = memory.Lessons(best={"Kyiv": "LOC"})
    doc = nlp("In Kyiv.")
    with_memory = Suggester(nlp, store.schema, memory=lessons).suggest(doc, offset=100)
    assert [(s.start, s.end, s.label, s.origin) for s in with_memory] == [(103, 107, "LOC", "memory")]


def test_role_fillers_the_event_rules_add_are_revised_and_roles_reindexed() -> None:
    import spacy

    from annotator.documents import Argument, Event, Span

    doc = spacy.blank("en")("Drones and Shahed hit Kyiv.")
    lessons = memory.Lessons(best={"Shahed": "WEAPON"}, rejected={("Drones", "WEAPON")})
    fillers = [Span(0, 6, "WEAPON", origin="rule"), Span(11, 17, "ORG", origin="rule")]
    event = Event("ATTACK", 18, 21, arguments=(Argument("Target", 0), Argument("Instrument", 1),
                                               Argument("Instrument", 2)))
    kept, (revised,) = lessons.revise_fillers(doc, 1, fillers, [event])  # one entity suggestion before them
    assert [(s.start, s.label, s.origin) for s in kept] == [(11, "WEAPON", "memory")]
    assert [(a.role, a.span_id) for a in revised.arguments] == [("Target", 0), ("Instrument", 1)]
