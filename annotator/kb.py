"""Actor lists: a team's own list of actors (or an export of Wikidata entities) stored in the project.

``annotator kb import P.db actors.csv`` reads a CSV of ``id,name,aliases,type[,description]``
(UTF-8, a header row optional; aliases separated by ``|`` or ``;``). Entries are kept in the
project (``kb_entries``, searchable offline through SQLite FTS5) and pre-annotation proposes
their ids for spans whose text is an entry's name or alias (:mod:`annotator.preannotate.actors`).
An id must hold no whitespace (brat's normalization lines could not carry it); an entry imported
again with the same id replaces the old one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.errors import ActorListError
from annotator.store import Store
from annotator.store import kb_rows
from annotator.store.kb_rows import KbEntry

if TYPE_CHECKING:
    from annotator.preannotate.linking import Place

HEADER = ("id", "name", "aliases", "type", "description")


@dataclass(frozen=True, slots=True)
class KbImport:
    """What an import of an actor list did."""

    added: int
    replaced: int
    total: int  # entries in the project afterwards


def read_actor_csv(path: Path) -> Iterator[KbEntry]:
    """The entries of an actor list CSV; ActorListError naming the line for a row that cannot be one."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for number, row in enumerate(csv.reader(fh), start=1):
                if not row or not any(cell.strip() for cell in row):
                    continue
                cells = [cell.strip() for cell in row]
                if number == 1 and [c.casefold() for c in cells[:4]] == list(HEADER[:4]):
                    continue
                yield _entry(cells, path, number)
    except UnicodeDecodeError as exc:
        raise ActorListError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise ActorListError(f"{path}: not a CSV file ({exc})") from exc


def _entry(cells: list[str], path: Path, number: int) -> KbEntry:
    if not 4 <= len(cells) <= 5:
        raise ActorListError(f"{path}:{number}: expected id,name,aliases,type[,description], "
                             f"got {len(cells)} column(s)")
    kb_id, name, aliases, type_ = cells[:4]
    if not kb_id or any(c.isspace() for c in kb_id):
        raise ActorListError(f"{path}:{number}: the id must be non-empty and hold no spaces, not {kb_id!r}")
    if not name:
        raise ActorListError(f"{path}:{number}: entry {kb_id} has no name")
    names = tuple(dict.fromkeys(a.strip() for a in aliases.replace(";", "|").split("|") if a.strip()))
    return KbEntry(kb_id, name, names, type_, cells[4] if len(cells) == 5 else "", path.name)


def import_actor_list(store: Store, path: str | Path) -> KbImport:
    """Store the entries of an actor list CSV in the project, all or nothing."""
    path = Path(path)
    entries = list(read_actor_csv(path))  # read whole before writing: a bad line leaves the project as it was
    with store.transaction():
        added, replaced = kb_rows.put_entries(store, entries)
    return KbImport(added, replaced, kb_rows.count(store))


def _named(store: Store, kb_id: str) -> KbEntry | Place | None:
    """What an id names: the project's actor-list entry, else the GeoNames place (None: neither)."""
    from annotator.preannotate.linking import place_by_id

    found = kb_rows.entry(store, kb_id)
    return found if found is not None else place_by_id(kb_id)


def describe(store: Store, kb_id: str) -> str:
    """One line for an id: an actor list's entry (name, type, description) or a GeoNames place."""
    named = _named(store, kb_id)
    if isinstance(named, KbEntry):
        return " · ".join(part for part in (named.name, named.type, named.description) if part)
    if named is not None:
        where = f" ({named.latitude:.4f}, {named.longitude:.4f})" if named.latitude is not None else ""
        return f"{named.name} · {named.kind} · {named.country or '-'}{where}"
    return "NIL: no entry exists" if kb_id == "NIL" else kb_id


def explain(store: Store, kb_id: str) -> str:
    """What an id names, in words for the span inspector: an actor-list entry's name, type and
    description; a GeoNames place's name, kind, country and coordinates; NIL (no entry)."""
    if kb_id == "NIL":
        return "NIL (no entry)"
    named = _named(store, kb_id)
    if isinstance(named, KbEntry):
        name = f"{named.name} ({named.type})" if named.type else named.name
        return f"{kb_id}: {name}" + (f", {named.description}" if named.description else "") + f" [{named.source}]"
    if named is not None:
        where = f", {named.latitude:.4f}, {named.longitude:.4f}" if named.latitude is not None else ""
        return f"{kb_id}: {named.name}, {named.kind} in {named.country or '-'}{where}"
    return f"{kb_id} (in neither the actor lists nor GeoNames)"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One choice of the typeahead: an id with what to show of it."""

    kb_id: str
    name: str
    detail: str  # type and description, or a place's kind, country and coordinates


NIL = Candidate("NIL", "NIL", "no entry exists")


def candidates(store: Store, query: str, *, limit: int = 20) -> list[Candidate]:
    """What an id may be for ``query`` (a span's text, or what the analyst typed): GeoNames places of
    that name (the likeliest first), then actor-list entries matching it (FTS5 prefix search), then NIL."""
    from annotator.preannotate.linking import candidates as places
    from annotator.store import fts_query

    out: list[Candidate] = []
    for place, _ in sorted(places(query), key=lambda c: (not c[1], -c[0].population))[:limit]:
        where = f", {place.latitude:.2f}, {place.longitude:.2f}" if place.latitude is not None else ""
        out.append(Candidate(place.kb_id, place.name, f"{place.kind}, {place.country or '-'}{where}"))
    if query.strip():
        for e in kb_rows.search(store, fts_query(query), limit=max(limit - len(out), 0)):
            out.append(Candidate(e.kb_id, e.name, " · ".join(p for p in (e.type, e.description) if p)))
    return [*out, NIL]
