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

Every trigger word, slot-to-role mapping, lexicon, cue and score lives in ``resources/events.json``;
this module only knows how to read a parse. Only roles the schema gives a type are proposed,
and only with fillers whose label the role allows. spaCy is never imported at module level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson

from annotator.documents import Argument, Event, Span, SpanKind
from annotator.schema import Role, Schema

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

_NOUNS = frozenset({"NOUN", "PROPN"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_NP_LEFT = frozenset({"det", "amod", "compound", "nummod", "poss", "case", "nmod", "quantmod", "npadvmod", "predet"})
_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"})
_CONTROL = frozenset({"xcomp", "advcl", "conj", "acl", "relcl", "ccomp", "pcomp"})


@lru_cache(maxsize=1)
def load_event_config() -> dict[str, Any]:
    """The event rules shipped in ``resources/events.json`` (read once per process)."""
    return orjson.loads(resources.files("resources").joinpath("events.json").read_bytes())


@dataclass(slots=True)
class _Trigger:
    """A trigger candidate: its type, syntactic head, character extent and how it was found."""

    type: str
    head: Token
    start: int
    end: int
    kind: str  # verb | noun | any | phrase
    governor: Token | None = None  # a light verb whose subject/preps the event borrows
    merged: list[Token] = field(default_factory=list)  # coordinated triggers folded into this one


@dataclass(slots=True)
class _Draft:
    """An event being built: arguments as (role, span index, score), best score per pair."""

    trigger: _Trigger
    sentence: int
    args: dict[tuple[str, int], float] = field(default_factory=dict)

    def roles(self) -> set[str]:
        """The roles filled so far."""
        return {role for role, _ in self.args}

    def span_ids(self) -> set[int]:
        """The span indices used so far."""
        return {idx for _, idx in self.args}


class EventRules:
    """Event rules compiled for one vocabulary: lexicons as sets, phrases as a ``Matcher``."""

    def __init__(self, config: dict[str, Any], matcher: Any, phrase_info: dict[int, dict[str, Any]],
                 vocab: Vocab) -> None:
        self.config = config
        self._matcher = matcher
        self._phrase_info = phrase_info
        self.scores: dict[str, float] = config["scores"]
        self.lemma_types: dict[str, dict[str, str]] = {"verb": {}, "noun": {}, "any": {}}
        for event_type, kinds in config["triggers"].items():
            for kind, lemmas in kinds.items():
                for lemma in lemmas:
                    self.lemma_types[kind].setdefault(lemma, event_type)
        self.constraints: dict[str, dict[str, Any]] = config.get("constraints", {})
        self.blocking = frozenset(config.get("blocking_labels", ()))
        self.light_nouns: dict[str, set[str]] = {}
        self.light_verbs: dict[str, set[str]] = {}
        for event_type, modes in config.get("light_verbs", {}).items():
            self.light_nouns[event_type] = set(modes.get("noun", ()))
            self.light_verbs[event_type] = set(modes.get("verb", ()))
        self.lexicon: dict[str, str] = {}
        for label, words in config["lexicons"].items():
            for word in words:
                self.lexicon.setdefault(word, label)
        names = config["common_role_names"]
        self.time_role: str = names["time"]
        self.place_role: str = names["place"]
        self.source_role: str = names["source"]
        classes = config["label_classes"]
        self.agent_labels = frozenset(classes["agent"])
        self.person_labels = frozenset(classes["person"])
        self.group_labels = frozenset(classes["group"])
        self.people_noun_labels = frozenset(classes["people_nouns"])
        self.place_labels = frozenset(classes["place"])
        self.time_labels = frozenset(classes["time"])
        self.weapon_label: str = classes["weapon"]
        self.count_label: str = classes["count"]
        self.number_words = frozenset(config.get("number_words", ()))
        self.partitive_words = frozenset(config.get("partitive_words", ()))
        self.time_words: dict[str, str] = config.get("time_words", {})
        self.time_exclude = tuple(config.get("time_exclude_suffixes", ()))
        self.open_exclude = frozenset(config.get("open_role_exclude", ()))
        modality = config["modality"]
        self.mod = {key: frozenset(values) for key, values in modality.items()}
        self.negation = frozenset(config["negation"]["words"])
        self.denial = frozenset(config["negation"]["denial_verbs"])
        self.source_verbs = frozenset(config["source"]["verbs"])
        self.according = frozenset(config["source"]["according"])
        pronouns = config["resolve_pronouns"]
        self.person_pronouns = frozenset(pronouns["person"])
        self.group_pronouns = frozenset(pronouns["group"])
        self.lookback = int(pronouns["lookback_sentences"])
        # Hash keys of every word worth a closer look, so a doc's tokens are screened as one
        # numpy array and Token objects are made only for candidates (pre-annotation speed).
        import numpy

        def keys(words: Iterable[str]) -> Any:
            variants = {v for w in words for v in (w, w.capitalize(), w.upper())}
            return numpy.array(sorted(vocab.strings.add(v) for v in variants), dtype="uint64")

        self.trigger_keys = keys(w for kind in self.lemma_types.values() for w in kind)
        self.source_keys = keys(self.source_verbs | self.according)
        self.time_keys = keys(self.time_words)

    @classmethod
    def build(cls, vocab: Vocab, config: dict[str, Any] | None = None) -> EventRules:
        """Compile the phrase patterns of ``config`` (default: the shipped one) for ``vocab``."""
        from spacy.matcher import Matcher

        config = config if config is not None else load_event_config()
        matcher = Matcher(vocab)
        info: dict[int, dict[str, Any]] = {}
        for number, phrase in enumerate(config.get("phrases", ())):
            key = f"EVENT_PHRASE_{number}"
            matcher.add(key, [phrase["pattern"]])
            info[vocab.strings[key]] = phrase
        return cls(config, matcher, info, vocab)

    def find(self, doc: Doc, spans: Sequence[Span], schema: Schema) -> tuple[list[Span], list[Event]]:
        """Events in ``doc`` given its entity suggestions (offsets relative to ``doc``).

        Returns the new spans the events need (to append after ``spans``) and the events, whose
        ``Argument.span_id`` is an index into ``spans + new spans``. A doc without a dependency
        parse (a blank pipeline) yields nothing.
        """
        if not schema.events or len(doc) == 0 or not doc.has_annotation("DEP"):
            return [], []
        return _DocEvents(self, doc, spans, schema).run()


class _DocEvents:
    """The per-document state of one :meth:`EventRules.find` call."""

    def __init__(self, rules: EventRules, doc: Doc, spans: Sequence[Span], schema: Schema) -> None:
        self.r = rules
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access
        self.schema = schema
        self.spans: list[Span] = list(spans)
        self.n_given = len(self.spans)
        self.by_key: dict[tuple[int, int, str], int] = {}
        self.tok_span: list[int | None] = [None] * len(doc)
        for idx, span in enumerate(self.spans):
            self.by_key.setdefault((span.start, span.end, span.label), idx)
            self._index_span(idx)
        import numpy
        from spacy.attrs import IS_SPACE, LEMMA, LOWER, SENT_START

        array = doc.to_array([LEMMA, LOWER, SENT_START, IS_SPACE])
        lemmas, lowers = array[:, 0], array[:, 1]
        self.candidates = numpy.flatnonzero(
            numpy.isin(lemmas, rules.trigger_keys) | numpy.isin(lowers, rules.trigger_keys)).tolist()
        self.source_candidates = numpy.flatnonzero(
            numpy.isin(lemmas, rules.source_keys) | numpy.isin(lowers, rules.source_keys)).tolist()
        self.time_candidates = numpy.flatnonzero(numpy.isin(lowers, rules.time_keys)).tolist()
        # sentences: the parser's, also cut at line breaks (a title has no full stop)
        starts = {0} | set(numpy.flatnonzero(array[:, 2].astype("int64") == 1).tolist())
        for i in numpy.flatnonzero(array[:, 3]).tolist():
            if "\n" in doc[i].text and i + 1 < len(doc):
                starts.add(i + 1)
        ordered = sorted(starts)
        self.sent_bounds: list[tuple[int, int]] = list(zip(ordered, ordered[1:] + [len(doc)]))
        self.sent_of: list[int] = [0] * len(doc)
        for number, (start, end) in enumerate(self.sent_bounds):
            self.sent_of[start:end] = [number] * (end - start)
        self.trigger_tokens: set[int] = set()

    # -- spans -------------------------------------------------------------------------------
    def _index_span(self, idx: int) -> None:
        """Point each token of span ``idx`` at it, unless a longer span already covers the token."""
        span = self.spans[idx]
        char_span = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if char_span is None:
            return
        length = span.end - span.start
        for tok in char_span:
            current = self.tok_span[tok.i]
            if current is None or self.spans[current].end - self.spans[current].start < length:
                self.tok_span[tok.i] = idx

    def _label_at(self, tok: Token) -> str | None:
        """The label of the (longest) span covering ``tok``, if any."""
        idx = self.tok_span[tok.i]
        return None if idx is None else self.spans[idx].label

    def _add_span(self, start: int, end: int, label: str, kind: SpanKind = "name") -> int | None:
        """Index of a span with these offsets and label, creating it (origin rule) if needed.

        ``kind="nominal"`` marks a description ("the Ukrainian military", "members"): it fills a
        role but is no name, so NER exports (whose PERSON/ORG are names only) leave it out.
        """
        if self.schema.get(label) is None:
            return None
        existing = self.by_key.get((start, end, label))
        if existing is not None:
            return existing
        if kind == "name" and any((start, end, other) in self.by_key for other in self.schema.names):
            return None  # a name of these offsets with another label: not ours to contradict
        self.spans.append(Span(start, end, label, origin="rule", score=self.r.scores["new_span"], kind=kind))
        idx = len(self.spans) - 1
        self.by_key[(start, end, label)] = idx
        self._index_span(idx)
        return idx

    def _np_extent(self, head: Token) -> tuple[int, int]:
        """Token range [first, last] of the noun phrase headed by ``head``, without a leading count."""
        first = head.i
        for child in head.lefts:
            if child.i in self.trigger_tokens:
                first = child.i + 1  # "devastate cities": the verb is not part of the noun phrase
            elif child.dep_ in _NP_LEFT or (child.dep_ == "punct" and child.text in "-‐"):
                first = min(first, child.left_edge.i)
        counts = [c for c in head.lefts if c.dep_ == "nummod" and self._is_number(c)]
        if counts:
            first = max(first, max(c.right_edge.i for c in counts) + 1)
        doc = self.doc
        while first < head.i and (doc[first].is_punct or doc[first].is_space or doc[first].dep_ in ("cc", "prep")):
            first += 1
        return first, head.i

    def _is_number(self, tok: Token) -> bool:
        """A numeral in digits or words ("71", "six", "dozens")."""
        return tok.like_num or tok.lower_ in self.r.number_words

    # -- triggers ----------------------------------------------------------------------------
    def _find_triggers(self) -> list[_Trigger]:
        """Trigger candidates: phrase matches first, then single words by lemma, then folding."""
        r = self.r
        doc = self.doc
        found: dict[int, _Trigger] = {}
        claimed: set[int] = set()
        for match_id, start, end in r._matcher(doc):
            info = r._phrase_info[match_id]
            head = doc[start + int(info.get("head", 0))]
            t_start, t_end = info.get("trigger", [0, end - start])
            if any(i in claimed for i in range(start, end)):
                continue
            if self._blocked(head):
                continue
            claimed.update(range(start, end))
            found[head.i] = _Trigger(info["type"], head, doc[start + t_start].idx,
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
            elif tok.pos_ in _NOUNS and lemma in r.lemma_types["noun"]:
                kind, event_type = "noun", r.lemma_types["noun"][lemma]
            elif lemma in r.lemma_types["any"] or tok.lower_ in r.lemma_types["any"]:
                kind = "any"
                event_type = r.lemma_types["any"].get(lemma) or r.lemma_types["any"][tok.lower_]
            if kind is None or event_type is None or self.schema.event(event_type) is None:
                continue
            if self._blocked(tok) or not self._constraints_ok(tok, lemma, kind):
                continue
            rule = r.constraints.get(lemma, {})
            if kind in ("noun", "any") and tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in _NOUNS \
                    and tok.head.i != tok.i and tok.pos_ != "VERB" and not rule.get("after_determiner"):
                continue  # "attack drones", "sanctions expert": a modifier, not an event
            found[tok.i] = _Trigger(event_type, tok, tok.idx, tok.idx + len(tok), kind)
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
        if not rule or rule.get("kind", kind) != kind:
            return True
        if rule.get("after_determiner") and (tok.i == 0 or self.doc[tok.i - 1].pos_ != "DET"):
            return False
        if rule.get("plural") and tok.tag_ not in ("NNS", "NNPS"):
            return False
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        if rule.get("unless_object") and any(o.lemma_.lower() in rule["unless_object"] for o in objects):
            return False
        if rule.get("needs_weapon"):
            candidates = objects + [conj for obj in objects for conj in obj.conjuncts]
            if tok.dep_ in ("acl", "amod", "relcl") and tok.head.pos_ in _NOUNS:
                candidates.append(tok.head)
            for child in tok.children:
                if child.dep_ == "prep":
                    candidates.extend(p for p in child.children if p.dep_ == "pobj")
            if not any(self._is_weapon(c) for c in candidates):
                return False
        if rule.get("needs_agentive_complement"):
            clauses = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
            if not any(self._agentive(self._subject(c)) and any(
                    a.dep_ == "aux" and a.lower_ in self.r.mod["planned_aux"] | self.r.mod["hypothetical_aux"] | {"to"}
                    for a in c.children) for c in clauses):
                return False
        if rule.get("needs_agentive_subject") and not self._agentive(self._subject(tok)):
            return False
        if rule.get("unless_type_in_sentence"):
            sent = self.sent_bounds[self.sent_of[tok.i]]
            banned = set(rule["unless_type_in_sentence"])
            for other in self.doc[sent[0]:sent[1]]:
                other_lemma = other.lemma_.lower()
                if (other.pos_ in _NOUNS and self.r.lemma_types["noun"].get(other_lemma) in banned) or (
                        other.pos_ == "VERB" and self.r.lemma_types["verb"].get(other_lemma) in banned):
                    return False
        return True

    def _is_weapon(self, tok: Token) -> bool:
        label = self._label_at(tok)
        if label is not None:
            return label == self.r.weapon_label
        return self.r.lexicon.get(tok.lemma_.lower()) == self.r.weapon_label

    def _agentive(self, tok: Token | None) -> bool:
        """A subject that can act: a person/organisation/place entity, a pronoun, or a people noun."""
        if tok is None:
            return False
        label = self._label_at(tok)
        if label is not None:
            return label in self.r.agent_labels
        if tok.pos_ == "PRON":
            return tok.lower_ in self.r.person_pronouns | self.r.group_pronouns | {"we", "i", "you"}
        return self.r.lexicon.get(tok.lemma_.lower()) in self.r.people_noun_labels

    def _fold(self, found: dict[int, _Trigger]) -> list[_Trigger]:
        """Apply light verbs and merge coordinated triggers of one type into one event."""
        r = self.r
        for trig in list(found.values()):
            head = trig.head
            if trig.kind not in ("noun", "any") or head.i not in found:
                continue
            anchor = head
            while anchor.dep_ == "conj" and anchor.head.pos_ in _NOUNS:
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
                    owner = found[verb.i] = _Trigger(trig.type, verb, verb.idx, verb.idx + len(verb), "verb")
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

    # -- syntax helpers ----------------------------------------------------------------------
    def _subject(self, verb: Token) -> Token | None:
        """The active subject of a verb, borrowed from the verb it depends on when it has none.

        A passive verb has none (its agent is in the "by" phrase). "Zelensky is scheduled to
        meet": the controller's subject; "shelled Kharkiv, killing three": the main clause's.
        """
        for _ in range(6):
            for child in verb.children:
                if child.dep_ in ("nsubj", "csubj"):
                    return child
            if any(child.dep_ == "nsubjpass" for child in verb.children):
                return None
            if verb.dep_ == "xcomp":  # "prompting the Kremlin to warn": the object controls
                controller = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
                if controller is None:
                    controller = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
                if controller is not None:
                    return controller
            if verb.dep_ == "acl" and verb.head.pos_ in _NOUNS:  # "his willingness to negotiate"
                return next((c for c in verb.head.children if c.dep_ == "poss"), None)
            if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def _with_conjuncts(self, tok: Token) -> list[Token]:
        """A filler and the members of its coordination ("silos, a crane and a building")."""
        if tok.dep_ == "conj":
            return [tok]
        members = [tok, *tok.conjuncts]
        if self.tok_span[tok.i] is None:  # the small model often parses list items as appositions
            for child in tok.children:
                if child.dep_ == "appos" and self.tok_span[child.i] is None and child.pos_ in _NOUNS \
                        and child.conjuncts:  # "silos, a crane and a building"; not "a victim, a driver"
                    members.extend([child, *child.conjuncts])
        return members

    # -- arguments ---------------------------------------------------------------------------
    def _filler(self, tok: Token, role: Role) -> tuple[int, float] | None:
        """(span index, score penalty) of what ``tok`` contributes to ``role``, or None.

        A pronoun stands for its antecedent; an entity fills the role if its label fits; a count
        or a noun from the lexicons ("the Ukrainian military", "residential structures") becomes a
        new span with the lexicon's label, if the role takes that label.
        """
        penalty = 0.0
        if tok.pos_ == "PRON":
            resolved = self._resolve(tok)
            if resolved is None:
                return None
            tok = resolved
            penalty += self.r.scores["pronoun_penalty"]
        if self.tok_span[tok.i] is None:  # "the governor, Andriy Melnychenko": the name, not the title
            for child in tok.children:
                name = self.tok_span[child.i] if child.dep_ == "appos" else None
                if name is not None and self._fits(role, self.spans[name].label) and \
                        self.spans[name].label in self.r.agent_labels:
                    return name, penalty
        idx = self.tok_span[tok.i]
        if idx is not None:  # inside an entity: that entity or nothing
            return (idx, penalty) if self._fits(role, self.spans[idx].label) else None
        if self._is_number(tok) and (tok.pos_ == "NUM" or self.r.count_label in role.labels):
            if not self._fits(role, self.r.count_label):
                return None
            first = tok.left_edge.i
            result = self._add_span(self.doc[first].idx, tok.idx + len(tok), self.r.count_label)
            return None if result is None else (result, penalty + self.r.scores["new_span_penalty"])
        if tok.pos_ not in _NOUNS:
            return None
        label = self.r.lexicon.get(tok.lemma_.lower())
        if label in self.r.place_labels:  # "the city of Kherson", "districts of Kyiv": the name
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        idx = self.tok_span[pobj.i] if pobj.dep_ == "pobj" else None
                        if idx is not None and self.spans[idx].label in self.r.place_labels and \
                                self._fits(role, self.spans[idx].label):
                            return idx, penalty
        if label is None or not self._fits(role, label):
            return None
        if not role.labels and label not in self.r.config.get("role_noun_labels", {}).get(role.name, ()):
            return None
        first, last = self._np_extent(tok)
        result = self._add_span(self.doc[first].idx, self.doc[last].idx + len(self.doc[last]), label, "nominal")
        return None if result is None else (result, penalty + self.r.scores["new_span_penalty"])

    def _fits(self, role: Role, label: str) -> bool:
        """Role.fits, except that an open role (any label) still refuses dates, numbers and the like."""
        if role.labels:
            return role.fits(label)
        return label not in self.r.open_exclude

    def _resolve(self, pron: Token) -> Token | None:
        """The token a third-person pronoun stands for.

        First the subject of a clause governing the pronoun's ("X said it would ..."), else the
        nearest fitting subject before it (a person for he/she, a main clause's for it/they).
        """
        lower = pron.lower_
        person = lower in self.r.person_pronouns
        if not person and lower not in self.r.group_pronouns:
            return None

        def fits(tok: Token) -> bool:
            label = self._label_at(tok)
            if tok.pos_ == "PRON":
                return False
            if label is not None:
                return label in (self.r.person_labels if person else self.r.group_labels)
            lex = self.r.lexicon.get(tok.lemma_.lower())
            return lex in (self.r.person_labels if person else self.r.people_noun_labels - self.r.person_labels)

        def fits_governing(tok: Token) -> bool:  # the tagger often calls a lone surname ORG
            return fits(tok) or (person and self._label_at(tok) in self.r.people_noun_labels and tok.pos_ == "PROPN")

        verb = pron.head
        steps = 0
        while verb.dep_ in _CONTROL and verb.head.i != verb.i and steps < 5:
            steps += 1
            verb = verb.head
            subject = self._subject(verb)
            if subject is not None and subject.i != pron.i and fits_governing(subject):
                return subject
        first_sent = max(0, self.sent_of[pron.i] - self.r.lookback)
        lower_bound = self.sent_bounds[first_sent][0]
        for i in range(pron.i - 1, lower_bound - 1, -1):
            tok = self.doc[i]
            if tok.dep_ not in _SUBJECTS or tok.pos_ == "PRON" or (not person and tok.head.dep_ != "ROOT"):
                continue  # "it"/"they" refer back to a main clause's subject
            if fits(tok):
                return tok
            if not person and tok.head.dep_ == "ROOT":
                return None  # "it" is the last main subject ("The EU package ... It lowers"), unknown here
        return None

    def _add(self, draft: _Draft, role_name: str, tok: Token, score: float) -> bool:
        """Fill ``role_name`` of the draft with ``tok`` if the schema and the filler allow it."""
        role = self.schema.role(draft.trigger.type, role_name)
        if role is None:
            return False
        filler = self._filler(tok, role)
        if filler is None:
            return False
        idx, penalty = filler
        return self._add_index(draft, role, idx, score - penalty)

    def _add_index(self, draft: _Draft, role: Role, idx: int, score: float) -> bool:
        """Record span ``idx`` in ``role``: one role per span, the best filler of a single-valued role."""
        if idx in draft.span_ids() and (role.name, idx) not in draft.args:
            return False  # one span, one role per event
        existing = [key for key in draft.args if key[0] == role.name]
        if existing and not role.repeat:
            best = max(existing, key=lambda k: draft.args[k])
            if draft.args[best] >= score:
                return False
            del draft.args[best]
        key = (role.name, idx)
        draft.args[key] = max(draft.args.get(key, 0.0), round(score, 3))
        return True

    def _slot(self, draft: _Draft, slot: str, tok: Token, score: float) -> None:
        """Fill a grammatical slot (agent, patient): a weapon goes to the type's weapon role."""
        roles = self.r.config["roles"].get(draft.trigger.type, {})
        role_name = roles.get(slot)
        weapon_role = roles.get("weapon")
        for filler in self._with_conjuncts(tok):
            if weapon_role and self._is_weapon(filler):
                self._add(draft, weapon_role, filler, score)
                if slot == "agent" and roles.get("agent"):
                    self._modifiers(draft, filler, roles["agent"], score - 0.1)
                continue
            if role_name:
                self._count_and_fill(draft, role_name, filler, score)

    def _count_and_fill(self, draft: _Draft, role_name: str, tok: Token, score: float) -> None:
        """Fill a role, reading counts: "three civilians", "six out of seven missiles", "40 of the drones"."""
        roles = self.r.config["roles"].get(draft.trigger.type, {})
        count_role = roles.get("count")
        s = self.r.scores
        partitive = (tok.lower_ in self.r.partitive_words or self._is_number(tok)) and any(
            c.dep_ == "prep" and c.lower_ in ("of", "out") for c in tok.children)  # "thousands of people"
        bare = self._is_number(tok) and not any(True for _ in tok.children)  # "Scores died"
        if tok.pos_ == "NUM" or (self._is_number(tok) and tok.pos_ not in _NOUNS) or partitive or bare:
            if count_role and (tok.pos_ == "NUM" or self._is_number(tok)):
                self._add(draft, count_role, tok, s["argument_count"])
            targets = self._partitive(tok)
            if not targets and tok.dep_ in _SLOTS:  # "injured another 15": the number is who
                self._people(draft, role_name, tok, score - s["new_span_penalty"])
            for target in targets:
                self._slot_plain(draft, role_name, target, score)
                for conj in target.conjuncts:  # "six out of seven missiles and 71 drones"
                    if conj.i > target.i:
                        self._count_and_fill(draft, role_name, conj, score)
            return
        self._slot_plain(draft, role_name, tok, score)
        if count_role:
            for child in tok.children:
                if child.dep_ == "nummod" and self._is_number(child):
                    self._add(draft, count_role, child, s["argument_count"])

    def _people(self, draft: _Draft, role_name: str, tok: Token, score: float) -> None:
        """A bare count standing for people ("killing the three") fills ``role_name`` as a nominal mention."""
        role = self.schema.role(draft.trigger.type, role_name)
        label = next((lab for lab in self.r.person_labels if role is not None and self._fits(role, lab)), None)
        if label is None or role is None:
            return
        first = tok.left_edge.i
        idx = self._add_span(self.doc[first].idx, tok.idx + len(tok), label, "nominal")
        if idx is not None:
            self._add_index(draft, role, idx, score)

    def _slot_plain(self, draft: _Draft, role_name: str, tok: Token, score: float) -> None:
        """Fill ``role_name``, or the type's weapon role when the filler is a weapon."""
        roles = self.r.config["roles"].get(draft.trigger.type, {})
        weapon_role = roles.get("weapon")
        if weapon_role and self._is_weapon(tok) and role_name != weapon_role:
            self._add(draft, weapon_role, tok, score)
        else:
            self._add(draft, role_name, tok, score)

    def _partitive(self, number: Token) -> list[Token]:
        """The nouns a count counts: "six out of seven missiles", "40 of the drones" -> the nouns."""
        found: list[Token] = []
        for child in number.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "out"):
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        found.append(grand)
                    elif grand.dep_ == "prep":  # "out" -> "of" -> pobj
                        found.extend(g for g in grand.children if g.dep_ == "pobj")
        return found

    def _modifiers(self, draft: _Draft, noun: Token, role_name: str, score: float) -> None:
        """NORP/GPE/ORG modifiers of a noun ("Russian missile strike") fill ``role_name``."""
        labels = set(self.r.config["modifier_labels"])
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < noun.i:
                label = self._label_at(child)
                if label in labels:
                    self._add(draft, role_name, child, score)

    def _arguments(self, draft: _Draft) -> None:
        """Roles the trigger's own syntax gives: subject, object, prepositions, modifiers, counts, time."""
        trig = draft.trigger
        head = trig.head
        roles = self.r.config["roles"].get(trig.type, {})
        s = self.r.scores
        direct, prep_score, mod_score = s["argument_direct"], s["argument_prep"], s["argument_modifier"]
        predicates = [head] + ([trig.governor] if trig.governor is not None else [])
        is_verb = head.pos_ in ("VERB", "AUX") or (trig.kind == "any" and head.pos_ not in _NOUNS)
        lemma = head.lemma_.lower()
        # agent and patient of a verbal trigger (or of the light verb that governs a noun)
        for pred in predicates:
            if pred.pos_ not in ("VERB", "AUX") and not (pred is head and is_verb):
                continue
            if pred is head:
                for child in pred.children:
                    if child.dep_ in ("nsubjpass", "dobj", "attr"):  # "Odesa has been hit", "shelled Kharkiv"
                        self._slot(draft, "patient", child, direct)
                if head.dep_ in ("acl", "amod") and head.head.pos_ in _NOUNS:
                    self._slot(draft, "patient", head.head, direct)  # "71 drones launched by Russia", "a downed drone"
            subject = self._subject(pred)
            if subject is not None:
                slot = "patient" if pred is head and lemma in roles.get("subject_is_patient", ()) else "agent"
                self._slot(draft, slot, subject, direct)
            for child in pred.children:
                if child.dep_ == "agent":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._slot(draft, "agent", pobj, direct)
        # "a man was shot dead", "nine people were dead": an adjective trigger's bearer
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "oprd", "xcomp", "advcl") and head.head.i != head.i:
            for child in head.head.children:
                if child.dep_ in ("nsubjpass", "nsubj"):
                    self._slot(draft, "patient", child, direct)
        # "among the injured was a girl", "Two children are among the injured"
        if head.dep_ == "pobj" and head.head.lower_ == "among":
            clause = head.head.head
            for child in clause.children:
                if child.dep_ in ("nsubj", "attr", "nsubjpass") and child.i != head.head.i:
                    self._slot(draft, "patient", child, direct)
        if not is_verb:
            self._noun_effects(draft, head, direct, prep_score)
        # noun triggers: possessor, modifiers, weapons, counts
        if not is_verb:
            for child in head.children:
                if child.dep_ == "poss" and roles.get("agent"):
                    self._slot(draft, "agent", child, direct)
                elif child.dep_ in ("amod", "compound", "nmod") and child.i < head.i:
                    if roles.get("weapon") and self._is_weapon(child):
                        for filler in self._with_conjuncts(child):
                            self._add(draft, roles["weapon"], filler, mod_score)
                    elif roles.get("modifier") and self._label_at(child) in self.r.config["modifier_labels"]:
                        self._add(draft, roles["modifier"], child, mod_score)
                elif child.dep_ == "nummod" and roles.get("count") and self._is_number(child):
                    self._add(draft, roles["count"], child, s["argument_count"])
        if roles.get("owner"):  # "dismissed Zelensky's proposal": Zelensky receives the rejection
            for child in head.children:
                if child.dep_ == "dobj":
                    for grand in child.children:
                        if grand.dep_ == "poss":
                            self._add(draft, roles["owner"], grand, direct)
        # prepositions of the trigger and of its light verb: typed first, then Place and Time
        for pred in predicates:  # "sanctions ..., targeting 180 tankers and a bank"
            for child in pred.children:
                via = roles.get("via_verbs", {}).get(child.lemma_.lower()) if child.pos_ == "VERB" else None
                if via:
                    for obj in child.children:
                        if obj.dep_ == "dobj":
                            for filler in self._with_conjuncts(obj):
                                self._slot_plain(draft, via, filler, prep_score)
        preps = roles.get("preps", {})
        noun_only = set(self.r.config.get("noun_only_preps", ()))
        for pred in predicates:
            for child in pred.children:
                if child.dep_ != "prep":
                    continue
                prep = child.lower_
                if prep in noun_only and pred.pos_ in ("VERB", "AUX"):
                    continue  # "destroyed ... oil awaiting export to Egypt": not the damaged thing
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    for filler in self._with_conjuncts(pobj):
                        self._prep_filler(draft, prep, filler, preps, prep_score)
        for merged in trig.merged:  # "impose tariffs and sanctions on Russia"
            for child in merged.children:
                if child.dep_ == "prep":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._prep_filler(draft, child.lower_, pobj, preps, prep_score)
        patient_role = roles.get("patient")
        place = self.schema.role(trig.type, self.r.place_role)
        if place is not None and patient_role and patient_role != place.name:
            for (role_name, idx) in list(draft.args):
                if role_name != patient_role:
                    continue
                tok = self._head_token(idx)
                for child in tok.children if tok is not None else ():
                    if child.dep_ == "prep" and child.lower_ in self.r.config["place_preps"]:
                        for pobj in child.children:
                            if pobj.dep_ == "pobj" and self._place_like(pobj):
                                self._add(draft, place.name, pobj, prep_score - 0.1)
        self._time(draft, predicates)

    def _noun_effects(self, draft: _Draft, head: Token, direct: float, prep_score: float) -> None:
        """Patients a noun trigger gets from the verb it drives or the verb that directs it.

        "the explosion shattered the glass", "the building was shattered by an explosion": the
        verb's patient; "bombings aimed at civilians": the directed verb's prepositional object.
        """
        effects = self.r.config.get("noun_trigger_effects", {})
        if draft.trigger.type not in effects.get("types", ()):
            return
        verb = head.head
        if head.dep_ == "nsubj" and verb.pos_ == "VERB" and verb.i not in self.trigger_tokens:
            for child in verb.children:
                if child.dep_ == "dobj":
                    self._slot(draft, "patient", child, direct - 0.1)
        elif head.dep_ == "pobj" and verb.dep_ == "agent" and verb.head.pos_ == "VERB":
            for child in verb.head.children:
                if child.dep_ == "nsubjpass":
                    self._slot(draft, "patient", child, direct - 0.1)
        # "The IRA claimed responsibility for the bombings": the claimant is the agent
        claim = effects.get("responsibility", {})
        noun = head.head.head
        if head.dep_ == "pobj" and head.head.lower_ == "for" and noun.lemma_.lower() in claim.get("nouns", ()):
            if noun.dep_ == "dobj" and noun.head.lemma_.lower() in claim.get("verbs", ()):
                subject = self._subject(noun.head)
                if subject is not None:
                    self._slot(draft, "agent", subject, direct - 0.1)
        # "attacks carried out by militants": the agent of a participle on the trigger
        for child in head.children:
            if child.dep_ == "acl":
                for agent in child.children:
                    if agent.dep_ == "agent":
                        for pobj in agent.children:
                            if pobj.dep_ == "pobj":
                                self._slot(draft, "agent", pobj, prep_score)
        # "the explosion was at the bus station", "shooting broke out in the main areas"
        if head.dep_ == "nsubj" and verb.lemma_.lower() in effects.get("occurrence_verbs", ()):
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in self.r.config["place_preps"]:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and self._place_like(pobj):
                            self._add(draft, self.r.place_role, pobj, prep_score)
        directed = set(effects.get("directed_verbs", ()))
        preps = set(effects.get("directed_preps", ()))
        verbs = [c for c in head.children if c.dep_ in ("acl", "relcl")]
        if head.dep_ == "nsubjpass":  # "the bombings were aimed at civilians"
            verbs.append(verb)
        for child in verbs:
            if child.lemma_.lower() in directed:
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in preps:
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                for filler in self._with_conjuncts(pobj):
                                    self._slot(draft, "patient", filler, prep_score)

    def _head_token(self, idx: int) -> Token | None:
        """The syntactic head of span ``idx`` (its token whose head lies outside it)."""
        span = self.doc.char_span(self.spans[idx].start, self.spans[idx].end, alignment_mode="expand")
        return None if span is None else span.root

    def _prep_filler(self, draft: _Draft, prep: str, filler: Token, preps: dict[str, str], score: float) -> None:
        """A prepositional object: a date is Time, a typed preposition its role, else a place is Place."""
        label = self._label_at(filler)
        if label in self.r.time_labels:
            if prep in self.r.config["time_preps"] and self._time_ok(filler):
                self._add(draft, self.r.time_role, filler, score)
            return
        if prep in preps:
            self._count_and_fill(draft, preps[prep], filler, score)
            return
        if prep in self.r.config["place_preps"] and self._place_like(filler):
            self._add(draft, self.r.place_role, filler, score)

    def _place_like(self, tok: Token) -> bool:
        """A GPE/LOC/FAC entity or a place noun from the lexicons."""
        label = self._label_at(tok)
        if label is None:
            label = self.r.lexicon.get(tok.lemma_.lower())
        return label in self.r.place_labels

    def _time_ok(self, tok: Token) -> bool:
        """A DATE/TIME entity that is a point in time, not an age ("nine-year-old")."""
        idx = self.tok_span[tok.i]
        return idx is not None and not self._span_text(idx).lower().endswith(self.r.time_exclude)

    def _span_text(self, idx: int) -> str:
        """The characters span ``idx`` covers."""
        span = self.spans[idx]
        return self.text[span.start:span.end]

    def _time(self, draft: _Draft, predicates: list[Token]) -> None:
        """DATE/TIME attached to the trigger's clause ("on Friday", "overnight", "that took place Wednesday")."""
        score = self.r.scores["argument_direct"]
        head = draft.trigger.head
        clause = list(predicates)
        for pred in predicates:
            if pred.dep_ == "xcomp":  # "On Friday, Zelensky is scheduled to meet"
                clause.append(pred.head)
        if head.pos_ in _NOUNS or draft.trigger.kind == "any":  # "attacks that took place early Wednesday"
            clause.extend(c for c in head.children if c.dep_ == "relcl" or (
                c.dep_ == "acl" and not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)))
            if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
                clause.append(head.head)  # "The assault began shortly after 2 a.m."
        time_preps = self.r.config["time_preps"]
        for pred in clause:
            for child in pred.children:
                if child.dep_ in ("npadvmod", "advmod", "tmod", "obl", "nmod", "compound") and \
                        self._label_at(child) in self.r.time_labels and self._time_ok(child):
                    self._add(draft, self.r.time_role, child, score)
                elif child.dep_ in ("advmod", "npadvmod") and child.lower_ in self.r.time_words and \
                        self.tok_span[child.i] is None:  # "overnight", which the model seldom tags
                    idx = self._add_span(child.idx, child.idx + len(child), self.r.time_words[child.lower_])
                    role = self.schema.role(draft.trigger.type, self.r.time_role)
                    if idx is not None and role is not None and role.fits(self.spans[idx].label):
                        self._add_index(draft, role, idx, score - self.r.scores["new_span_penalty"])
                elif child.dep_ == "prep" and child.lower_ in time_preps and pred is not head:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and self._label_at(pobj) in self.r.time_labels and \
                                self._time_ok(pobj):
                            self._add(draft, self.r.time_role, pobj, self.r.scores["argument_prep"])

    # -- sentence-wide roles -----------------------------------------------------------------
    def _sources(self, sentence: int) -> list[tuple[int, float, frozenset[int] | None]]:
        """(span index, score, token scope or None for the whole sentence) of who reports."""
        start, end = self.sent_bounds[sentence]
        found: list[tuple[int, float, frozenset[int] | None]] = []
        role = next((r for r in self.schema.common_roles if r.name == self.r.source_role), None)
        if not role:
            return found
        score = self.r.scores["argument_source"]
        for i in self.source_candidates:
            if not start <= i < end:
                continue
            tok = self.doc[i]
            lemma = tok.lemma_.lower()
            if tok.lower_ in self.r.according and any(c.lower_ == "to" for c in tok.children):
                for to in tok.children:
                    for pobj in to.children:
                        if pobj.dep_ != "pobj":
                            continue
                        filler = self._filler(pobj, role)
                        if filler is None and pobj.lemma_.lower() in self.r.config["source"]["documents"]:
                            # "according to a statement from the Council of the EU"
                            for prep in pobj.children:
                                author = next((p for p in prep.children if p.dep_ == "pobj"), None) \
                                    if prep.lower_ in ("from", "by", "of") else None
                                if author is not None:
                                    filler = self._filler(author, role)
                                    break
                        if filler is not None:
                            found.append((filler[0], score - filler[1], None))
            elif tok.pos_ == "VERB" and lemma in self.r.source_verbs:
                reporter = None
                for child in tok.children:
                    if child.dep_ == "nsubj":
                        reporter = child
                    elif child.dep_ == "agent":
                        reporter = next((p for p in child.children if p.dep_ == "pobj"), reporter)
                if reporter is None:
                    continue
                filler = self._filler(reporter, role)
                if filler is None:
                    continue
                scope_root = tok
                if tok.dep_ == "advcl" and any(c.lower_ == "as" for c in tok.children):
                    scope_root = tok.head  # "..., as stated by the governor"
                scope = {t.i for t in scope_root.subtree}
                for child in scope_root.children:  # "announced sanctions, prompting the Kremlin to warn"
                    if child.dep_ == "advcl" and not any(c.dep_ == "mark" for c in child.children):
                        scope -= {t.i for t in child.subtree}
                found.append((filler[0], score - filler[1], frozenset(scope)))
        return found

    def _modality(self, trig: _Trigger) -> str:
        """asserted | planned | hypothetical, from modifiers, auxiliaries, conditionals and governors.

        Auxiliaries count on the trigger's own verbal chain (the trigger verb or light verb and
        the verbs it is an xcomp/conj of); once the climb passes through a noun ("a resolution
        to Russia's invasion") only governing words ("consider", "proposal") still count.
        """
        mod = self.r.mod
        head = trig.head
        for child in head.children:
            lemma = child.lemma_.lower()
            if child.dep_ in ("amod", "compound") and lemma in mod["hypothetical_modifiers"]:
                return "hypothetical"
            if child.dep_ in ("amod", "compound") and lemma in mod["planned_modifiers"]:
                return "planned"
        tok = trig.governor if trig.governor is not None else head
        verbal = tok.pos_ in ("VERB", "AUX")
        nominal = False  # passed through a noun other than the trigger: auxiliaries no longer count
        planned = False
        for _ in range(8):
            if verbal and tok.pos_ in ("VERB", "AUX"):
                for child in tok.children:
                    low = child.lower_
                    if child.dep_ in ("aux", "auxpass") and low in mod["hypothetical_aux"]:
                        return "hypothetical"
                    if child.dep_ in ("aux", "auxpass") and low in mod["planned_aux"]:
                        planned = True
                    if child.dep_ == "mark" and low in mod["hypothetical_marks"]:
                        return "hypothetical"
                    if child.dep_ == "advcl" and any(
                            m.dep_ == "mark" and m.lower_ in mod["hypothetical_marks"] for m in child.children):
                        return "hypothetical"
            if planned:
                return "planned"
            dep, parent = tok.dep_, tok.head
            if parent.i == tok.i or dep not in ("xcomp", "acl", "dobj", "pobj", "prep", "conj", "nsubjpass", "pcomp"):
                break
            lemma = parent.lemma_.lower()
            noun = parent.pos_ in _NOUNS
            if dep != "conj":  # a conjunct's head coordinates with it, it does not govern it
                if (not noun and lemma in mod["hypothetical_governors"]) or (
                        noun and lemma in mod["hypothetical_nouns"]):
                    return "hypothetical"
                if (not noun and lemma in mod["planned_governors"]) or (noun and lemma in mod["planned_nouns"]):
                    return "planned"
            if noun or dep in ("dobj", "nsubjpass", "acl"):
                nominal = True
            if dep == "prep" and parent.pos_ in ("VERB", "AUX") and not nominal:
                verbal = True  # "could be returned in exchange for": the noun's own clause
            elif dep not in ("xcomp", "conj"):
                verbal = False
            tok = parent
        return "asserted"

    def _polarity(self, trig: _Trigger) -> str:
        """negative for "not"/"never", a negative subject or determiner ("no", "none", "neither"), or a denial."""
        neg = self.r.negation
        for pred in [trig.head] + ([trig.governor] if trig.governor is not None else []):
            for child in pred.children:
                if child.dep_ == "neg":
                    return "negative"
                if child.dep_ in ("det", "nsubjpass", "nsubj", "dobj") and child.lower_ in neg - {"not"}:
                    return "negative"
            anchor = pred
            while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
                anchor = anchor.head
            if anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in self.r.denial:
                return "negative"
        return "positive"

    # -- the whole document ------------------------------------------------------------------
    def run(self) -> tuple[list[Span], list[Event]]:
        """Triggers, then each event's own arguments, then sentence-wide roles; the events and new spans."""
        triggers = self._find_triggers()
        drafts = [_Draft(t, self.sent_of[t.head.i]) for t in triggers]
        for draft in drafts:
            self._arguments(draft)
        by_sentence: dict[int, list[_Draft]] = {}
        for draft in drafts:
            by_sentence.setdefault(draft.sentence, []).append(draft)
        for sentence, group in by_sentence.items():
            self._sentence_roles(sentence, group)
        events = []
        base = self.r.scores
        for draft in drafts:
            trig = draft.trigger
            rule = self.r.constraints.get(trig.head.lemma_.lower(), {})
            circumstances = {self.r.time_role, self.r.source_role, self.r.place_role}
            if rule.get("needs_argument") and not draft.roles() - circumstances:
                continue  # "Trade, tariffs and visas to dominate talks": a topic, not a measure taken
            score = base[f"trigger_{trig.kind}"] + (base["light_verb_bonus"] if trig.governor is not None else 0.0)
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

    def _sentence_roles(self, sentence: int, group: list[_Draft]) -> None:
        """Source, roles inherited from an attack, and fallbacks, within one sentence."""
        s = self.r.scores
        sources = self._sources(sentence)
        for draft in group:
            role = self.schema.role(draft.trigger.type, self.r.source_role)
            if role is None:
                continue
            head_i = draft.trigger.head.i
            for idx, score, scope in sources:
                if scope is not None and head_i not in scope:
                    continue
                if idx in draft.span_ids():
                    continue
                if scope is not None and self.tok_span[head_i] == idx:
                    continue  # the trigger is inside the reporter's own name
                self._add_index(draft, role, idx, score)
        inherit = self.r.config.get("inherit", {})
        source_type = inherit.get("from")
        attacks = [d for d in group if d.trigger.type == source_type]
        if attacks:
            for draft in group:
                mapping = inherit.get("to", {}).get(draft.trigger.type)
                if not mapping:
                    continue
                attack = min(attacks, key=lambda a: abs(a.trigger.head.i - draft.trigger.head.i))
                had = draft.roles()  # a role the event fills itself is not overridden
                for (from_role, idx), score in list(attack.args.items()):
                    to_role = mapping.get(from_role)
                    role = self.schema.role(draft.trigger.type, to_role) if to_role else None
                    if role is None or to_role in had or not self._fits(role, self.spans[idx].label):
                        continue
                    if from_role in inherit.get("place_only", ()) and self.spans[idx].label not in self.r.place_labels:
                        continue
                    self._add_index(draft, role, idx, min(score, s["argument_inherited"]))
        self._fallbacks(sentence, group)

    def _fallbacks(self, sentence: int, group: list[_Draft]) -> None:
        """Empty roles listed under "fallback" take the nearest fitting entity in the sentence.

        A DATE/TIME another event of the sentence already uses, or one that dates a report
        ("said on Wednesday", "in its daily briefing"), is not taken.
        """
        fallback = self.r.config.get("fallback", {})
        labels_for = self.r.config.get("fallback_labels", {})
        needs_prep = set(self.r.config.get("fallback_needs_place_prep", ()))
        start, end = self.sent_bounds[sentence]
        in_sentence = sorted({i for i in (self.tok_span[t] for t in range(start, end)) if i is not None})
        score = self.r.scores["argument_fallback"]
        for draft in group:
            for role_name, types in fallback.items():
                if "*" not in types and draft.trigger.type not in types:
                    continue
                role = self.schema.role(draft.trigger.type, role_name)
                if role is None or role_name in draft.roles():
                    continue
                taken = {idx for other in group if other is not draft for (r, idx) in other.args if r == role_name}
                allowed = labels_for.get(role_name)
                candidates = list(in_sentence)
                if role_name == self.r.time_role:
                    for i in self.time_candidates:
                        tok = self.doc[i]
                        if start <= i < end and tok.lower_ in self.r.time_words and self.tok_span[i] is None:
                            new = self._add_span(tok.idx, tok.idx + len(tok), self.r.time_words[tok.lower_])
                            if new is not None:
                                candidates.append(new)
                best = None
                for idx in candidates:
                    span = self.spans[idx]
                    if idx in draft.span_ids() or idx in taken or not self._fits(role, span.label):
                        continue
                    if (allowed and span.label not in allowed) or span.start <= draft.trigger.start < span.end:
                        continue
                    if role_name in needs_prep and not self._after_place_prep(idx):
                        continue  # "Russia said": an actor; "in Kharkiv": a place
                    if span.label in self.r.time_labels and (
                            self._span_text(idx).lower().endswith(self.r.time_exclude) or self._dates_report(idx)):
                        continue
                    distance = min(abs(span.start - draft.trigger.end), abs(draft.trigger.start - span.end))
                    if best is None or distance < best[0]:
                        best = (distance, idx)
                if best is not None:
                    self._add_index(draft, role, best[1], score)

    def _after_place_prep(self, idx: int) -> bool:
        """Whether span ``idx`` is the object of a locative preposition ("in", "near", "at")."""
        tok = self._head_token(idx)
        return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ in self.r.config["place_preps"]

    def _dates_report(self, idx: int) -> bool:
        """Whether a time expression hangs off a reporting verb ("said on Wednesday")."""
        tok = self._head_token(idx)
        for _ in range(4):
            if tok is None or tok.head.i == tok.i:
                return False
            tok = tok.head
            if tok.pos_ == "VERB":
                return tok.lemma_.lower() in self.r.source_verbs
        return False


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
