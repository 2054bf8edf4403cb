"""Fine-tune a spaCy pipeline's ``ner`` on the project's done documents: the loop's second half.

Starts from an installed (or saved) pipeline so it keeps what it knew, adds the project's new
labels (e.g. WEAPON) and trains with the project's label names, so ``preannotate --model OUT``
suggests project labels directly. Gold comes from :func:`annotator.spacy_docs.make_doc` (the
DocBin export's conversion): accepted spans are entities, every other token of a done document
is O. Optional rehearsal examples (the base model's own entities on documents nobody has
finished, every other token left *missing*) remind the model of what it knew without teaching
it that a weapon it never labelled is O.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from annotator.documents import DOC_STATUSES
from annotator.errors import AnnotatorError
from annotator.evaluate import Evaluation
from annotator.exporters.atomic import atomic_folder
from annotator.exporters.common import DocumentExport
from annotator.model_eval import Progress, done_documents, evaluate_model, ner_pipes, predict
from annotator.preannotate import load_model, model_id, pieces
from annotator.schema import Schema
from annotator.spacy_docs import make_doc
from annotator.splits import split

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import EntityRecognizer
    from spacy.training import Example

    from annotator.store import Store

FIGURES_FILE = "annotator-training.json"


class TrainError(AnnotatorError, ValueError):
    """Training cannot start as asked; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class TrainOptions:
    """How to train: base model, epochs, held-out share, seed and regularisation."""

    base: str | None = None  # package name or path; None: the pre-annotation default
    epochs: int = 10
    eval_split: float = 0.2  # share of done documents held out (0: no held-out figures)
    seed: int = 0
    dropout: float = 0.2
    rehearse: float = 1.0  # rehearsal documents per training document (0: none); guards against forgetting
    force: bool = False  # replace a non-empty OUT_DIR
    name: str | None = None  # the saved pipeline's meta name (what suggestions record); None: "<base>_trained"


@dataclass(frozen=True, slots=True)
class EpochResult:
    """One line of the training log; epoch 0 is the base model before any update."""

    epoch: int
    loss: float | None
    held_out: Evaluation | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: loss and held-out scores (overall and per label)."""
        scores = self.held_out.to_dict() if self.held_out is not None else None
        return {"epoch": self.epoch, "loss": None if self.loss is None else round(self.loss, 3), "held_out": scores}


@dataclass(slots=True)
class TrainReport:
    """What a training run did; written to ``annotator-training.json`` beside the model."""

    out_dir: Path
    base_model: str
    seed: int
    labels: list[str]
    new_labels: list[str]
    documents: dict[str, int]
    held_out_ids: list[int]
    epochs: list[EpochResult] = field(default_factory=list)
    seconds: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The figures file's content."""
        return {
            "base_model": self.base_model, "seed": self.seed, "labels": self.labels, "new_labels": self.new_labels,
            "documents": self.documents, "held_out_ids": self.held_out_ids, "options": self.options,
            "epochs": [e.to_dict() for e in self.epochs], "seconds": round(self.seconds, 1),
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }


# Step callback: (what, done, total), e.g. ("epoch 3/10", 40, 120) or ("held-out", 5, 12).
Step = Callable[[str, int, int], None]


def check_out_dir(out_dir: Path, *, force: bool) -> None:
    """Refuse a file, or a non-empty folder unless ``force``: a model is never written over by accident."""
    if out_dir.exists() and not out_dir.is_dir():
        raise TrainError(f"{out_dir} is a file: give a folder for the trained model.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise TrainError(f"{out_dir} is not empty: choose another folder, or add --force to replace it.")


def split_documents(documents: Sequence[DocumentExport], eval_split: float, seed: int
                    ) -> tuple[list[DocumentExport], list[DocumentExport]]:
    """Training and held-out documents, by document, reproducible with ``seed``."""
    if not documents:
        raise TrainError("No document is marked done: review some documents (Ctrl+Enter in the app) and train again.")
    if not 0.0 <= eval_split < 1.0:
        raise TrainError(f"--eval-split {eval_split}: give a share from 0 (no held-out figures) to below 1, e.g. 0.2.")
    if eval_split == 0:
        return list(documents), []
    train, held_out = split(documents, (1.0 - eval_split, eval_split), seed=seed)
    if not train or not held_out:
        raise TrainError(f"{len(documents)} done documents are too few to hold out {eval_split:.0%} of them: "
                         "mark more documents done, or use --eval-split 0 to train on all without held-out figures.")
    return train, held_out


def in_pieces(text: str, spans: Sequence[tuple[int, int, str]], limit: int
              ) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """``text`` cut as pre-annotation cuts it (at most ``limit`` characters, at line breaks), each
    piece with the spans inside it, in the piece's offsets (spaCy refuses longer texts)."""
    for offset, piece in pieces(text, limit):
        end = offset + len(piece)
        yield piece, [(s - offset, e - offset, label) for s, e, label in spans if offset <= s and e <= end]


def gold_examples(nlp: Language, documents: Sequence[DocumentExport]) -> list[Example]:
    """Accepted spans as entities, every other token O, on ``nlp``'s tokens."""
    from spacy.training import Example

    examples = []
    for document in documents:
        labelled = [(s.start, s.end, s.label) for s in document.ner_spans]
        for piece, spans in in_pieces(document.text, labelled, nlp.max_length):
            examples.append(Example(nlp.make_doc(piece), make_doc(nlp, piece, spans).doc))
    return examples


def rehearsal_examples(nlp: Language, texts: Sequence[str], schema: Schema,
                       gold: Sequence[DocumentExport], *, progress: Progress | None = None) -> list[Example]:
    """The base model's own mapped entities on ``texts``; other tokens missing, not O.

    An entity that overlaps a phrase the analysts labelled is dropped unless it is that phrase
    with that label ("Lancet" ORG inside "Lancet drones" WEAPON), so rehearsal never argues with
    the gold.
    """
    from spacy.training import Example
    from spacy.util import filter_spans

    taught: set[tuple[str, str]] = {(d.text[s.start:s.end], s.label) for d in gold for s in d.ner_spans}
    phrases = {phrase for phrase, _ in taught if phrase.strip()}
    examples = []
    for whole, predicted in zip(texts, predict(nlp, texts, schema, progress=progress)):
        for text, spans in in_pieces(whole, predicted, nlp.max_length):
            claimed = [(at, at + len(phrase)) for phrase in phrases for at in _occurrences(text, phrase)]
            doc = nlp.make_doc(text)
            ents = []
            for start, end, label in spans:
                if (text[start:end], label) not in taught and any(a < end and start < b for a, b in claimed):
                    continue
                span = doc.char_span(start, end, label=label)
                if span is not None:
                    ents.append(span)
            doc.set_ents(filter_spans(ents), default="missing")
            examples.append(Example(nlp.make_doc(text), doc))
    return examples


def _occurrences(text: str, phrase: str) -> list[int]:
    found, at = [], text.find(phrase)
    while at >= 0:
        found.append(at)
        at = text.find(phrase, at + 1)
    return found


def train(store: Store, out_dir: str | Path, options: TrainOptions = TrainOptions(), *,
          nlp: Language | None = None, on_epoch: Callable[[EpochResult], None] | None = None,
          on_step: Step | None = None, load: Callable[[str | None], Language] = load_model,
          split_with: Callable[[Sequence[DocumentExport]], tuple[list[DocumentExport], list[DocumentExport]]]
          | None = None, rehearsal_schema: Schema | None = None) -> TrainReport:
    """Fine-tune ``ner`` on the done documents and save the whole pipeline to ``out_dir`` atomically.

    ``nlp`` (already loaded, e.g. by a test) is trained in place; otherwise ``load(options.base)``
    loads it, once everything that can be refused without it has been checked. ``split_with``
    replaces the seeded split into training and held-out documents (the learning loop keeps a
    document held out for good, and trains in the base model's label names); ``rehearsal_schema``
    maps the base model's rehearsal entities instead of the project's schema.
    """
    from spacy.util import fix_random_seed, minibatch

    started = time.monotonic()
    out_dir = Path(out_dir)
    check_out_dir(out_dir, force=options.force)
    if options.epochs < 1:
        raise TrainError(f"--epochs {options.epochs}: give 1 or more.")
    schema = store.schema
    documents = done_documents(store)
    train_docs, held_out = (split_with(documents) if split_with is not None
                            else split_documents(documents, options.eval_split, options.seed))
    nlp = nlp if nlp is not None else load(options.base)
    base = model_id(nlp)
    fix_random_seed(options.seed)
    rng = random.Random(options.seed)

    ner = cast("EntityRecognizer", nlp.get_pipe("ner"))
    labels = sorted({s.label for d in train_docs for s in d.ner_spans})
    new_labels = [label for label in labels if label not in ner.labels]
    for label in new_labels:
        ner.add_label(label)

    examples = gold_examples(nlp, train_docs)
    # Ids, not texts: only the sampled documents' texts are read (100,000 articles: 44 MB, not 303 MB).
    pool = list(store.ids_with_status([s for s in DOC_STATUSES if s != "done"]))
    n_rehearse = min(len(pool), round(options.rehearse * len(train_docs)))
    texts = [store.document_row(i)["text"] for i in rng.sample(pool, n_rehearse)]
    step = (lambda done, total: on_step("rehearsal (base model)", done, total)) if on_step else None
    rehearsal = (rehearsal_examples(nlp, texts, rehearsal_schema or schema, train_docs, progress=step)
                 if n_rehearse else [])

    report = TrainReport(
        out_dir=out_dir, base_model=options.base or base, seed=options.seed, labels=sorted(ner.labels),
        new_labels=new_labels, held_out_ids=[d.row["id"] for d in held_out],
        documents={"done": len(documents), "train": len(train_docs), "held_out": len(held_out),
                   "rehearsal": len(rehearsal)},
        options={"epochs": options.epochs, "eval_split": options.eval_split, "dropout": options.dropout,
                 "rehearse": options.rehearse, "base_id": base},
    )

    def finish_epoch(epoch: int, loss: float | None) -> None:
        scores = None
        if held_out:
            step = (lambda done, total: on_step("held-out", done, total)) if on_step else None
            scores = evaluate_model(nlp, held_out, schema, progress=step)
        result = EpochResult(epoch, loss, scores)
        report.epochs.append(result)
        if on_epoch is not None:
            on_epoch(result)

    finish_epoch(0, None)
    all_examples = examples + rehearsal
    with nlp.select_pipes(enable=ner_pipes(nlp)):
        optimizer = nlp.resume_training()
        for epoch in range(1, options.epochs + 1):
            rng.shuffle(all_examples)
            losses: dict[str, float] = {}
            done = 0
            for batch in minibatch(all_examples, size=8):
                nlp.update(batch, drop=options.dropout, sgd=optimizer, losses=losses)
                done += len(batch)
                if on_step is not None:
                    on_step(f"epoch {epoch}/{options.epochs}", done, len(all_examples))
            finish_epoch(epoch, float(losses.get("ner", 0.0)))

    nlp.meta["name"] = options.name or f"{nlp.meta.get('name', 'pipeline')}_trained"
    nlp.meta["description"] = f"{base} fine-tuned by `annotator train` on {len(train_docs)} done documents."
    report.seconds = time.monotonic() - started
    save(nlp, out_dir, report.to_dict(), force=options.force)
    return report


def save(nlp: Language, out_dir: Path, figures: dict[str, Any], *, force: bool) -> None:
    """Write the pipeline and its figures to a temp folder beside ``out_dir``, then rename it into place."""
    check_out_dir(out_dir, force=force)  # again: the folder may have filled up while training ran
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with atomic_folder(out_dir) as tmp:
        nlp.to_disk(tmp)
        (tmp / FIGURES_FILE).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def read_figures(model_dir: str | Path) -> dict[str, Any] | None:
    """The figures file of a model trained by ``annotator train`` (None for any other model)."""
    path = Path(model_dir) / FIGURES_FILE
    if not path.is_file():
        return None
    try:
        figures = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:  # ValueError: bad JSON or bad UTF-8
        raise TrainError(f"{path}: cannot be read ({exc}); train the model again to rewrite it.") from exc
    if not isinstance(figures, dict):
        raise TrainError(f"{path}: not the figures of `annotator train` (no JSON object); "
                         "train the model again to rewrite it.")
    return figures
