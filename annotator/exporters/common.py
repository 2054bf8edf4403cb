"""What every export format shares: which documents, spans and events go out, and their codes.

One rule for all formats: a document goes out if its status matches; a span or event goes out
if it is accepted, or suggested when ``suggestions`` is on; rejected ones never do. An event's
argument goes out only if the span filling it goes out, so every argument of an exported event
points at an exported span (a rejected filler shows as an empty role, as in the app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from annotator.documents import Argument, Event, Span

if TYPE_CHECKING:
    from annotator.schema import Schema
    from annotator.store import Store

CODE_KEYS: tuple[str, ...] = ("ace", "acled", "cameo", "plover")


class ExportError(ValueError):
    """The export cannot be written where asked; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Which documents, spans and events go out."""

    status: str = "done"  # "done" or "any"
    suggestions: bool = False  # also unreviewed suggestions (never rejected spans or events)
    # Called with the number of documents read so far; may raise ExportCancelled to stop
    # (the atomic writers then leave no output behind).
    progress: Callable[[int], None] | None = field(default=None, compare=False)

    def wants_document(self, status: str) -> bool:
        """True when a document with ``status`` is exported."""
        return self.status == "any" or status == self.status

    def wants_span(self, span: Span) -> bool:
        """Accepted spans, plus suggested ones with ``suggestions``; never rejected ones."""
        return span.status == "accepted" or (self.suggestions and span.status == "suggested")

    def wants_event(self, event: Event) -> bool:
        """The same rule as for spans."""
        return event.status == "accepted" or (self.suggestions and event.status == "suggested")


@dataclass(frozen=True, slots=True)
class DocumentExport:
    """One document as it goes out: its ``documents`` row, exported spans and events.

    ``events`` keep only arguments whose span is in ``spans``, ordered by the schema's role
    order, then by position.
    """

    row: dict[str, Any]
    spans: list[Span]
    events: list[Event]

    @property
    def text(self) -> str:
        """The document's verbatim text."""
        return self.row["text"]

    def span_by_id(self) -> dict[int, Span]:
        """Exported spans by id (what an argument's ``span_id`` refers to)."""
        return {s.id: s for s in self.spans if s.id is not None}


def select(row: dict[str, Any], spans: list[Span], events: list[Event], options: ExportOptions,
           schema: Schema | None = None) -> DocumentExport:
    """Apply the export rule to one document's spans and events."""
    kept_spans = [s for s in spans if options.wants_span(s)]
    by_id = {s.id: s for s in kept_spans}
    kept_events = []
    for event in events:
        if not options.wants_event(event):
            continue
        arguments = [a for a in event.arguments if a.span_id in by_id]
        order = _role_order(schema, event.type)
        arguments.sort(key=lambda a: (order.get(a.role, len(order)), by_id[a.span_id].start,
                                      by_id[a.span_id].end, a.id or 0))
        kept_events.append(_with_arguments(event, tuple(arguments)))
    return DocumentExport(row, kept_spans, kept_events)


def iter_exports(store: Store, options: ExportOptions) -> Iterator[DocumentExport]:
    """Stream the chosen documents one at a time, in project order."""
    status = None if options.status == "any" else options.status
    schema = store.schema
    for row in counted(store.iter_documents(status=status), options):
        yield select(row, store.spans(row["id"]), store.events(row["id"]), options, schema)


class ExportCancelled(Exception):
    """The user stopped an export; nothing was written."""


def counted(rows: Iterator[dict[str, Any]], options: ExportOptions) -> Iterator[dict[str, Any]]:
    """Pass rows through, reporting progress after each (the hook may cancel)."""
    for n, row in enumerate(rows, start=1):
        yield row
        if options.progress is not None:
            options.progress(n)


def event_codes(schema: Schema | None, event_type: str) -> dict[str, str | None]:
    """The interoperability codes of an event type: ACE, ACLED, CAMEO, PLOVER (None if unknown)."""
    codes: dict[str, str | None] = dict.fromkeys(CODE_KEYS)
    found = schema.event(event_type) if schema is not None else None
    if found is not None:
        codes.update(found.codes)
    return codes


def _role_order(schema: Schema | None, event_type: str) -> dict[str, int]:
    if schema is None:
        return {}
    return {role.name: i for i, role in enumerate(schema.roles_of(event_type))}


def _with_arguments(event: Event, arguments: tuple[Argument, ...]) -> Event:
    return event if arguments == event.arguments else replace(event, arguments=arguments)
