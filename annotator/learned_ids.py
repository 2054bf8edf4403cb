"""Phrase -> knowledge-base id, what choosing ids taught (table ``memory_ids``), compiled for applying.

Choosing an id for a span (Ctrl+K, the ``set_kb_id`` operation) teaches its phrase that id
(:mod:`annotator.editing.teaching`). A learned id is given to a span only when it fits the span's
label, as the linkers propose ids: a GeoNames id (``geonames:``) fits the place labels (GPE, LOC),
an actor-list entry typed with a label of the schema (PERSON, ORG) fits that label only, and any
other id (an untyped entry, ``NIL``, an id from elsewhere) fits every label. Of the ids a phrase was
given, a span gets the one chosen most often (the latest on a tie) among those that fit its label.

Both roads give the same ids: pre-annotation applies :meth:`LearnedIds.link` before GeoNames and
the actor lists are asked, and teaching applies the same choice at once to the untouched
suggestions of unreviewed documents. Plain data, so a Dask worker gets it with the run's recipe
(:mod:`annotator.cluster`). Core module: no Qt, no spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from annotator.documents import Span
from annotator.store import Store, kb_rows, memory_rows

LEARNED_SCORE = 1.0  # a learned id is what analysts chose, not a guess


@dataclass(frozen=True, slots=True)
class LearnedIds:
    """Phrase -> its learned ids (most chosen first), and the labels each id fits (absent: every label)."""

    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    labels: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, *, phrases: Iterable[str] | None = None) -> LearnedIds:
        """What choosing ids taught (all, or for ``phrases``), with the labels each id fits in this project."""
        from annotator.preannotate.linking import PLACE_LABELS, PREFIX  # the package imports this module

        ranked = memory_rows.ranked_ids(store, phrases)
        schema_labels = set(store.schema.names)
        labels: dict[str, frozenset[str]] = {}
        for kb_id in {i for ids in ranked.values() for i in ids}:
            if kb_id.startswith(PREFIX):
                labels[kb_id] = PLACE_LABELS
                continue
            entry = kb_rows.entry(store, kb_id)
            if entry is not None and entry.type.upper() in schema_labels:
                labels[kb_id] = frozenset({entry.type.upper()})
        return cls({phrase: tuple(ids) for phrase, ids in ranked.items()}, labels)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def fits(self, kb_id: str, label: str) -> bool:
        """True when a span labelled ``label`` may carry ``kb_id``."""
        allowed = self.labels.get(kb_id)
        return allowed is None or label in allowed

    def for_span(self, phrase: str, label: str) -> str | None:
        """The id a span of ``phrase`` labelled ``label`` gets, or None when nothing learned fits."""
        return next((kb_id for kb_id in self.ids.get(phrase, ()) if self.fits(kb_id, label)), None)

    def link(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """``spans`` with the learned id (score 1) on those without an id whose phrase was taught one."""
        out = list(spans)
        for i, span in enumerate(spans):
            if span.kb_id is None:
                kb_id = self.for_span(text[span.start:span.end], span.label)
                if kb_id is not None:
                    out[i] = replace(span, kb_id=kb_id, kb_score=LEARNED_SCORE)
        return out
