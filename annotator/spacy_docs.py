"""Labelled spans -> spaCy ``Doc``: the one place where our character spans meet spaCy tokens.

Used by the DocBin export and by training, so both see the same tokens and the same entities.
Spans are expanded to whole tokens (spaCy cannot label part of a token); ``doc.ents`` takes
the longest non-overlapping spans, ``doc.spans["sc"]`` keeps every span, overlaps included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPAN_KEY = "sc"  # spaCy's default key for the spancat component


@dataclass(frozen=True, slots=True)
class Conversion:
    """A Doc and what could not be put on it."""

    doc: Doc
    not_aligned: int  # spans that cover no whole token even when expanded (e.g. only whitespace)
    overlapping: int  # spans left out of doc.ents because a longer one overlaps them (still in doc.spans)
    widened: int = 0  # spans that start or end inside a token, widened to whole tokens


@dataclass(slots=True)
class Tally:
    """What a whole export could not write exactly as labelled, for one line to the user."""

    documents: int = 0
    widened: int = 0
    not_aligned: int = 0
    overlapping: int = 0

    def add(self, conversion: Conversion) -> Conversion:
        """Count one document's conversion; returns it."""
        self.documents += 1
        self.widened += conversion.widened
        self.not_aligned += conversion.not_aligned
        self.overlapping += conversion.overlapping
        return conversion

    def message(self, *, overlaps: str) -> str | None:
        """One line saying what changed (``overlaps``: what happened to overlapping spans), or None."""
        parts = []
        if self.widened:
            parts.append(f"{self.widened} span(s) widened to whole tokens")
        if self.not_aligned:
            parts.append(f"{self.not_aligned} span(s) covering no whole token left out")
        if self.overlapping:
            parts.append(f"{self.overlapping} overlapping span(s) {overlaps}")
        return "; ".join(parts) + f" (in {self.documents} documents)" if parts else None


def make_doc(nlp: Language, text: str, spans: Iterable[tuple[int, int, str]], *, span_key: str = SPAN_KEY,
             kb_ids: Mapping[tuple[int, int, str], str] | None = None) -> Conversion:
    """Tokenise ``text`` with ``nlp``'s tokenizer and put ``spans`` (start, end, label) on it.

    ``kb_ids`` gives some spans their knowledge-base id (``Span.kb_id_``, what spaCy's
    ``EntityLinker`` trains on); a span without one is put on exactly as before.
    """
    from spacy.util import filter_spans

    doc = nlp.make_doc(text)
    found = []
    not_aligned = widened = 0
    for start, end, label in sorted(set(spans)):
        kb_id = kb_ids.get((start, end, label)) if kb_ids else None
        span = doc.char_span(start, end, label=label, alignment_mode="expand") if kb_id is None else \
            doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
        if span is None or len(span) == 0:
            not_aligned += 1
            continue
        widened += (span.start_char, span.end_char) != (start, end)
        found.append(span)
    ents = filter_spans(found)
    doc.set_ents(ents, default="outside")  # every other token is O, not "missing"
    doc.spans[span_key] = found
    return Conversion(doc, not_aligned, len(found) - len(ents), widened)
