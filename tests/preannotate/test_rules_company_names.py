"""A name that begins a company's name in the same document is that company (ORG), unless it is a surname or a place there."""

from __future__ import annotations

from annotator.documents import Span
from annotator.rules import consistent, load_patterns


def labelled(text: str, spans: list[Span], places: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in consistent(spans, text, load_patterns()["consistency"], places)]


def model(text: str, name: str, label: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Span(start, start + len(name), label, origin="model", score=0.9)


def test_short_name_of_a_company_becomes_org() -> None:
    text = "Cluett Peabody & Co. sold shirts. Cluett said sales rose."
    spans = [model(text, "Cluett Peabody & Co.", "ORG"), model(text, "Cluett", "PERSON", nth=1)]
    assert labelled(text, spans) == [("Cluett Peabody & Co.", "ORG"), ("Cluett", "ORG")]


def test_a_surname_in_the_same_document_keeps_the_models_label() -> None:
    text = "William Farley runs Farley Inc. Farley said sales rose."
    spans = [model(text, "William Farley", "PERSON"), model(text, "Farley Inc.", "ORG"),
             model(text, "Farley", "PERSON", nth=2)]
    assert labelled(text, spans)[-1] == ("Farley", "PERSON")


def test_a_gazetteer_place_keeps_the_models_label() -> None:
    text = "Chicago Bank Corp. lends in Chicago."
    spans = [model(text, "Chicago Bank Corp.", "ORG"), model(text, "Chicago", "GPE", nth=1)]
    assert labelled(text, spans, frozenset({"Chicago"}))[-1] == ("Chicago", "GPE")


def test_a_company_name_without_a_designator_is_no_evidence() -> None:
    text = "Cluett Peabody sold shirts. Cluett said sales rose."
    spans = [model(text, "Cluett Peabody", "ORG"), model(text, "Cluett", "PERSON", nth=1)]
    assert labelled(text, spans)[-1] == ("Cluett", "PERSON")
