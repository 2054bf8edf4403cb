"""The SQL of the correction memory: rows of the ``memory`` table, one per phrase, label and kind.

Used by :mod:`annotator.memory` (listing, switching, forgetting, the lessons in force) and by
:mod:`annotator.editing.teaching` (what an action teaches or withdraws), as functions of a Store
like :mod:`annotator.store.editing_rows`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.store import Store

COLUMNS = ("id", "phrase", "label", "kind", "count", "enabled", "source", "first_by", "first_at", "last_by", "last_at")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM memory"
Row = tuple[Any, ...]  # a memory row, in COLUMNS order


def all_rows(store: Store, *, phrase: str | None = None) -> list[Row]:
    """Every row (or those of ``phrase``), by phrase, label and kind."""
    where, params = (" WHERE phrase = ?", (phrase,)) if phrase is not None else ("", ())
    return [tuple(r) for r in store.conn.execute(f"{_SELECT}{where} ORDER BY phrase, label, kind", params)]


def by_id(store: Store, entry_id: int) -> Row | None:
    row = store.conn.execute(f"{_SELECT} WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else tuple(row)


def by_key(store: Store, phrase: str, label: str, kind: str) -> Row | None:
    row = store.conn.execute(f"{_SELECT} WHERE phrase = ? AND label = ? AND kind = ?", (phrase, label, kind)).fetchone()
    return None if row is None else tuple(row)


def set_enabled(store: Store, entry_id: int, enabled: bool) -> None:
    store.conn.execute("UPDATE memory SET enabled = ? WHERE id = ?", (int(enabled), entry_id))


def delete(store: Store, entry_id: int) -> None:
    store.conn.execute("DELETE FROM memory WHERE id = ?", (entry_id,))


def insert(store: Store, phrase: str, label: str, kind: str, source: str, annotator: str | None, stamp: str) -> int:
    """A new entry, taught once; returns its id."""
    cursor = store.conn.execute(
        "INSERT INTO memory(phrase, label, kind, count, enabled, source, first_by, first_at, last_by, last_at)"
        " VALUES (?, ?, ?, 1, 1, ?, ?, ?, ?, ?)", (phrase, label, kind, source, annotator, stamp, annotator, stamp))
    return int(cursor.lastrowid or 0)


def count_up(store: Store, entry_id: int, annotator: str | None, stamp: str) -> None:
    """Taught (or confirmed) once more, by whom and when."""
    store.conn.execute("UPDATE memory SET count = count + 1, last_by = ?, last_at = ? WHERE id = ?",
                       (annotator, stamp, entry_id))


def count_down(store: Store, entry_id: int) -> None:
    """Taught once less (a count never drops below 1: forget the entry instead)."""
    store.conn.execute("UPDATE memory SET count = max(1, count - 1) WHERE id = ?", (entry_id,))


def votes(store: Store, phrases: Iterable[str] | None = None) -> list[tuple[str, str, str, int, str]]:
    """(phrase, label, kind, count, last_at) of the enabled entries (of ``phrases``, if given)."""
    sql = "SELECT phrase, label, kind, count, last_at FROM memory WHERE enabled = 1"
    params: tuple[str, ...] = ()
    if phrases is not None:
        params = tuple(set(phrases))
        if not params:
            return []
        sql += f" AND phrase IN ({', '.join('?' * len(params))})"
    return [(r[0], r[1], r[2], r[3], r[4]) for r in store.conn.execute(sql, params)]


# -- phrase -> knowledge-base id (memory_ids) ------------------------------------------------
def teach_id(store: Store, phrase: str, kb_id: str, annotator: str | None, stamp: str) -> None:
    """``phrase`` was given ``kb_id`` once more (a new entry counts 1)."""
    store.conn.execute(
        "INSERT INTO memory_ids(phrase, kb_id, count, first_by, first_at, last_by, last_at) VALUES (?, ?, 1, ?, ?, ?, ?)"
        " ON CONFLICT(phrase, kb_id) DO UPDATE SET count = count + 1, last_by = excluded.last_by,"
        " last_at = excluded.last_at", (phrase, kb_id, annotator, stamp, annotator, stamp))


def ranked_ids(store: Store, phrases: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Phrase -> the ids it was given (of ``phrases``, if given), the most chosen first (the latest on a tie)."""
    sql = "SELECT phrase, kb_id FROM memory_ids"
    params: tuple[str, ...] = ()
    if phrases is not None:
        params = tuple(set(phrases))
        if not params:
            return {}
        sql += f" WHERE phrase IN ({', '.join('?' * len(params))})"
    ranked: dict[str, list[str]] = {}
    for phrase, kb_id in store.conn.execute(f"{sql} ORDER BY phrase, count DESC, last_at DESC, id DESC", params):
        ranked.setdefault(phrase, []).append(kb_id)
    return ranked


def learned_ids(store: Store) -> dict[str, str]:
    """Phrase -> the id it was given most often (the latest on a tie)."""
    return {phrase: ids[0] for phrase, ids in ranked_ids(store).items()}


ID_COLUMNS = ("id", "phrase", "kb_id", "count", "first_by", "first_at", "last_by", "last_at")


def id_rows(store: Store) -> list[Row]:
    """Every phrase -> id row, in ID_COLUMNS order, by phrase and the most chosen first."""
    return [tuple(r) for r in store.conn.execute(
        f"SELECT {', '.join(ID_COLUMNS)} FROM memory_ids ORDER BY phrase, count DESC, last_at DESC, id DESC")]


def delete_id(store: Store, entry_id: int) -> None:
    store.conn.execute("DELETE FROM memory_ids WHERE id = ?", (entry_id,))
