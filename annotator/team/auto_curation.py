"""``annotator curate``: accept what the analysts agree on in every document they finished, in one go.

Each document is one action of the editing session (so the app can undo it, like any edit) in
one transaction: the agreements accepted, the suggestions every analyst left empty rejected,
and, when no disagreement is left, the document marked done, ready for ``export``. A document
already marked done in the team project is left as the curator left it. What stays is listed:
the documents with disagreements, for the curation panel of the app (Team → Curate).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.editing import curation as operations
from annotator.editing.operations import CommandError, Composite, Operation, SetDocStatus
from annotator.editing.session import EditingSession
from annotator.store import Store
from annotator.team import TeamError
from annotator.team.curation import TeamRows, curation, team_rows_of


@dataclass
class AutoCuration:
    """What ``curate`` did: counts, and the documents left with disagreements (id, title, how many)."""

    documents: int = 0  # documents one or more analysts finished
    agreements: int = 0  # places accepted once, all analysts agreeing
    rejected: int = 0  # team suggestions every analyst left empty
    finished: int = 0  # documents marked done (nothing left to decide)
    already_done: int = 0  # documents the team had marked done before: left alone
    open: list[tuple[int, str, int]] = field(default_factory=list)


def require_team(store: Store) -> TeamRows:
    """The analysts' rows of a team project; TeamError saying what to do in a project with none merged."""
    rows = team_rows_of(store)
    if rows is None:
        raise TeamError(f"{store.path} holds no analysts' work: merge their files first "
                        "(annotator merge TEAM.db ana.db ben.db ...)")
    return rows


def curate_agreements(store: Store, *, annotator: str | None, finish: bool = True,
                      progress: Callable[[int, int], None] | None = None) -> AutoCuration:
    """Accept the agreements of every document analysts finished; mark done those with nothing left to decide."""
    rows = require_team(store)
    session = EditingSession(store, annotator=annotator)
    result = AutoCuration()
    doc_ids = rows.finished_documents()
    for n, doc_id in enumerate(doc_ids, start=1):
        result.documents += 1
        row = store.document_row(doc_id)
        if row["status"] == "done":
            result.already_done += 1
        else:
            parts: list[Operation] = []
            before = curation(store, doc_id, rows)
            try:
                agree = operations.accept_agreements(store, doc_id, rows, found=before)
                parts.append(agree)
            except CommandError:
                agree = None
            disputes = len(before.open_disputes)
            if finish and disputes == 0:
                parts.append(SetDocStatus(doc_id, "done"))
            if parts:
                session.run(Composite(doc_id, parts, name="curate_document", text="Accept agreements"))
                if agree is not None:
                    result.agreements += len(agree.choices)
                    result.rejected += sum(len(ids) for ids in agree.rejected_unanimous)
                result.finished += finish and disputes == 0
            if disputes:
                result.open.append((doc_id, row["title"], disputes))
        if progress is not None:
            progress(n, len(doc_ids))
    return result
