"""The place ids the linker gives names in a sentence, for the linking tests (tests/preannotate/test_link_*.py)."""

from __future__ import annotations

from annotator.documents import Span
from annotator.preannotate.linking import link_places


def linked(text: str, *names: str) -> dict[str, str | None]:
    """Each name (its first occurrence in ``text``, labelled GPE) -> the id the linker gives it."""
    spans = []
    for name in names:
        start = text.index(name)
        spans.append(Span(start, start + len(name), "GPE"))
    return {text[s.start:s.end]: s.kb_id for s in link_places(text, spans)}
