"""The team commands of ``annotator``: assign, merge, curate, agreement (registered by :mod:`annotator.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from annotator.cli_common import err, out


def cmd_assign(args: argparse.Namespace) -> int:
    from annotator.team.assign import assign, parse_names

    result = assign(Path(args.project), parse_names(args.to), Path(args.out_dir), overlap=args.overlap,
                    copies=args.copies, seed=args.seed)
    for name, path in result.files.items():
        err.print(escape(f"{name}: {result.documents[name]} documents -> {path}"))
    err.print(f"{result.shared} documents shared for measuring agreement.")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from annotator.team.merge import merge

    for r in merge(Path(args.project), [Path(f) for f in args.files]):
        what = {"merged": "merged", "updated": "merged again (newer work replaced the older)",
                "unchanged": "already merged; nothing changed"}[r.outcome]
        err.print(escape(f"{r.path}: {r.annotator}'s work {what}: {r.documents} documents ({r.done} done), "
                         f"{r.spans} spans, {r.events} events"))
    return 0


def cmd_curate(args: argparse.Namespace) -> int:
    from annotator.cli_common import default_annotator, progress
    from annotator.store import open_project
    from annotator.team.auto_curation import curate_agreements, require_team

    with open_project(args.project, create=False) as team:
        require_team(team)  # before the progress bar: a plain project gets its one line only
        with progress() as bar:
            task = bar.add_task("Curating", total=None)
            result = curate_agreements(team, annotator=args.annotator or default_annotator(),
                                       finish=not args.no_finish,
                                       progress=lambda done, total: bar.update(task, completed=done, total=total))
    if result.documents == 0:
        err.print("No analyst has finished a document yet: nothing to curate. Merge their files again once "
                  "they have (annotator merge).")
        return 0
    err.print(f"{result.documents} documents finished by analysts: {result.agreements} agreements accepted, "
              f"{result.rejected} suggestions every analyst left empty rejected, {result.finished} documents "
              f"marked done" + (f", {result.already_done} already done left as they were" if result.already_done else "")
              + ".")
    if result.open:
        places = sum(n for _, _, n in result.open)
        err.print(f"{len(result.open)} documents have {places} disagreements left: open them in the app and "
                  "curate them (Team → Curate document, Ctrl+Shift+C).")
        for doc_id, title, n in result.open[:20]:
            out.print(escape(f"{doc_id}\t{n}\t{title}"))
    return 0


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotator.store import open_project
    from annotator.team.agreement import agreement

    with open_project(args.project, create=False, read_only=True) as team:
        data = agreement(team).to_dict()
    if args.json:
        import orjson

        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if data["documents"] == 0:
        err.print("No document was finished by two or more analysts yet: nothing to compare.")
        return 0
    spans = data["spans"]
    out.print(f"{data['documents']} documents finished by two or more of {', '.join(data['analysts'])}")
    out.print(f"Spans: F1 exact {_figure(spans['f1_exact'])}, overlapping {_figure(spans['f1_overlap'])}; "
              f"tokens: Krippendorff's alpha {_figure(data['tokens']['krippendorff_alpha'])}")
    _table("Span agreement by label (lowest first)", ("label", "F1 exact", "F1 overlap", "spans"),
           [(r["label"], _figure(r["f1_exact"]), _figure(r["f1_overlap"]), str(r["spans"])) for r in spans["labels"]])
    _table("Pairs (lowest kappa first)", ("analysts", "documents", "Cohen's kappa", "F1 exact", "F1 overlap"),
           [(f"{p['a']} / {p['b']}", str(p["documents"]), _figure(p["cohen_kappa"]), _figure(p["f1_exact"]),
             _figure(p["f1_overlap"])) for p in data["pairs"]])
    events = data["events"]
    out.print(f"Events: F1 trigger {_figure(events['f1_trigger'])}, trigger and type "
              f"{_figure(events['f1_trigger_type'])}")
    _table("Role fillers of events both found (lowest first)", ("role", "F1", "fillers"),
           [(r["role"], _figure(r["f1"]), str(r["fillers"])) for r in events["roles"]])
    _table("Documents (lowest span agreement first)", ("id", "title", "analysts", "F1 spans", "F1 events"),
           [(str(d["doc_id"]), escape(d["title"][:40]), ", ".join(d["analysts"]), _figure(d["f1_exact"]),
             _figure(d["f1_events"])) for d in data["documents_lowest_first"][:20]])
    return 0


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    if not rows:
        return
    table = Table(title=title)
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 or column in ("title", "analysts") else "right")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError("give a share between 0 and 1, e.g. 0.2")
    return share


def add_commands(sub: Any) -> None:
    """Add assign, merge, curate and agreement to the ``annotator`` subcommands."""
    p = sub.add_parser(
        "assign", help="write one project file per analyst, a share of documents given to several",
        description="Copies the project once per analyst into OUT_DIR/NAME.db, each with the documents assigned "
                    "(their suggestions and the schema), and says in each whose it is and which project it came "
                    "from. A shuffled --overlap share of documents goes to several analysts for `annotator "
                    "agreement`; the rest is dealt out evenly.")
    p.add_argument("project")
    p.add_argument("--to", required=True, metavar="NAME,...", help="the analysts, e.g. ana,ben,cai")
    p.add_argument("--overlap", type=_share, default=0.2, help="share of documents given to several analysts (default 0.2)")
    p.add_argument("--copies", type=int, default=None,
                   help="analysts per shared document (default: all of them; at least 2)")
    p.add_argument("--seed", type=int, default=None, help="seed of the shuffle (default: a new one each time)")
    p.add_argument("out_dir", help="folder for the analysts' files (NAME.db; existing ones are never overwritten)")
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser(
        "merge", help="bring analysts' files back into the team project, keeping who did what",
        description="Writes every accepted and rejected span and event of each analyst's file into PROJECT "
                    "(created if missing) under the analyst's name, with which documents they finished. Files "
                    "not assigned from the same project are refused; a file merged again replaces that "
                    "analyst's earlier work (unchanged: nothing changes).")
    p.add_argument("project", help="the team project (the one assigned from, or a new file)")
    p.add_argument("files", nargs="+", help="the analysts' files")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "curate", help="accept what the analysts agree on in every document they finished",
        description="In every document one or more analysts finished (and the team has not marked done): "
                    "accepts once each span and event all of them accepted alike, rejects the suggestions all "
                    "of them left empty, and marks done the documents with no disagreement left. Lists the "
                    "documents with disagreements (id, how many, title) for the app's curation panel. Each "
                    "document is one undoable action.")
    p.add_argument("project", help="the team project (after `annotator merge`)")
    p.add_argument("--no-finish", action="store_true", help="do not mark any document done")
    p.add_argument("--annotator", default=None, help="the curator's name (default: $ANNOTATOR_NAME or login)")
    p.set_defaults(func=cmd_curate)

    p = sub.add_parser(
        "agreement", help="inter-annotator agreement on documents finished by two or more analysts",
        description="Span F1 per label and overall (exact and overlapping boundaries), Cohen's kappa per pair "
                    "and Krippendorff's alpha over token labels, event agreement (trigger, type, each role's "
                    "fillers); lowest agreement first.")
    p.add_argument("project", help="the team project (after `annotator merge`)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.set_defaults(func=cmd_agreement)
