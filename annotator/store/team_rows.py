"""The rows a team's files exchange: copying a project for one analyst, reading an analyst's work, merging it.

An analyst's file is a copy of the project (schema, settings, suggestions, tokens) that keeps only
the documents assigned. Merging reads each document's decisions (accepted and rejected spans and
events, with the spans their roles point to) and writes them into the team project, matched by the
text's hash, under the analyst's name. Who finished which document lives in the settings table
(``annotator.team``), so no schema version is needed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotator.store.connection import StoreBase, current_time

_PART = 500  # documents read per query


def copy_file(store: StoreBase, target: Path) -> None:
    """Write a copy of the whole project to ``target``, replacing any file there."""
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(str(target))
    try:
        store.conn.backup(copy)
    finally:
        copy.close()


def all_document_ids(store: StoreBase) -> list[int]:
    """Every document's id, in id order."""
    return [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY id")]


def keep_only(store: StoreBase, doc_ids: Sequence[int]) -> None:
    """Delete every document (with its rows) but ``doc_ids``, and the history: an analyst's file starts afresh."""
    with store.transaction():
        store.conn.execute("CREATE TEMP TABLE IF NOT EXISTS kept (id INTEGER PRIMARY KEY)")
        store.conn.execute("DELETE FROM kept")
        store.conn.executemany("INSERT INTO kept(id) VALUES (?)", [(i,) for i in doc_ids])
        store.conn.execute("DELETE FROM documents WHERE id NOT IN (SELECT id FROM kept)")
        store.conn.execute("DELETE FROM history")
        store.conn.execute("DROP TABLE kept")
    store.conn.execute("VACUUM")


@dataclass
class DocumentWork:
    """One document of an analyst's file: its row, and the span, event and argument rows decided on it."""

    document: dict[str, Any]
    spans: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    arguments: list[dict[str, Any]] = field(default_factory=list)


def _rows(store: StoreBase, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = store.conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, values)) for values in cursor]


def analyst_work(store: StoreBase) -> Iterator[DocumentWork]:
    """Each document of the file with its decisions: accepted and rejected spans and events, and role fillers."""
    ids = all_document_ids(store)
    for at in range(0, len(ids), _PART):
        part = ids[at : at + _PART]
        marks = ", ".join("?" * len(part))
        docs = {r["id"]: DocumentWork(r) for r in _rows(
            store, "SELECT id, content_hash, input_hash, title, text, meta, status, seconds_spent, updated_at"
                   f" FROM documents WHERE id IN ({marks}) ORDER BY id", part)}
        for row in _rows(store, f"SELECT * FROM events WHERE doc_id IN ({marks}) AND status != 'suggested'"
                                " ORDER BY doc_id, id", part):
            docs[row["doc_id"]].events.append(row)
        for row in _rows(store, "SELECT a.*, e.doc_id FROM arguments a JOIN events e ON e.id = a.event_id"
                                f" WHERE e.doc_id IN ({marks}) AND e.status != 'suggested' ORDER BY a.id", part):
            docs[row.pop("doc_id")].arguments.append(row)
        fillers = {a["span_id"] for d in docs.values() for a in d.arguments}
        for row in _rows(store, f"SELECT * FROM spans WHERE doc_id IN ({marks}) ORDER BY doc_id, id", part):
            if row["status"] != "suggested" or row["id"] in fillers:
                docs[row["doc_id"]].spans.append(row)
        yield from docs.values()


def document_id_for(store: StoreBase, document: dict[str, Any]) -> int:
    """The team project's id of this document (by its text's hash), added if the project lacks it."""
    row = store.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (document["content_hash"],)).fetchone()
    if row is not None:
        return int(row[0])
    stamp = current_time()
    cursor = store.conn.execute(
        "INSERT INTO documents(content_hash, input_hash, title, text, meta, status, imported_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, 'new', ?, ?)",
        (document["content_hash"], document["input_hash"], document["title"], document["text"], document["meta"],
         stamp, stamp))
    return int(cursor.lastrowid or 0)


def _insert(store: StoreBase, table: str, row: dict[str, Any]) -> int:
    columns = ", ".join(f'"{k}"' for k in row)
    cursor = store.conn.execute(f"INSERT INTO {table}({columns}) VALUES ({', '.join('?' * len(row))})",
                                tuple(row.values()))
    return int(cursor.lastrowid or 0)


def insert_work(store: StoreBase, doc_id: int, work: DocumentWork, annotator: str) -> tuple[list[int], list[int]]:
    """Write one document's decisions under ``annotator``'s name; returns the new span and event ids."""
    span_ids: dict[int, int] = {}
    for row in work.spans:
        span_ids[row["id"]] = _insert(store, "spans", {**row, "id": None, "doc_id": doc_id, "annotator": annotator})
    event_ids: dict[int, int] = {}
    for row in work.events:
        event_ids[row["id"]] = _insert(store, "events", {**row, "id": None, "doc_id": doc_id, "annotator": annotator})
    for row in work.arguments:
        _insert(store, "arguments", {**row, "id": None, "event_id": event_ids[row["event_id"]],
                                     "span_id": span_ids[row["span_id"]]})
    return list(span_ids.values()), list(event_ids.values())


def delete_rows(store: StoreBase, span_ids: Sequence[int], event_ids: Sequence[int]) -> None:
    """Delete spans and events by id (their arguments go with them)."""
    for at in range(0, max(len(span_ids), len(event_ids)), _PART):
        for table, ids in (("events", event_ids[at : at + _PART]), ("spans", span_ids[at : at + _PART])):
            if ids:
                store.conn.execute(f"DELETE FROM {table} WHERE id IN ({', '.join('?' * len(ids))})", tuple(ids))


def settings_with_prefix(store: StoreBase, prefix: str) -> dict[str, Any]:
    """Every JSON setting whose key starts with ``prefix``."""
    return {k: orjson.loads(v) for k, v in store.conn.execute(
        "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))}


def documents_by_hash(store: StoreBase, hashes: Sequence[str]) -> dict[str, tuple[int, str]]:
    """The id and text of the documents with these text hashes."""
    found: dict[str, tuple[int, str]] = {}
    for at in range(0, len(hashes), _PART):
        part = list(hashes[at : at + _PART])
        for digest, doc_id, text in store.conn.execute(
                f"SELECT content_hash, id, text FROM documents WHERE content_hash IN ({', '.join('?' * len(part))})",
                part):
            found[digest] = (doc_id, text)
    return found
