"""Documents and spans as plain dataclasses, with offset validation.

Offsets are Python code points into ``Document.text``; ``end`` is exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

DocStatus = Literal["new", "in_progress", "done", "skipped"]
SpanOrigin = Literal["model", "rule", "memory", "human", "import"]
SpanStatus = Literal["suggested", "accepted", "rejected"]
# A name is what NER labels mean ("Kyiv"); a nominal mention is a description of an entity
# (ACE's NOM: "the Ukrainian military"), kept for the events it fills a role of.
SpanKind = Literal["name", "nominal"]

DOC_STATUSES: tuple[str, ...] = ("new", "in_progress", "done", "skipped")
SPAN_ORIGINS: tuple[str, ...] = ("model", "rule", "memory", "human", "import")
SPAN_STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")
SPAN_KINDS: tuple[str, ...] = ("name", "nominal")


class OffsetError(ValueError):
    """A span's offsets do not fit the text they point into."""


def text_hashes(text: str) -> tuple[str, int]:
    """(content hash, input hash) of a text from one SHA-256: see the two functions below."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return digest.hex(), int.from_bytes(digest[:4], "big", signed=True)


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest used to store each article once."""
    return text_hashes(text)[0]


def input_hash(text: str) -> int:
    """Return a Prodigy-style signed 32-bit ``_input_hash`` for a text."""
    return text_hashes(text)[1]


def validate_offsets(text: str, start: int, end: int) -> None:
    """Raise OffsetError unless ``0 <= start < end <= len(text)``."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise OffsetError(f"offsets must be integers, got {start!r}, {end!r}")
    if not 0 <= start < end <= len(text):
        raise OffsetError(f"span {start}:{end} is outside the text (length {len(text)}) or empty")


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled range of a document's text."""

    start: int
    end: int
    label: str
    origin: SpanOrigin = "human"
    status: SpanStatus = "suggested"
    score: float | None = None
    id: int | None = None
    doc_id: int | None = None
    annotator: str | None = None
    model: str | None = None
    kind: SpanKind = "name"  # "nominal": a description, not a name; NER exports leave it out by default
    # The entity it names in a knowledge base ("geonames:703448", "wikidata:Q1899", an actor list's id),
    # or "NIL" (no entry exists); kb_score: how sure a suggested id is.
    kb_id: str | None = None
    kb_score: float | None = None


# A suggestion scored below this is shown as doubtful in the app, which can jump to the least
# confident one; the one place the threshold is set.
LOW_CONFIDENCE = 0.5


def low_confidence(span: Span) -> bool:
    """True for a suggestion whose score is below :data:`LOW_CONFIDENCE`."""
    return span.status == "suggested" and span.score is not None and span.score < LOW_CONFIDENCE


MODALITIES: tuple[str, ...] = ("asserted", "planned", "hypothetical")
POLARITIES: tuple[str, ...] = ("positive", "negative")


@dataclass(frozen=True, slots=True)
class Argument:
    """A role of an event filled by a span (the span carries the offsets and the entity label)."""

    role: str
    span_id: int
    score: float | None = None
    origin: SpanOrigin = "human"
    id: int | None = None
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or is planned, or hypothetical): a type, a trigger, roles."""

    type: str
    trigger_start: int
    trigger_end: int
    modality: str = "asserted"
    polarity: str = "positive"
    origin: SpanOrigin = "human"
    status: SpanStatus = "suggested"
    score: float | None = None
    id: int | None = None
    doc_id: int | None = None
    annotator: str | None = None
    model: str | None = None
    arguments: tuple[Argument, ...] = ()


@dataclass(slots=True)
class Document:
    """An article: verbatim text, a title, and free-form metadata."""

    text: str
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    status: DocStatus = "new"
    id: int | None = None
    spans: list[Span] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text, the key that keeps an article from being stored twice."""
        return content_hash(self.text)

    def span_text(self, span: Span) -> str:
        """Return the characters a span covers."""
        return self.text[span.start : span.end]
