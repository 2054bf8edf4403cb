"""The SQL of actor lists: ``kb_entries`` rows (a knowledge base's id, name, aliases, type and
description) and their FTS5 index over names and aliases (migration 10), as functions of a Store
like :mod:`annotator.store.memory_rows`. Aliases are stored joined by ``|``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from annotator.store import Store


class KbEntry(NamedTuple):
    """One entry of an actor list."""

    kb_id: str
    name: str
    aliases: tuple[str, ...]
    type: str
    description: str
    source: str


_SELECT = "SELECT kb_id, name, aliases, type, description, source FROM kb_entries"


def _entry(row: Sequence[Any]) -> KbEntry:
    kb_id, name, aliases, type_, description, source = row
    return KbEntry(kb_id, name, tuple(a for a in str(aliases).split("|") if a), type_, description, source)


def put_entries(store: Store, entries: Iterable[KbEntry]) -> tuple[int, int]:
    """Add entries, replacing those with the same id; returns (added, replaced). Call inside a transaction."""
    added = replaced = 0
    for e in entries:
        cursor = store.conn.execute(
            "UPDATE kb_entries SET name = ?, aliases = ?, type = ?, description = ?, source = ? WHERE kb_id = ?",
            (e.name, "|".join(e.aliases), e.type, e.description, e.source, e.kb_id))
        if cursor.rowcount:
            replaced += 1
            continue
        store.conn.execute(
            "INSERT INTO kb_entries(kb_id, name, aliases, type, description, source) VALUES (?, ?, ?, ?, ?, ?)",
            (e.kb_id, e.name, "|".join(e.aliases), e.type, e.description, e.source))
        added += 1
    return added, replaced


def count(store: Store) -> int:
    """How many entries the project's actor lists hold."""
    return int(store.conn.execute("SELECT COUNT(*) FROM kb_entries").fetchone()[0])


def entries(store: Store, *, limit: int | None = None, offset: int = 0) -> list[KbEntry]:
    """Entries by name (then id)."""
    return [_entry(r) for r in store.conn.execute(
        f"{_SELECT} ORDER BY name, kb_id LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset))]


def all_entries(store: Store, *, batch: int = 5000) -> Iterator[KbEntry]:
    """Every entry, in id order, read in batches (an actor list may hold 100,000)."""
    last = 0
    while True:
        rows = store.conn.execute(
            "SELECT id, kb_id, name, aliases, type, description, source FROM kb_entries WHERE id > ? ORDER BY id"
            " LIMIT ?", (last, batch)).fetchall()
        if not rows:
            return
        for row in rows:
            yield _entry(row[1:])
        last = rows[-1][0]


def entry(store: Store, kb_id: str) -> KbEntry | None:
    """The entry with this id, if the project has it."""
    row = store.conn.execute(f"{_SELECT} WHERE kb_id = ?", (kb_id,)).fetchone()
    return None if row is None else _entry(row)


def search(store: Store, fts_query: str, *, limit: int = 20) -> list[KbEntry]:
    """Entries whose name or aliases match an FTS5 query, best first."""
    return [_entry(r) for r in store.conn.execute(
        "SELECT e.kb_id, e.name, e.aliases, e.type, e.description, e.source FROM kb_entries_fts f"
        " JOIN kb_entries e ON e.id = f.rowid WHERE kb_entries_fts MATCH ? ORDER BY f.rank LIMIT ?",
        (fts_query, limit))]
