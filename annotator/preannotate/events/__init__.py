"""Rule-based event pre-annotation over a spaCy parse: triggers, typed arguments, modality, polarity.

Given a parsed ``Doc`` and the entity suggestions already computed for it, :class:`EventRules`
proposes events (PETRARCH/UniversalPetrarch-style: trigger lexicons plus dependency patterns):

- triggers are verbs and nouns found by lower-case lemma, and multi-word phrases ("shot down",
  "set fire") found by a spaCy ``Matcher``; light verbs ("launched an attack", "impose
  sanctions") lend their subject and prepositions to the noun they govern;
- arguments come from grammatical slots (subject, object, prepositions, noun modifiers, counts)
  mapped to each type's roles, with a lower-scored fallback to the nearest fitting entity in the
  sentence; a filler that is not a named entity ("the Ukrainian military") becomes a NEW span
  whose label comes from the noun lexicons;
- modality (asserted / planned / hypothetical) and polarity come from auxiliaries, governing
  verbs, conditionals, modifiers and negation.

Every trigger word, slot-to-role mapping, lexicon, cue and score lives in ``resources/events.json``,
read into the typed, frozen :class:`~annotator.preannotate.events.config.EventConfig`; this
package only knows how to read a parse. Only roles the schema gives a type are proposed, and only
with fillers whose label the role allows. spaCy is never imported at module level.

One module per stage, each a class over the per-document state, stacked so that a stage calls
only the ones below it (an import-linter contract in pyproject.toml keeps it so):

- ``config``: the configuration; ``lexicon``: it compiled for one vocabulary (:class:`Lexicon`);
- ``document``: the per-document state (spans by token, sentences, candidate tokens);
- ``syntax``: subjects, coordination, pronoun antecedents, counts;
- ``triggers``, ``arguments`` (each event's own), ``roles`` (sentence-wide: source, inherited
  roles, fallbacks) and ``attributes`` (modality, polarity);
- ``find``: :class:`~annotator.preannotate.events.find.DocEvents` runs them in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from annotator.documents import Event, Span
from annotator.preannotate.events.config import load_event_config
from annotator.preannotate.events.find import DocEvents
from annotator.preannotate.events.lexicon import Lexicon
from annotator.schema import Schema

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["EventRules", "find_events", "load_event_config", "shift"]


class EventRules(Lexicon):
    """Event rules compiled for one vocabulary (:class:`Lexicon`), applied to one document at a time."""

    def find(self, doc: Doc, spans: Sequence[Span], schema: Schema) -> tuple[list[Span], list[Event]]:
        """Events in ``doc`` given its entity suggestions (offsets relative to ``doc``).

        Returns the new spans the events need (to append after ``spans``) and the events, whose
        ``Argument.span_id`` is an index into ``spans + new spans``. A doc without a dependency
        parse (a blank pipeline) yields nothing.
        """
        if not schema.events or len(doc) == 0 or not doc.has_annotation("DEP"):
            return [], []
        return DocEvents(self, doc, spans, schema).run()


def find_events(doc: Doc, spans: Sequence[Span], schema: Schema, rules: EventRules | None = None
                ) -> tuple[list[Span], list[Event]]:
    """Convenience wrapper: events of ``doc`` with rules compiled for its vocabulary."""
    rules = rules if rules is not None else EventRules.build(doc.vocab)
    return rules.find(doc, spans, schema)


def shift(spans: Iterable[Span], events: Iterable[Event], *, offset: int, index_base: int
          ) -> tuple[list[Span], list[Event]]:
    """Move spans and events by ``offset`` characters and argument span indices by ``index_base``.

    Used for the pieces of a long document: each piece's results join the document's lists.
    """
    from dataclasses import replace

    moved_spans = [replace(s, start=s.start + offset, end=s.end + offset) for s in spans]
    moved_events = [
        replace(
            e, trigger_start=e.trigger_start + offset, trigger_end=e.trigger_end + offset,
            arguments=tuple(replace(a, span_id=a.span_id + index_base) for a in e.arguments),
        )
        for e in events
    ]
    return moved_spans, moved_events
