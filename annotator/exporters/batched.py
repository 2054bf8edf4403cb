"""The chosen documents with their spans, events and stored tokens, read a batch of documents at a time.

What :func:`annotator.exporters.common.iter_rows` streams, plus what ``Store.spans``,
``Store.events`` and the ``tokens`` table hold for each document, in the same orders, but with
one query per table for every ``BATCH`` documents instead of three per document.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.documents import Event, Span
from annotator.exporters.common import ExportOptions, iter_rows

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
        spans, events, packed = store.spans_by_document(ids), store.events_by_document(ids), store.packed_tokens(ids)
        for row in batch:
            doc_id = row["id"]
            yield DocumentRows(row, spans.get(doc_id, []), events.get(doc_id, []), packed.get(doc_id))
