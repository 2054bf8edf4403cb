"""Pre-annotation's rows: which documents wait for it, and storing its suggestions in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Union

from annotator.documents import Event, Span
from annotator.store.connection import current_time
from annotator.store.documents import DocumentRows

# One document's pre-annotation: (doc_id, spans) or (doc_id, spans, events whose argument
# span_id values index into spans).
Suggestions = Union[tuple[int, Sequence[Span]], tuple[int, Sequence[Span], Sequence[Event]]]


class StoredSuggestions(NamedTuple):
    """How many suggested spans, events and arguments :meth:`Store.store_suggestions` wrote."""

    spans: int
    events: int
    arguments: int


class SuggestionRows(DocumentRows):
    """Suggested spans and events: what pre-annotation reads and writes."""

    def pending_preannotation(self, *, batch: int = 500) -> Iterator[tuple[int, str]]:
        """Stream (id, text) of documents never pre-annotated, in id order."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT id, text FROM documents WHERE preannotated_at IS NULL AND id > ? ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def count_pending_preannotation(self) -> int:
        """How many documents have never been pre-annotated."""
        return self.conn.execute("SELECT COUNT(*) FROM documents WHERE preannotated_at IS NULL").fetchone()[0]

    def store_suggestions(self, results: Iterable[Suggestions], *, model: str) -> StoredSuggestions:
        """Store suggestions for several documents in one transaction; returns what was stored.

        Each result is ``(doc_id, spans)`` or ``(doc_id, spans, events)``; an event's
        ``Argument.span_id`` is an index into that document's ``spans``. Spans go in first, the
        indices become the new span ids, then the events and their arguments follow, all with
        status 'suggested' and ``model`` recorded. A document already pre-annotated (by a
        concurrent run) is left as it is.
        """
        stamp = current_time()
        span_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        argument_rows: list[tuple[Any, ...]] = []
        done: list[tuple[str, str, str, int]] = []
        with self.transaction():
            # Explicit ids (we hold the write lock) let arguments point at spans inserted in bulk.
            next_span = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM spans").fetchone()[0] + 1
            next_event = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0] + 1
            for result in results:
                doc_id, spans = result[0], result[1]
                events: Sequence[Event] = result[2] if len(result) > 2 else ()
                pending = self.conn.execute(
                    "SELECT 1 FROM documents WHERE id = ? AND preannotated_at IS NULL", (doc_id,)
                ).fetchone()
                if pending is None:
                    continue
                # What the analyst already labelled while the document waited (in the app, or
                # another process) wins: no second span on the same characters, no second event.
                held = {(start, end): span_id for span_id, start, end in self.conn.execute(
                    'SELECT id, start, "end" FROM spans WHERE doc_id = ?', (doc_id,))}
                held_events = set(self.conn.execute(
                    "SELECT type, trigger_start, trigger_end FROM events WHERE doc_id = ?", (doc_id,)))
                span_ids: list[int] = []
                for s in spans:
                    if (s.start, s.end) in held:
                        span_ids.append(held[(s.start, s.end)])
                        continue
                    span_rows.append((next_span, doc_id, s.start, s.end, s.label, s.origin, "suggested", s.score,
                                      model, stamp, stamp, s.kind, s.kb_id, s.kb_score))
                    span_ids.append(next_span)
                    next_span += 1
                for e in events:
                    if (e.type, e.trigger_start, e.trigger_end) in held_events:
                        continue
                    event_rows.append((next_event, doc_id, e.type, e.trigger_start, e.trigger_end, e.modality,
                                       e.polarity, e.origin, "suggested", e.score, model, stamp, stamp))
                    for a in e.arguments:
                        if not 0 <= a.span_id < len(spans):
                            raise ValueError(
                                f"document {doc_id}: event {e.type} argument {a.role} points at span index "
                                f"{a.span_id}, but the document has {len(spans)} suggested spans"
                            )
                        argument_rows.append((next_event, a.role, span_ids[a.span_id], a.score, a.origin, stamp))
                    next_event += 1
                done.append((model, stamp, stamp, doc_id))
            self.conn.executemany(
                'INSERT INTO spans(id, doc_id, start, "end", label, origin, status, score, model, created_at,'
                " updated_at, kind, kb_id, kb_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                span_rows,
            )
            self.conn.executemany(
                "INSERT INTO events(id, doc_id, type, trigger_start, trigger_end, modality, polarity, origin, status,"
                " score, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event_rows,
            )
            self.conn.executemany(
                "INSERT INTO arguments(event_id, role, span_id, score, origin, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                argument_rows,
            )
            self.conn.executemany(
                "UPDATE documents SET preannotated_with = ?, preannotated_at = ?, updated_at = ? WHERE id = ?", done
            )
            self.store_missing_tokens([d[3] for d in done])  # what an export reads instead of re-tokenising
        return StoredSuggestions(len(span_rows), len(event_rows), len(argument_rows))
