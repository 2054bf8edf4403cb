"""``annotator kb``: actor lists in a project (import a CSV, list what is there)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.markup import escape
from rich.table import Table

from annotator.cli_common import err, out
from annotator.store import open_project
from annotator.store import kb_rows

LIST_LIMIT = 50  # entries `kb list` shows unless --all


def add_kb_parser(sub: Any) -> None:
    """Register ``kb import`` and ``kb list`` on the command's subparsers."""
    p = sub.add_parser(
        "kb", help="actor lists: import a CSV of id,name,aliases,type[,description]; list what the project holds",
        description="Actor lists give spans ids: pre-annotation proposes an entry's id for a span whose text is "
                    "its name or one of its aliases (places get GeoNames ids without a list).")
    kb = p.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    q = kb.add_parser("import", help="store the entries of a CSV (id,name,aliases,type[,description]; "
                                     "aliases separated by | or ;) in the project, all or nothing")
    q.add_argument("project", help="project file (created if missing)")
    q.add_argument("csv", help="the actor list")
    q.set_defaults(func=cmd_kb_import)
    q = kb.add_parser("list", help="the entries the project holds (search them with --search)")
    q.add_argument("project")
    q.add_argument("--search", metavar="WORDS", help="only entries whose name or aliases match (full-text)")
    q.add_argument("--all", action="store_true", help=f"every entry, not the first {LIST_LIMIT}")
    q.add_argument("--json", action="store_true", help="print JSON instead of a table")
    q.set_defaults(func=cmd_kb_list)


def cmd_kb_import(args: argparse.Namespace) -> int:
    from annotator.kb import import_actor_list

    with open_project(args.project) as store:
        done = import_actor_list(store, args.csv)
    err.print(escape(f"{done.added} entries added, {done.replaced} replaced; the project holds {done.total}."))
    return 0


def cmd_kb_list(args: argparse.Namespace) -> int:
    from annotator.store import fts_query

    with open_project(args.project, create=False, read_only=True) as store:
        total = kb_rows.count(store)
        if args.search:
            rows = kb_rows.search(store, fts_query(args.search), limit=total if args.all else LIST_LIMIT)
        else:
            rows = kb_rows.entries(store, limit=None if args.all else LIST_LIMIT)
    if args.json:
        import orjson

        sys.stdout.write(orjson.dumps([e._asdict() for e in rows], option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not total:
        err.print("No actor list yet: add one with `annotator kb import PROJECT actors.csv`.")
        return 0
    table = Table(title=f"Actor lists: {total} entries", show_edge=False)
    for column in ("id", "name", "aliases", "type", "description", "from"):
        table.add_column(column, overflow="fold")
    for e in rows:
        table.add_row(*(escape(v) for v in (e.kb_id, e.name, " | ".join(e.aliases), e.type, e.description, e.source)))
    out.print(table)
    if len(rows) < total and not args.search:
        err.print(f"{len(rows)} of {total} shown; --all shows every entry, --search finds some.")
    return 0
