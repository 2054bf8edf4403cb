"""Spans, events and their role fillers (arguments): reading, inserting, updating, deleting rows.

A row that no longer exists (deleted by another window or process) raises
:class:`~annotator.errors.Gone`, a ``KeyError`` as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from annotator.documents import Argument, Event, Span
from annotator.errors import Gone
from annotator.store.connection import StoreBase, current_time

SPAN_COLUMNS = (
    "id", "doc_id", "start", "end", "label", "origin", "status", "score",
    "annotator", "model", "created_at", "updated_at", "kind",
    "kb_id", "kb_score",
)


def event_from_row(row: dict[str, Any], arguments: tuple[Argument, ...] = ()) -> Event:
    """Build an Event from an ``events`` row and its arguments."""
    return Event(
        type=row["type"], trigger_start=row["trigger_start"], trigger_end=row["trigger_end"],
        modality=row["modality"], polarity=row["polarity"], origin=row["origin"], status=row["status"],
        score=row["score"], id=row["id"], doc_id=row["doc_id"], annotator=row["annotator"], model=row["model"],
        arguments=arguments,
    )


def span_from_row(row: dict[str, Any]) -> Span:
    """Build a Span from a ``spans`` row."""
    return Span(
        start=row["start"], end=row["end"], label=row["label"], origin=row["origin"],
        status=row["status"], score=row["score"], id=row["id"], doc_id=row["doc_id"],
        annotator=row["annotator"], model=row["model"], kind=row["kind"],
        kb_id=row.get("kb_id"), kb_score=row.get("kb_score"),
    )


class AnnotationRows(StoreBase):
    """The ``spans``, ``events`` and ``arguments`` tables of a project."""

    # -- spans -------------------------------------------------------------------------------
    def spans(self, doc_id: int) -> list[Span]:
        """A document's spans ordered by start, longest first."""
        # Plain tuples straight into Span: this runs on every document open, with up to 50,000 rows.
        rows = self.conn.execute(
            'SELECT start, "end", label, origin, status, score, id, doc_id, annotator, model, kind, kb_id, kb_score FROM spans'
            ' WHERE doc_id = ? ORDER BY start, "end" DESC, id',
            (doc_id,),
        )
        return [Span(*row) for row in rows]

    def has_kb_ids(self) -> bool:
        """Whether any span of the project carries a knowledge-base id."""
        return self.conn.execute("SELECT 1 FROM spans WHERE kb_id IS NOT NULL LIMIT 1").fetchone() is not None

    def spans_by_ids(self, span_ids: list[int]) -> list[Span]:
        """Some spans, by id (those that still exist)."""
        if not span_ids:
            return []
        marks = ", ".join("?" * len(span_ids))
        return [span_from_row(r) for r in self.db.query(f"SELECT * FROM spans WHERE id IN ({marks})", span_ids)]

    def span_row(self, span_id: int) -> dict[str, Any]:
        """The raw ``spans`` row."""
        rows = list(self.db.query("SELECT * FROM spans WHERE id = ?", [span_id]))
        if not rows:
            raise Gone(f"no span with id {span_id}")
        return rows[0]

    def insert_spans(self, doc_id: int, spans: Iterable[Span]) -> list[int]:
        """Insert spans for a document; returns their ids. Call inside a transaction."""
        stamp = current_time()
        ids = []
        for s in spans:
            cursor = self.conn.execute(
                'INSERT INTO spans(id, doc_id, start, "end", label, origin, status, score, annotator, model,'
                " created_at, updated_at, kind, kb_id, kb_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.id, doc_id, s.start, s.end, s.label, s.origin, s.status, s.score, s.annotator, s.model,
                 stamp, stamp, s.kind, s.kb_id, s.kb_score),
            )
            ids.append(int(cursor.lastrowid or 0))
        return ids

    def insert_span_row(self, row: dict[str, Any]) -> None:
        """Re-insert a span row exactly as it was (undo of a delete)."""
        self.db.table("spans").insert(row)

    def _update_row(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        values.setdefault("updated_at", current_time())
        assignments = ", ".join(f'"{k}" = ?' for k in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))

    def update_span(self, span_id: int, **values: Any) -> None:
        """Set columns of a span and its ``updated_at``."""
        self._update_row("spans", span_id, values)

    def delete_span(self, span_id: int) -> None:
        """Remove a span row."""
        self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))

    # -- events ------------------------------------------------------------------------------
    def events(self, doc_id: int) -> list[Event]:
        """A document's events with their arguments, ordered by trigger position."""
        arguments: dict[int, list[Argument]] = {}
        for row in self.conn.execute(
            "SELECT a.id, a.event_id, a.role, a.span_id, a.score, a.origin FROM arguments a"
            " JOIN events e ON e.id = a.event_id WHERE e.doc_id = ? ORDER BY a.id",
            (doc_id,),
        ):
            arguments.setdefault(row[1], []).append(
                Argument(role=row[2], span_id=row[3], score=row[4], origin=row[5], id=row[0], event_id=row[1])
            )
        return [
            event_from_row(row, tuple(arguments.get(row["id"], ())))
            for row in self.db.query(
                "SELECT * FROM events WHERE doc_id = ? ORDER BY trigger_start, trigger_end, id", [doc_id]
            )
        ]

    def event(self, event_id: int) -> Event:
        """One event with its arguments."""
        row = self.event_row(event_id)
        return next(e for e in self.events(row["doc_id"]) if e.id == event_id)

    def event_row(self, event_id: int) -> dict[str, Any]:
        """The raw ``events`` row."""
        rows = list(self.db.query("SELECT * FROM events WHERE id = ?", [event_id]))
        if not rows:
            raise Gone(f"no event with id {event_id}")
        return rows[0]

    def insert_event(self, doc_id: int, event: Event) -> int:
        """Insert an event and its arguments; returns its id. Call inside a transaction."""
        stamp = current_time()
        cursor = self.conn.execute(
            "INSERT INTO events(id, doc_id, type, trigger_start, trigger_end, modality, polarity, origin, status,"
            " score, annotator, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.id, doc_id, event.type, event.trigger_start, event.trigger_end, event.modality, event.polarity,
             event.origin, event.status, event.score, event.annotator, event.model, stamp, stamp),
        )
        event_id = int(cursor.lastrowid or 0)
        for argument in event.arguments:
            self.insert_argument(event_id, argument)
        return event_id

    def insert_event_row(self, row: dict[str, Any]) -> None:
        """Re-insert an event row exactly as it was (undo of a delete)."""
        self.db.table("events").insert(row)

    def update_event(self, event_id: int, **values: Any) -> None:
        """Set columns of an event and its ``updated_at``."""
        self._update_row("events", event_id, values)

    def delete_event(self, event_id: int) -> None:
        """Remove an event (its arguments go with it)."""
        self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def insert_argument(self, event_id: int, argument: Argument) -> int:
        """Fill a role of an event with a span; returns the argument id."""
        cursor = self.conn.execute(
            "INSERT INTO arguments(id, event_id, role, span_id, score, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (argument.id, event_id, argument.role, argument.span_id, argument.score, argument.origin, current_time()),
        )
        return int(cursor.lastrowid or 0)

    def argument_rows(self, *, event_id: int | None = None, span_id: int | None = None) -> list[dict[str, Any]]:
        """Raw ``arguments`` rows of an event or of a span (to restore them on undo)."""
        column, value = ("event_id", event_id) if event_id is not None else ("span_id", span_id)
        return list(self.db.query(f"SELECT * FROM arguments WHERE {column} = ? ORDER BY id", [value]))

    def insert_argument_rows(self, rows: list[dict[str, Any]]) -> None:
        """Re-insert argument rows exactly as they were."""
        if rows:
            self.db.table("arguments").insert_all(rows)

    def delete_argument(self, argument_id: int) -> None:
        """Empty one role slot."""
        self.conn.execute("DELETE FROM arguments WHERE id = ?", (argument_id,))

    def spans_by_document(self, doc_ids: Sequence[int]) -> dict[int, list[Span]]:
        """The spans of these documents by document, ordered as :meth:`spans` orders them (one query)."""
        marks = ", ".join("?" * len(doc_ids))
        spans: dict[int, list[Span]] = {}
        for row in self.conn.execute(
                'SELECT start, "end", label, origin, status, score, id, doc_id, annotator, model, kind, kb_id, kb_score FROM spans'
                f' WHERE doc_id IN ({marks}) ORDER BY doc_id, start, "end" DESC, id', doc_ids):
            spans.setdefault(row[7], []).append(Span(*row))
        return spans

    def events_by_document(self, doc_ids: Sequence[int]) -> dict[int, list[Event]]:
        """The events of these documents with their arguments, by document, as :meth:`events` orders them."""
        marks = ", ".join("?" * len(doc_ids))
        arguments: dict[int, list[Argument]] = {}
        for row in self.conn.execute(
                "SELECT a.id, a.event_id, a.role, a.span_id, a.score, a.origin FROM arguments a"
                f" JOIN events e ON e.id = a.event_id WHERE e.doc_id IN ({marks}) ORDER BY a.id", doc_ids):
            arguments.setdefault(row[1], []).append(
                Argument(role=row[2], span_id=row[3], score=row[4], origin=row[5], id=row[0], event_id=row[1]))
        events: dict[int, list[Event]] = {}
        cursor = self.conn.execute(
            f"SELECT * FROM events WHERE doc_id IN ({marks}) ORDER BY doc_id, trigger_start, trigger_end, id", doc_ids)
        names = [c[0] for c in cursor.description]
        for values in cursor:
            row = dict(zip(names, values))
            events.setdefault(row["doc_id"], []).append(event_from_row(row, tuple(arguments.get(row["id"], ()))))
        return events
