"""The chosen documents with their spans, events and stored tokens, read a batch of documents at a time.

What :func:`annotator.exporters.common.iter_rows` streams, plus what ``Store.spans``,
``Store.events`` and the ``tokens`` table hold for each document, in the same orders, but with
one query per table for every ``BATCH`` documents instead of three per document.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.documents import Argument, Event, Span
from annotator.exporters.common import ExportOptions, iter_rows
from annotator.store import event_from_row

if TYPE_CHECKING:
    from annotator.store import Store

BATCH = 200


class DocumentRows(NamedTuple):
    """One document as stored: its ``documents`` row, spans, events and packed tokens (None if not stored)."""

    row: dict[str, Any]
    spans: list[Span]
    events: list[Event]
    packed: bytes | None


def iter_documents(store: Store, options: ExportOptions) -> Iterator[DocumentRows]:
    """Stream the documents that go out, in project order, with everything the store holds for them."""
    rows = iter_rows(store, options)
    while batch := list(islice(rows, BATCH)):
        ids = [row["id"] for row in batch]
        marks = ", ".join("?" * len(ids))
        spans: dict[int, list[Span]] = {}
        for span_row in store.conn.execute(
                'SELECT start, "end", label, origin, status, score, id, doc_id, annotator, model, kind FROM spans'
                f' WHERE doc_id IN ({marks}) ORDER BY doc_id, start, "end" DESC, id', ids):
            spans.setdefault(span_row[7], []).append(Span(*span_row))
        events = _events(store, ids, marks)
        packed = dict(store.conn.execute(f"SELECT doc_id, packed FROM tokens WHERE doc_id IN ({marks})", ids))
        for row in batch:
            doc_id = row["id"]
            yield DocumentRows(row, spans.get(doc_id, []), events.get(doc_id, []), packed.get(doc_id))


def _events(store: Store, ids: list[int], marks: str) -> dict[int, list[Event]]:
    """The events of these documents with their arguments, by document, as ``Store.events`` orders them."""
    arguments: dict[int, list[Argument]] = {}
    for row in store.conn.execute(
            "SELECT a.id, a.event_id, a.role, a.span_id, a.score, a.origin FROM arguments a"
            f" JOIN events e ON e.id = a.event_id WHERE e.doc_id IN ({marks}) ORDER BY a.id", ids):
        arguments.setdefault(row[1], []).append(
            Argument(role=row[2], span_id=row[3], score=row[4], origin=row[5], id=row[0], event_id=row[1]))
    events: dict[int, list[Event]] = {}
    cursor = store.conn.execute(
        f"SELECT * FROM events WHERE doc_id IN ({marks}) ORDER BY doc_id, trigger_start, trigger_end, id", ids)
    names = [c[0] for c in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        events.setdefault(row["doc_id"], []).append(event_from_row(row, tuple(arguments.get(row["id"], ()))))
    return events
