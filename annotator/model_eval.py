"""A spaCy model's entities, mapped to project labels, scored against analysts' accepted spans.

Backs ``annotator evaluate`` and the per-epoch figures of ``annotator train``. Only the model's
own entities count (no rules, no memory), mapped with the schema exactly as pre-annotation maps
them, so the figures say how much a model helps before the rules add their share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from annotator.evaluate import Evaluation, evaluate
from annotator.exporters.common import DocumentExport, ExportOptions, iter_exports
from annotator.preannotate import pieces
from annotator.schema import Schema

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from annotator.store import Store

Progress = Callable[[int, int], None]

# Gold for training and evaluation: documents marked done, accepted spans only (the export rule);
# NER gold is their names (DocumentExport.ner_spans), nominal mentions left out.
GOLD_OPTIONS = ExportOptions(status="done")


def done_documents(store: Store) -> list[DocumentExport]:
    """Every done document with its accepted spans, in project order."""
    return list(iter_exports(store, GOLD_OPTIONS))


def ner_pipes(nlp: Language) -> list[str]:
    """``ner`` and the components it listens to: all that must run to get entities."""
    feeding = [name for name, pipe in nlp.pipeline if "ner" in (getattr(pipe, "listening_components", None) or ())]
    return [*feeding, "ner"]


def entity_spans(doc: Doc, schema: Schema, offset: int = 0) -> list[tuple[int, int, str]]:
    """The model's entities as (start, end, project label); labels the schema drops are left out."""
    spans = []
    for ent in doc.ents:
        label = schema.map_label(ent.label_)
        if label is not None:
            spans.append((ent.start_char + offset, ent.end_char + offset, label))
    return spans


def predict(nlp: Language, texts: Sequence[str], schema: Schema, *, batch_size: int = 16,
            progress: Progress | None = None) -> Iterator[list[tuple[int, int, str]]]:
    """Mapped entity spans for each text, in order (texts longer than ``nlp.max_length`` in pieces)."""

    def work() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for index, text in enumerate(texts):
            parts = list(pieces(text, nlp.max_length))
            for offset, piece in parts:
                yield piece, (index, offset, len(parts))

    found: list[tuple[int, int, str]] = []
    seen = 0
    with nlp.select_pipes(enable=ner_pipes(nlp)):
        for doc, (index, offset, n_parts) in nlp.pipe(work(), as_tuples=True, batch_size=batch_size):
            found.extend(entity_spans(doc, schema, offset))
            seen += 1
            if seen == n_parts:
                if progress is not None:
                    progress(index + 1, len(texts))
                yield found
                found, seen = [], 0


def evaluate_model(nlp: Language, documents: Sequence[DocumentExport], schema: Schema, *,
                   progress: Progress | None = None) -> Evaluation:
    """Micro and per-label P/R/F of ``nlp``'s mapped entities against the documents' accepted spans."""
    gold = {(d.row["id"], s.start, s.end, s.label) for d in documents for s in d.ner_spans}
    predicted: set[tuple[Any, ...]] = set()
    texts = [d.text for d in documents]
    for document, spans in zip(documents, predict(nlp, texts, schema, progress=progress)):
        predicted.update((document.row["id"], *span) for span in spans)
    return evaluate(gold, predicted)
