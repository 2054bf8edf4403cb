"""The rows a team's files exchange: copying a project for one analyst, reading an analyst's work, merging it.

An analyst's file is a copy of the project (schema, settings, suggestions, tokens) that keeps only
the documents assigned. Merging reads each document's decisions (accepted and rejected spans and
events, with the spans their roles point to) and writes them into the team project, matched by the
text's hash, under the analyst's name. Which rows are an analyst's and which documents each
finished are the tables ``analyst_spans``, ``analyst_events`` and ``analyst_documents`` (schema
v11), read a document at a time; the analyst's record (whose file, its fingerprint) is a settings row.
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


def forget_analyst(store: StoreBase, analyst: str) -> None:
    """Delete an analyst's merged spans and events (their arguments go with them) and their documents' record."""
    store.conn.execute("DELETE FROM events WHERE id IN (SELECT event_id FROM analyst_events WHERE analyst = ?)",
                       (analyst,))
    store.conn.execute("DELETE FROM spans WHERE id IN (SELECT span_id FROM analyst_spans WHERE analyst = ?)",
                       (analyst,))
    store.conn.execute("DELETE FROM analyst_documents WHERE analyst = ?", (analyst,))


def record_work(store: StoreBase, analyst: str, doc_id: int, status: str, seconds: float,
                span_ids: Sequence[int], event_ids: Sequence[int]) -> None:
    """Note one merged document of an analyst: its status in their file, and which new rows are theirs."""
    store.conn.execute("INSERT OR REPLACE INTO analyst_documents(analyst, doc_id, status, seconds_spent)"
                       " VALUES (?, ?, ?, ?)", (analyst, doc_id, status, seconds or 0))
    store.conn.executemany("INSERT INTO analyst_spans(span_id, analyst, doc_id) VALUES (?, ?, ?)",
                           [(i, analyst, doc_id) for i in span_ids])
    store.conn.executemany("INSERT INTO analyst_events(event_id, analyst, doc_id) VALUES (?, ?, ?)",
                           [(i, analyst, doc_id) for i in event_ids])


def has_analysts(store: StoreBase) -> bool:
    """Whether any analyst's work was merged into this project."""
    return store.conn.execute("SELECT 1 FROM analyst_documents LIMIT 1").fetchone() is not None


def analyst_statuses(store: StoreBase, analyst: str) -> dict[int, str]:
    """The documents an analyst's merged file held, with the status the analyst left each in."""
    return dict(store.conn.execute("SELECT doc_id, status FROM analyst_documents WHERE analyst = ?", (analyst,)))


def finished_by(store: StoreBase, doc_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Who finished each of these documents (analysts by name), for those someone finished."""
    found: dict[int, list[str]] = {}
    for at in range(0, len(doc_ids), _PART):
        part = list(doc_ids[at : at + _PART])
        for doc_id, name in store.conn.execute(
                f"SELECT doc_id, analyst FROM analyst_documents WHERE status = 'done' AND doc_id IN"
                f" ({', '.join('?' * len(part))}) ORDER BY doc_id, analyst", part):
            found.setdefault(doc_id, []).append(name)
    return {d: tuple(names) for d, names in found.items()}


def finished_documents(store: StoreBase, *, at_least: int = 1) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each document ``at_least`` analysts finished, in id order, with who (streamed, not held)."""
    rows = store.conn.execute(
        "SELECT doc_id, group_concat(analyst, char(31)) FROM (SELECT doc_id, analyst FROM analyst_documents"
        " WHERE status = 'done' ORDER BY doc_id, analyst) GROUP BY doc_id HAVING COUNT(*) >= ? ORDER BY doc_id",
        (at_least,))
    for doc_id, names in rows:
        yield doc_id, tuple(names.split(chr(31)))


def analyst_rows(store: StoreBase, doc_ids: Sequence[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Of these documents, the analysts' merged spans and events: span id -> analyst, event id -> analyst."""
    spans: dict[int, str] = {}
    events: dict[int, str] = {}
    for at in range(0, len(doc_ids), _PART):
        part = list(doc_ids[at : at + _PART])
        marks = ", ".join("?" * len(part))
        spans.update(store.conn.execute(f"SELECT span_id, analyst FROM analyst_spans WHERE doc_id IN ({marks})", part))
        events.update(store.conn.execute(f"SELECT event_id, analyst FROM analyst_events WHERE doc_id IN ({marks})",
                                         part))
    return spans, events


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
