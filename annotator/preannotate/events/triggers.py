"""Trigger finding: phrase matches, single words by lemma, the lexicon's constraints, light verbs and coordination folded in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.preannotate.events.config import NO_CONSTRAINT
from annotator.preannotate.events.document import NOUNS, Trigger
from annotator.preannotate.events.syntax import Syntax

if TYPE_CHECKING:
    from spacy.tokens import Token


class Triggers(Syntax):
    """The event triggers of one document."""

    def _find_triggers(self) -> list[Trigger]:
        """Trigger candidates: phrase matches first, then single words by lemma, then folding."""
        r = self.r
        doc = self.doc
        found: dict[int, Trigger] = {}
        claimed: set[int] = set()
        for match_id, start, end in r._matcher(doc):
            info = r._phrase_info[match_id]
            head = doc[start + info.head]
            t_start, t_end = info.trigger if info.trigger is not None else (0, end - start)
            if any(i in claimed for i in range(start, end)):
                continue
            if self._blocked(head):
                continue
            claimed.update(range(start, end))
            found[head.i] = Trigger(info.type, head, doc[start + t_start].idx,
                                     doc[start + t_end - 1].idx + len(doc[start + t_end - 1]), "phrase")
        for i in self.candidates:
            tok = doc[i]
            if tok.i in claimed or tok.is_punct or tok.is_space:
                continue
            lemma = tok.lemma_.lower()
            kind: str | None = None
            event_type: str | None = None
            if tok.pos_ == "VERB" and lemma in r.lemma_types["verb"]:
                kind, event_type = "verb", r.lemma_types["verb"][lemma]
            elif tok.pos_ in NOUNS and lemma in r.lemma_types["noun"]:
                kind, event_type = "noun", r.lemma_types["noun"][lemma]
            elif lemma in r.lemma_types["any"] or tok.lower_ in r.lemma_types["any"]:
                kind = "any"
                event_type = r.lemma_types["any"].get(lemma) or r.lemma_types["any"][tok.lower_]
            if kind is None or event_type is None or self.schema.event(event_type) is None:
                continue
            if self._blocked(tok) or not self._constraints_ok(tok, lemma, kind):
                continue
            rule = r.constraints.get(lemma, NO_CONSTRAINT)
            if kind in ("noun", "any") and tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in NOUNS \
                    and tok.head.i != tok.i and tok.pos_ != "VERB" and not rule.after_determiner:
                continue  # "attack drones", "sanctions expert": a modifier, not an event
            found[tok.i] = Trigger(event_type, tok, tok.idx, tok.idx + len(tok), kind)
        triggers = [t for t in self._fold(found) if self.schema.event(t.type) is not None]
        self.trigger_tokens = {t.head.i for t in triggers} | {m.i for t in triggers for m in t.merged}
        return triggers

    def _blocked(self, tok: Token) -> bool:
        """A word inside a name ("Security Council", "attack drones") is not a trigger."""
        label = self._label_at(tok)
        return label is not None and label in self.r.blocking

    def _constraints_ok(self, tok: Token, lemma: str, kind: str) -> bool:
        """Whether a trigger candidate meets the conditions resources/events.json sets for its lemma."""
        rule = self.r.constraints.get(lemma)
        if rule is None or (rule.kind if rule.kind is not None else kind) != kind:
            return True
        if rule.after_determiner and (tok.i == 0 or self.doc[tok.i - 1].pos_ != "DET"):
            return False
        if rule.plural and tok.tag_ not in ("NNS", "NNPS"):
            return False
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        if rule.unless_object and any(o.lemma_.lower() in rule.unless_object for o in objects):
            return False
        if rule.needs_weapon:
            candidates = objects + [conj for obj in objects for conj in obj.conjuncts]
            if tok.dep_ in ("acl", "amod", "relcl") and tok.head.pos_ in NOUNS:
                candidates.append(tok.head)
            for child in tok.children:
                if child.dep_ == "prep":
                    candidates.extend(p for p in child.children if p.dep_ == "pobj")
            if not any(self._is_weapon(c) for c in candidates):
                return False
        if rule.needs_agentive_complement:
            clauses = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
            if not any(self._agentive(self._subject(c)) and any(
                    a.dep_ == "aux" and a.lower_ in self.r.mod.planned_aux | self.r.mod.hypothetical_aux | {"to"}
                    for a in c.children) for c in clauses):
                return False
        if rule.needs_agentive_subject and not self._agentive(self._subject(tok)):
            return False
        if rule.unless_type_in_sentence:
            sent = self.sent_bounds[self.sent_of[tok.i]]
            banned = rule.unless_type_in_sentence
            for other in self.doc[sent[0]:sent[1]]:
                other_lemma = other.lemma_.lower()
                if (other.pos_ in NOUNS and self.r.lemma_types["noun"].get(other_lemma) in banned) or (
                        other.pos_ == "VERB" and self.r.lemma_types["verb"].get(other_lemma) in banned):
                    return False
        return True

    def _fold(self, found: dict[int, Trigger]) -> list[Trigger]:
        """Apply light verbs and merge coordinated triggers of one type into one event."""
        r = self.r
        for trig in list(found.values()):
            head = trig.head
            if trig.kind not in ("noun", "any") or head.i not in found:
                continue
            anchor = head
            while anchor.dep_ == "conj" and anchor.head.pos_ in NOUNS:
                anchor = anchor.head
            if anchor.dep_ not in ("dobj", "nsubjpass", "pobj"):
                continue
            verb = anchor.head if anchor.dep_ != "pobj" else None
            if verb is None or verb.pos_ not in ("VERB", "AUX"):
                continue
            lemma = verb.lemma_.lower()
            if lemma in r.light_verbs.get(trig.type, ()):
                # "impose sanctions": the verb is the trigger, the nouns fold into it
                owner = found.get(verb.i)
                if owner is None:
                    owner = found[verb.i] = Trigger(trig.type, verb, verb.idx, verb.idx + len(verb), "verb")
                owner.merged.append(head)
                del found[head.i]
            elif lemma in r.light_nouns.get(trig.type, ()) or (
                    verb.i in found and found[verb.i].type == trig.type and found[verb.i].kind == "verb"):
                trig.governor = verb
                if verb.i in found and found[verb.i].type == trig.type:
                    del found[verb.i]  # "signed an agreement": the noun names the event
        # coordinated nouns of one type ("tariffs and sanctions") are one event
        for i in sorted(found):
            maybe = found.get(i)
            if maybe is None or maybe.kind not in ("noun", "any"):
                continue
            trig = maybe
            for conj in trig.head.conjuncts:
                other = found.get(conj.i)
                if other is not None and conj.i > i and other.type == trig.type and other.kind in ("noun", "any"):
                    trig.merged.append(conj)
                    del found[conj.i]
        return [found[i] for i in sorted(found)]
