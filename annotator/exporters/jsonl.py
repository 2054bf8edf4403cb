"""The native JSONL record: one line per document, Prodigy/spaCy compatible, plus events.

Fields as in DESIGN.md: ``text``, ``meta``, ``tokens``, ``spans`` (char and inclusive token
offsets, label, text, source, status, kind, and ``score`` when the span has one; ``kb_id`` and
``kb_score`` when it has a knowledge-base id), ``events``,
``answer`` and Prodigy's hash, annotator and timestamp fields. ``end`` is exclusive,
``token_end`` inclusive (Prodigy's convention).

``kind`` is "name" or "nominal" (a description such as "the Ukrainian military"). Prodigy
trains NER on ``spans``, so nominal mentions are left out of ``spans`` unless the export asks
for them (``nominals``); an event argument filled by one still carries its ``span_id``,
offsets, text, label and ``kind``, which is all an import needs to bring the mention back.

Each event: ``id`` ("e<id>"), ``type``, ``modality``, ``polarity``, ``status``, ``source`` (its
origin), ``trigger`` (char and token offsets, text), ``arguments`` (role, ``span_id`` of a span
in the same record's ``spans``, or of a nominal mention left out of them; offsets, text, label,
kind) and ``codes`` (ACE, ACLED, CAMEO, PLOVER
from the project's schema; None where the schema has none). Which spans and events go out is
decided in :mod:`annotator.exporters.common`.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotator.documents import Event, Span
from annotator.exporters.atomic import atomic_output
from annotator.exporters.common import ExportOptions, event_codes, iter_rows, select
from annotator.exporters.token_json import tokens_json
from annotator.store import Store
from annotator.token_store import StoredTokens, compute, unpack

if TYPE_CHECKING:
    from annotator.schema import Schema

__all__ = ["ExportOptions", "build_record", "export_jsonl", "records", "task_hash"]

ANSWERS = {"done": "accept", "skipped": "ignore"}


def task_hash(input_hash: int, spans: list[dict[str, Any]], events: list[dict[str, Any]] | None = None) -> int:
    """A signed 32-bit hash of the input and its labels (Prodigy's ``_task_hash`` role).

    Events count only when there are some, so a document without events keeps the hash it
    had before events existed.
    """
    # A nominal mention counts with its kind; names hash as they did before kinds existed.
    key: list[Any] = [input_hash, [(s["start"], s["end"], s["label"], *(() if s.get("kind", "name") == "name"
                                                                          else (s["kind"],))) for s in spans]]
    if events:
        key.append([
            (e["type"], e["trigger"]["start"], e["trigger"]["end"], e["modality"], e["polarity"],
             [(a["role"], a["start"], a["end"]) for a in e["arguments"]])
            for e in events
        ])
    return int.from_bytes(hashlib.sha256(orjson.dumps(key)).digest()[:4], "big", signed=True)


def _token_range(index: StoredTokens, start: int, end: int) -> tuple[int, int]:
    """Inclusive token indices of the tokens a character range touches."""
    first = bisect_right(index.ends, start)
    last = bisect_left(index.starts, end) - 1
    return first, max(first, last)


def _event_record(event: Event, text: str, index: StoredTokens, spans: dict[int, Span],
                  schema: Schema | None) -> dict[str, Any]:
    """One exported event: trigger with char and inclusive token offsets, arguments, codes."""
    token_start, token_end = _token_range(index, event.trigger_start, event.trigger_end)
    arguments = []
    for argument in event.arguments:
        span = spans[argument.span_id]
        record = {
            "role": argument.role, "span_id": f"s{span.id}", "start": span.start, "end": span.end,
            "text": text[span.start : span.end], "label": span.label, "kind": span.kind,
        }
        if argument.score is not None:
            record["score"] = argument.score
        arguments.append(record)
    out: dict[str, Any] = {
        "id": f"e{event.id}", "type": event.type, "modality": event.modality, "polarity": event.polarity,
        "status": event.status, "source": event.origin,
        "trigger": {
            "start": event.trigger_start, "end": event.trigger_end, "token_start": token_start,
            "token_end": token_end, "text": text[event.trigger_start : event.trigger_end],
        },
        "arguments": arguments,
        "codes": event_codes(schema, event.type),
    }
    if event.score is not None:  # a suggestion's confidence, as spans carry theirs
        out["score"] = event.score
    return out


def build_record(row: dict[str, Any], spans: list[Span], options: ExportOptions,
                 events: list[Event] | None = None, schema: Schema | None = None,
                 tokens: StoredTokens | None = None, *, tokens_as_json: bool = False) -> dict[str, Any]:
    """The JSONL record of one ``documents`` row, its spans and its events.

    Spans and events are filtered here by ``options`` (the rule in
    :mod:`annotator.exporters.common`), so callers pass everything the store holds. ``tokens``
    are the text's (stored ones, :mod:`annotator.token_store`); without them it is tokenised.
    With ``tokens_as_json`` the record's ``tokens`` are their JSON already, an ``orjson.Fragment``
    (:mod:`annotator.exporters.token_json`), which ``orjson.dumps`` writes as the list it stands for.
    """
    text: str = row["text"]
    index = tokens if tokens is not None else compute(text)  # spaCy's tokens, whitespace ones too
    events = events or []
    if not spans and not events:  # most documents of a large project: nothing to select or place
        out_spans: list[dict[str, Any]] = []
        out_events: list[dict[str, Any]] = []
    else:
        out_spans, out_events = _labels(row, spans, options, events, schema, index)
    meta = dict(orjson.loads(row["meta"]))
    meta.update({"id": row["id"], "title": row["title"], "status": row["status"]})
    meta.setdefault("source", None)
    timestamp = int(datetime.fromisoformat(row["updated_at"]).timestamp())
    return {
        "text": text,
        "meta": meta,
        "tokens": orjson.Fragment(tokens_json(text, index)) if tokens_as_json else [
            {"text": text[s:e], "start": s, "end": e, "id": i, "ws": bool(w)}
            for i, (s, e, w) in enumerate(zip(index.starts, index.ends, index.ws))],
        "spans": out_spans,
        "events": out_events,
        "answer": ANSWERS.get(row["status"], "ignore"),
        "_input_hash": row["input_hash"],
        "_task_hash": task_hash(row["input_hash"], out_spans, out_events),
        "_annotator_id": row["annotator"],
        "_timestamp": timestamp,
    }


def _labels(row: dict[str, Any], spans: list[Span], options: ExportOptions, events: list[Event],
            schema: Schema | None, index: StoredTokens) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The record's ``spans`` and ``events``: those the options choose, with their token offsets."""
    chosen = select(row, spans, events, options, schema)
    text: str = row["text"]
    out_spans = []
    for span in chosen.ner_spans:
        token_start, token_end = _token_range(index, span.start, span.end)
        out = {
            "id": f"s{span.id}", "start": span.start, "end": span.end,
            "token_start": token_start, "token_end": token_end, "label": span.label,
            "text": text[span.start : span.end], "source": span.origin, "status": span.status,
            "kind": span.kind,
        }
        if span.score is not None:
            out["score"] = span.score
        if span.kb_id is not None:  # a knowledge-base id (spaCy's Span.kb_id_), with its suggestion's score
            out["kb_id"] = span.kb_id
            if span.kb_score is not None:
                out["kb_score"] = span.kb_score
        out_spans.append(out)
    by_id = chosen.span_by_id()
    return out_spans, [_event_record(e, text, index, by_id, schema) for e in chosen.events]


def records(store: Store, options: ExportOptions) -> Iterator[dict[str, Any]]:
    """Stream the records of the chosen documents, in project order (one document read at a time)."""
    schema = store.schema
    for row in iter_rows(store, options):
        tokens = store.tokens_of(row["id"], row["text"])
        yield build_record(row, store.spans(row["id"]), options, store.events(row["id"]), schema, tokens)


WRITE_CHUNK = 1 << 20  # bytes of records gathered before one write


def export_jsonl(store: Store, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the records to ``out`` atomically; returns how many documents were written.

    The lines are what ``orjson.dumps`` of :func:`records`' dicts gives, but documents are read
    a batch at a time (:mod:`annotator.exporters.batched`), stored tokens are used as they are,
    and each record's tokens go in as ready JSON.
    """
    from annotator.exporters.batched import iter_documents

    options = options or ExportOptions()
    schema = store.schema
    count, size, chunk = 0, 0, []
    with atomic_output(out) as fh:
        for doc in iter_documents(store, options):
            stored = unpack(doc.packed) if doc.packed is not None else None
            tokens = stored if stored is not None else compute(doc.row["text"])
            record = build_record(doc.row, doc.spans, options, doc.events, schema, tokens, tokens_as_json=True)
            line = orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
            chunk.append(line)
            size += len(line)
            count += 1
            if size >= WRITE_CHUNK:
                fh.write(b"".join(chunk))
                chunk, size = [], 0
        fh.write(b"".join(chunk))
    return count
