"""The native JSONL record: one line per document, Prodigy/spaCy compatible, plus events.

Fields as in DESIGN.md: ``text``, ``meta``, ``tokens``, ``spans`` (char and inclusive token
offsets, label, text, source, status), ``events``, ``answer`` and Prodigy's hash, annotator
and timestamp fields. ``end`` is exclusive, ``token_end`` inclusive (Prodigy's convention).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from annotator.documents import Span
from annotator.exporters.atomic import atomic_output
from annotator.store import Store
from annotator.tokens import TokenIndex, tokenize

ANSWERS = {"done": "accept", "skipped": "ignore"}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Which documents and spans go out."""

    status: str = "done"  # "done" or "any"
    suggestions: bool = False  # also unreviewed suggestions (never rejected spans)

    def wants_document(self, status: str) -> bool:
        return self.status == "any" or status == self.status

    def wants_span(self, span: Span) -> bool:
        return span.status == "accepted" or (self.suggestions and span.status == "suggested")


def task_hash(input_hash: int, spans: list[dict[str, Any]]) -> int:
    """A signed 32-bit hash of the input and its labelled spans (Prodigy's ``_task_hash`` role)."""
    key = orjson.dumps([input_hash, [(s["start"], s["end"], s["label"]) for s in spans]])
    return int.from_bytes(hashlib.sha256(key).digest()[:4], "big", signed=True)


def _token_range(index: TokenIndex, start: int, end: int) -> tuple[int, int]:
    """Inclusive token indices of the tokens a character range touches."""
    first = bisect_right(index.ends, start)
    last = bisect_left(index.starts, end) - 1
    return first, max(first, last)


def build_record(row: dict[str, Any], spans: list[Span], options: ExportOptions) -> dict[str, Any]:
    """The JSONL record of one ``documents`` row and its spans."""
    text: str = row["text"]
    index = TokenIndex.from_tokens(tokenize(text, keep_space=True))  # spaCy's tokens, whitespace ones too
    tokens = [
        {"text": text[t.start : t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
        for i, t in enumerate(index.tokens)
    ]
    out_spans = []
    for span in spans:
        if not options.wants_span(span):
            continue
        token_start, token_end = _token_range(index, span.start, span.end)
        out_spans.append({
            "id": f"s{span.id}", "start": span.start, "end": span.end,
            "token_start": token_start, "token_end": token_end, "label": span.label,
            "text": text[span.start : span.end], "source": span.origin, "status": span.status,
        })
    meta = dict(orjson.loads(row["meta"]))
    meta.update({"id": row["id"], "title": row["title"], "status": row["status"]})
    meta.setdefault("source", None)
    timestamp = int(datetime.fromisoformat(row["updated_at"]).timestamp())
    return {
        "text": text,
        "meta": meta,
        "tokens": tokens,
        "spans": out_spans,
        "events": [],
        "answer": ANSWERS.get(row["status"], "ignore"),
        "_input_hash": row["input_hash"],
        "_task_hash": task_hash(row["input_hash"], out_spans),
        "_annotator_id": row["annotator"],
        "_timestamp": timestamp,
    }


def records(store: Store, options: ExportOptions) -> Iterator[dict[str, Any]]:
    """Stream the records of the chosen documents, in project order."""
    status = None if options.status == "any" else options.status
    for row in store.iter_documents(status=status):
        yield build_record(row, store.spans(row["id"]), options)


def export_jsonl(store: Store, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the records to ``out`` atomically; returns how many documents were written."""
    options = options or ExportOptions()
    count = 0
    with atomic_output(out) as fh:
        for record in records(store, options):
            fh.write(orjson.dumps(record))
            fh.write(b"\n")
            count += 1
    return count
