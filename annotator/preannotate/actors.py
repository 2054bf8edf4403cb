"""Spans -> actor-list ids: a span whose text is an entry's name or alias gets its id as a suggestion.

An entry whose type is a label of the schema (``PERSON``, ``ORG``) is proposed for spans of that
label only; one with another type (ACLED's "State Forces", "Rebel Group") or none, for any span.
When several entries share the name, those typed with the span's label go first and the score
is one over how many remain (two namesakes: 0.5 each, the first imported is proposed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from annotator.documents import Span
from annotator.preannotate.linking import name_key
from annotator.store import Store
from annotator.store.kb_rows import KbEntry, all_entries


@dataclass(frozen=True, slots=True)
class ActorIndex:
    """Name or alias (as :func:`name_key` folds it) -> (id, type) of the entries that have it."""

    names: dict[str, tuple[tuple[str, str], ...]]
    labels: frozenset[str] = frozenset()  # the schema's labels: a type among them is a label

    @classmethod
    def build(cls, entries: Iterable[KbEntry], labels: Iterable[str] = ()) -> ActorIndex:
        """The index of some entries."""
        names: dict[str, dict[str, str]] = {}
        for e in entries:
            for name in (e.name, *e.aliases):
                names.setdefault(name_key(name), {}).setdefault(e.kb_id, e.type.upper())
        return cls({k: tuple(v.items()) for k, v in names.items() if k}, frozenset(labels))

    @classmethod
    def load(cls, store: Store) -> ActorIndex | None:
        """The project's actor lists, or None when it has none."""
        index = cls.build(all_entries(store), store.schema.names)
        return index if index.names else None

    def link(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """``spans`` with an actor id on those without an id whose text an entry names."""
        out = list(spans)
        for i, span in enumerate(spans):
            if span.kb_id is not None:
                continue
            found = [(kb_id, kind) for kb_id, kind in self.names.get(name_key(text[span.start:span.end]), ())
                     if kind == span.label or kind not in self.labels]
            typed = [f for f in found if f[1] == span.label]
            chosen = typed or found
            if chosen:
                out[i] = replace(span, kb_id=chosen[0][0], kb_score=round(1.0 / len(chosen), 4))
        return out
