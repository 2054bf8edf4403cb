"""``annotator merge``: bring analysts' files back into the team project, keeping who did what.

Every decided span and event (accepted or rejected, with the spans its roles point to) is written
under the analyst's name, matched to the team's documents by the text's hash; which documents the
analyst finished, and which rows are theirs, are the ``analyst_*`` tables (the file's record, with its
fingerprint, is the ``team.analyst.NAME`` setting). One file is merged in one
transaction with its record, so a kill leaves it merged whole or not at all. Merging a file again
replaces that analyst's earlier rows with the file's (an unchanged file changes nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from annotator.store import Store, now, open_project
from annotator.store import team_rows
from annotator.team import ANALYST_PREFIX, ASSIGNMENT_KEY, PROJECT_KEY, TeamError, assignment


@dataclass(frozen=True)
class Merged:
    """One file's outcome: merged (first time), updated (newer work replaced the older), unchanged."""

    path: Path
    annotator: str
    outcome: Literal["merged", "updated", "unchanged"]
    documents: int
    done: int
    spans: int
    events: int


def _fingerprint(store: Store) -> str:
    digest = hashlib.sha256()
    for work in team_rows.analyst_work(store):
        digest.update(orjson.dumps([work.document, work.spans, work.events, work.arguments]))
    return digest.hexdigest()


def _check(files: list[Path], given: dict[Path, dict[str, Any]], team: Store | None) -> None:
    """Refuse, before anything is written, files from another project and two analysts with one name.

    ``team`` None: the team project does not exist yet (checked before it is created).
    """
    first = files[0]
    project_id = given[first]["project_id"]
    for path in files[1:]:
        if given[path]["project_id"] != project_id:
            raise TeamError(f"{path} was assigned from project {given[path]['project']}, not from "
                            f"{given[first]['project']} like {first}; nothing was merged")
    identity = team.get_setting(PROJECT_KEY) if team is not None else None
    if team is not None and identity is not None and identity["id"] != project_id:
        raise TeamError(f"{first} was assigned from project {given[first]['project']}, but {team.path} is project "
                        f"{identity['name']}; nothing was merged")
    if team is not None and identity is None and team.count_documents() > 0:
        raise TeamError(f"{team.path} holds documents but no team: merge into the project the files were assigned "
                        "from, or into a new file; nothing was merged")
    by_name: dict[str, tuple[Path, str]] = {}
    for path in files:
        name, assignment_id = given[path]["annotator"], given[path]["assignment_id"]
        other = by_name.setdefault(name.casefold(), (path, assignment_id))
        if other[1] != assignment_id:
            raise TeamError(f"{other[0]} and {path} are both files of an analyst named {name} but from different "
                            "assignments: two analysts with one name? Assign again with distinct names; "
                            "nothing was merged")
        record = team.get_setting(ANALYST_PREFIX + name) if team is not None else None
        if team is not None and record is not None and record["assignment_id"] != assignment_id:
            raise TeamError(f"{team.path} already holds work of an analyst named {name} from another assignment "
                            f"({record['file']}), so {path} cannot be told apart from it; nothing was merged")


def merge(team_path: Path, files: list[Path]) -> list[Merged]:
    """Merge each analyst's file into ``team_path`` (created if missing); returns one outcome per file."""
    given: dict[Path, dict[str, Any]] = {}
    for path in files:
        with open_project(path, create=False, read_only=True) as source:
            found = assignment(source)
        if found is None:
            raise TeamError(f"{path} is not an analyst's file from `annotator assign`; nothing was merged")
        given[path] = found
    if not team_path.exists():  # a refused merge leaves no new file behind
        _check(files, given, None)
    with open_project(team_path, create=True) as team:
        if team.get_setting(ASSIGNMENT_KEY) is not None:
            raise TeamError(f"{team_path} is an analyst's file; merge into the team's project; nothing was merged")
        _check(files, given, team)
        results: list[Merged] = []
        seen: dict[str, Merged] = {}
        for path in files:
            info = given[path]
            if info["assignment_id"] in seen:  # the same file (or a copy) twice in one command
                earlier = seen[info["assignment_id"]]
                results.append(Merged(path, earlier.annotator, "unchanged", earlier.documents, earlier.done,
                                      earlier.spans, earlier.events))
                continue
            result = _merge_one(team, path, info)
            seen[info["assignment_id"]] = result
            results.append(result)
    return results


def _merge_one(team: Store, path: Path, info: dict[str, Any]) -> Merged:
    name = info["annotator"]
    key = ANALYST_PREFIX + name
    with open_project(path, create=False, read_only=True) as source:
        fingerprint = _fingerprint(source)
        record = team.get_setting(key)
        if record is not None and record["fingerprint"] == fingerprint:
            return Merged(path, name, "unchanged", record["documents"], record["done"], record["spans"],
                          record["events"])
        with team.transaction():
            if team.get_setting(PROJECT_KEY) is None:  # a new team project takes the files' project and schema
                team.set_setting(PROJECT_KEY, {"id": info["project_id"], "name": info["project"]})
                team.set_schema(source.schema)
            if record is not None:
                team_rows.forget_analyst(team, name)
            documents = done = spans = events = 0
            for work in team_rows.analyst_work(source):  # a part of the file at a time: memory stays flat
                doc_id = team_rows.document_id_for(team, work.document)
                span_ids, event_ids = team_rows.insert_work(team, doc_id, work, name)
                team_rows.record_work(team, name, doc_id, work.document["status"], work.document["seconds_spent"],
                                      span_ids, event_ids)
                documents += 1
                done += work.document["status"] == "done"
                spans += len(span_ids)
                events += len(event_ids)
            team.set_setting(key, {
                "assignment_id": info["assignment_id"], "fingerprint": fingerprint, "file": str(path),
                "merged_at": now(), "documents": documents, "done": done, "spans": spans, "events": events,
            })
    return Merged(path, name, "merged" if record is None else "updated", documents, done, spans, events)


def analysts(team: Store) -> dict[str, dict[int, str]]:
    """Each merged analyst's documents (team ids) and the status they left each in."""
    return {key[len(ANALYST_PREFIX):]: team_rows.analyst_statuses(team, key[len(ANALYST_PREFIX):])
            for key in team_rows.settings_with_prefix(team, ANALYST_PREFIX)}


@dataclass(frozen=True)
class AnalystView:
    """One merged analyst's view of the team project: their documents (with their status), their rows by document."""

    name: str
    statuses: dict[int, str]
    store: Store = field(compare=False, repr=False)

    def rows_of(self, doc_id: int) -> tuple[set[int], set[int]]:
        """This analyst's span and event ids of one document."""
        spans, events = team_rows.analyst_rows(self.store, [doc_id])
        return ({i for i, n in spans.items() if n == self.name}, {i for i, n in events.items() if n == self.name})


def analyst_view(team: Store, name: str) -> AnalystView | None:
    """What ``name`` merged into the team project (None: no analyst of that name was merged)."""
    if team.get_setting(ANALYST_PREFIX + name) is None:
        return None
    return AnalystView(name, team_rows.analyst_statuses(team, name), team)
