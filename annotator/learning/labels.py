"""Training in the base model's own label names where the project's schema maps them.

A schema may map several model labels onto one project label (CoNLL's LOC from GPE, LOC and
FAC; MISC from NORP, EVENT, ...). Trained on the project's names, the model would have to learn
PER from scratch while being told that every PERSON it knew is no entity. So each gold span is
given the model label the base model itself predicts there when that maps to the gold label,
else the model label most often predicted for that project label, else the project label (a
label the model never had, such as WEAPON). Pre-annotation and evaluation map the trained
model's labels through the schema as before, so the project sees its own labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from annotator.exporters.common import DocumentExport
from annotator.model_eval import predict
from annotator.schema import Schema

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import EntityRecognizer


class RawLabels:
    """A stand-in for the schema that keeps a model label as it is when the schema maps it to anything."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def map_label(self, model_label: str) -> str | None:
        """``model_label`` itself if the project keeps it under some name, else None."""
        return model_label if self.schema.map_label(model_label) is not None else None

    def as_schema(self) -> Schema:
        """For functions that only call ``map_label``."""
        return cast(Schema, self)


def to_model_labels(nlp: Language, documents: Sequence[DocumentExport], schema: Schema) -> list[DocumentExport]:
    """``documents`` with each span's label in the base model's names where the schema maps one to it."""
    ner_labels = set(cast("EntityRecognizer", nlp.get_pipe("ner")).labels)
    candidates: dict[str, list[str]] = {}
    for label in sorted(ner_labels):
        mapped = schema.map_label(label)
        if mapped is not None:
            candidates.setdefault(mapped, []).append(label)
    if all(c == [p] for p, c in candidates.items()):
        return list(documents)  # the schema keeps the model's names: nothing to translate
    raw = RawLabels(schema).as_schema()
    predicted = list(predict(nlp, [d.text for d in documents], raw))
    preferred: dict[str, Counter[str]] = {}
    for document, spans in zip(documents, predicted):
        guesses = {(s, e): label for s, e, label in spans}
        for span in document.ner_spans:
            guess = guesses.get((span.start, span.end))
            if guess is not None and schema.map_label(guess) == span.label:
                preferred.setdefault(span.label, Counter())[guess] += 1

    def model_label(label: str, guess: str | None) -> str:
        if guess is not None and schema.map_label(guess) == label:
            return guess
        if label in ner_labels and schema.map_label(label) == label:
            return label
        if label in preferred:
            return preferred[label].most_common(1)[0][0]
        options = candidates.get(label)
        return options[0] if options else label

    translated = []
    for document, spans in zip(documents, predicted):
        guesses = {(s, e): label for s, e, label in spans}
        translated.append(replace(document, spans=[
            replace(s, label=model_label(s.label, guesses.get((s.start, s.end)))) for s in document.spans]))
    return translated
