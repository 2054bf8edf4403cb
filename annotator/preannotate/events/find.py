"""All stages over one document, in order: triggers, each event's arguments, sentence-wide roles, attributes."""

from __future__ import annotations

from annotator.documents import Argument, Event, Span
from annotator.preannotate.events.attributes import Attributes
from annotator.preannotate.events.config import NO_CONSTRAINT
from annotator.preannotate.events.document import Draft
from annotator.preannotate.events.roles import SentenceRoles
from annotator.preannotate.events.triggers import Triggers


class DocEvents(Triggers, SentenceRoles, Attributes):
    """Events of one document: the stages of event finding, run in order by :meth:`run`."""

    def run(self) -> tuple[list[Span], list[Event]]:
        """Triggers, then each event's own arguments, then sentence-wide roles; the events and new spans."""
        triggers = self._find_triggers()
        drafts = [Draft(t, self.sent_of[t.head.i]) for t in triggers]
        for draft in drafts:
            self._arguments(draft)
        by_sentence: dict[int, list[Draft]] = {}
        for draft in drafts:
            by_sentence.setdefault(draft.sentence, []).append(draft)
        for sentence, group in by_sentence.items():
            self._sentence_roles(sentence, group)
        events = []
        base = self.r.scores
        for draft in drafts:
            trig = draft.trigger
            rule = self.r.constraints.get(trig.head.lemma_.lower(), NO_CONSTRAINT)
            circumstances = {self.r.time_role, self.r.source_role, self.r.place_role}
            if rule.needs_argument and not draft.roles() - circumstances:
                continue  # "Trade, tariffs and visas to dominate talks": a topic, not a measure taken
            score = base.trigger(trig.kind) + (base.light_verb_bonus if trig.governor is not None else 0.0)
            arguments = tuple(
                Argument(role=role, span_id=idx, score=round(min(score_, 1.0), 3), origin="rule")
                for (role, idx), score_ in sorted(draft.args.items(),
                                                  key=lambda kv: (self.spans[kv[0][1]].start, kv[0][0]))
            )
            events.append(Event(
                type=trig.type, trigger_start=trig.start, trigger_end=trig.end,
                modality=self._modality(trig), polarity=self._polarity(trig), origin="rule",
                status="suggested", score=round(min(score, 1.0), 3), arguments=arguments,
            ))
        return self._used_new_spans(events)

    def _used_new_spans(self, events: list[Event]) -> tuple[list[Span], list[Event]]:
        """Keep only the new spans some argument uses, renumbering the arguments that point at them."""
        from dataclasses import replace

        used = sorted({a.span_id for e in events for a in e.arguments if a.span_id >= self.n_given})
        renumber = {old: self.n_given + new for new, old in enumerate(used)}
        if all(old == new for old, new in renumber.items()) and len(used) == len(self.spans) - self.n_given:
            return self.spans[self.n_given:], events
        events = [
            replace(e, arguments=tuple(replace(a, span_id=renumber.get(a.span_id, a.span_id)) for a in e.arguments))
            for e in events
        ]
        return [self.spans[i] for i in used], events
