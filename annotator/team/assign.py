"""``annotator assign``: one project file per analyst, a chosen share of documents given to several.

Each file is a copy of the project keeping only the documents assigned to that analyst, with their
suggestions, tokens, schema and memory; its ``team.assignment`` setting says whose it is and which
project (by a stable id kept in the project's ``team.project`` setting) it came from.
"""

from __future__ import annotations

import os
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from annotator.store import Store, now, open_project
from annotator.store import team_rows
from annotator.team import ASSIGNMENT_KEY, PROJECT_KEY, TeamError


@dataclass(frozen=True)
class Assignment:
    """What ``assign`` wrote: the file and how many documents (shared ones among them) per analyst."""

    files: dict[str, Path]
    documents: dict[str, int]
    shared: int


def parse_names(text: str) -> list[str]:
    """``ana,ben,cai`` -> the names, refusing an empty or repeated one (two analysts with one name)."""
    names = [n.strip() for n in text.split(",")]
    if any(not n for n in names):
        raise TeamError(f"--to {text!r}: a name is empty; give names separated by commas, e.g. ana,ben,cai")
    seen = {n.casefold() for n in names}
    if len(seen) < len(names):
        twice = sorted({n for n in names if sum(m.casefold() == n.casefold() for m in names) > 1})
        raise TeamError(f"--to names {', '.join(twice)} more than once: two analysts need two names "
                        "(e.g. ana.k,ana.m), since merging tells their work apart by name")
    if any(ch in n for n in names for ch in '/\\:*?"<>|'):
        raise TeamError(f"--to {text!r}: names become file names, so they cannot hold / \\ : * ? \" < > |")
    return names


def split_documents(doc_ids: list[int], names: list[str], *, overlap: float, copies: int,
                    seed: int | None) -> tuple[dict[str, list[int]], list[int]]:
    """Who gets which document: a shuffled ``overlap`` share to ``copies`` analysts each, the rest dealt out in turn."""
    rng = random.Random(seed)
    order = list(doc_ids)
    rng.shuffle(order)
    n_shared = round(overlap * len(order))
    shared, rest = order[:n_shared], order[n_shared:]
    given: dict[str, list[int]] = {n: [] for n in names}
    turn = 0
    for doc_id in shared:  # rotate who shares, so every pair of analysts meets on some documents
        for k in range(copies):
            given[names[(turn + k) % len(names)]].append(doc_id)
        turn += 1
    for doc_id in rest:  # the least loaded analyst first keeps the totals even
        least = min(names, key=lambda n: (len(given[n]), names.index(n)))
        given[least].append(doc_id)
    return {n: sorted(ids) for n, ids in given.items()}, sorted(shared)


def assign(project: Path, names: list[str], out_dir: Path, *, overlap: float = 0.2, copies: int | None = None,
           seed: int | None = None) -> Assignment:
    """Write ``OUT_DIR/NAME.db`` for each analyst; refuses to overwrite a file (it may hold someone's work)."""
    if len(names) < 2 and overlap > 0:
        raise TeamError("--overlap needs two or more analysts; give --overlap 0 to hand out files to one")
    if not 0 <= overlap <= 1:
        raise TeamError(f"--overlap {overlap}: give a share between 0 and 1, e.g. 0.2")
    copies = len(names) if copies is None else copies
    if not 2 <= copies <= len(names) and overlap > 0:
        raise TeamError(f"--copies {copies}: a shared document goes to 2 to {len(names)} analysts")
    targets = {n: out_dir / f"{n}.db" for n in names}
    present = [str(p) for p in targets.values() if p.exists()]
    if present:
        raise TeamError(f"{', '.join(present)} already exist(s) and may hold an analyst's work; "
                        "choose another OUT_DIR or move them away")
    out_dir.mkdir(parents=True, exist_ok=True)
    with open_project(project, create=False) as store:
        if store.get_setting(ASSIGNMENT_KEY) is not None:
            raise TeamError(f"{project} is an analyst's file itself; assign from the team's project")
        identity = store.get_setting(PROJECT_KEY)
        if identity is None:
            identity = {"id": uuid.uuid4().hex, "name": project.stem}
            store.set_setting(PROJECT_KEY, identity)
        doc_ids = team_rows.all_document_ids(store)
        if not doc_ids:
            raise TeamError(f"{project} has no documents to assign; import some first")
        given, shared = split_documents(doc_ids, names, overlap=overlap, copies=copies, seed=seed)
        stamp = now()
        for name in names:  # each file is made aside and renamed once whole: a kill leaves no half file
            partial = targets[name].with_name(targets[name].name + ".part")
            team_rows.copy_file(store, partial)
            with open_project(partial, create=False) as copy:
                team_rows.keep_only(copy, given[name])
                copy.set_setting(ASSIGNMENT_KEY, {
                    "annotator": name, "project_id": identity["id"], "project": identity["name"],
                    "assignment_id": uuid.uuid4().hex, "assigned_at": stamp, "team": names,
                    "documents": len(given[name]), "shared": len(set(given[name]) & set(shared)),
                })
            os.replace(partial, targets[name])
    return Assignment(targets, {n: len(ids) for n, ids in given.items()}, len(shared))
