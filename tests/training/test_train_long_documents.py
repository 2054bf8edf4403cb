"""Training takes done documents longer than spaCy's ``max_length`` in pieces, cut as pre-annotation
cuts them, each piece with its own entities (spaCy refuses a longer text outright)."""

from __future__ import annotations

import spacy

from annotator.documents import Span
from annotator.exporters.common import DocumentExport
from annotator.training import gold_examples

LINE = "Russian drones struck Kharkiv overnight.\n"


def test_a_document_longer_than_max_length_trains_in_pieces() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    nlp.max_length = 100
    text = LINE * 10  # 410 characters: five pieces of two lines
    spans = [Span(i * len(LINE) + 22, i * len(LINE) + 29, "GPE", status="accepted") for i in range(10)]
    document = DocumentExport({"text": text}, spans, [])

    examples = gold_examples(nlp, [document])

    assert "".join(e.reference.text for e in examples) == text
    assert all(len(e.reference.text) <= nlp.max_length for e in examples)
    assert [(ent.text, ent.label_) for e in examples for ent in e.reference.ents] == [("Kharkiv", "GPE")] * 10
