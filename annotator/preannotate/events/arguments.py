"""Each event's own arguments: grammatical slots mapped to the type's roles, prepositions, modifiers, counts and time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from annotator.preannotate.events.config import NO_ROLES
from annotator.preannotate.events.document import NOUNS, SLOTS, Draft
from annotator.preannotate.events.syntax import Syntax
from annotator.schema import Role

if TYPE_CHECKING:
    from spacy.tokens import Token


class Arguments(Syntax):
    """Roles filled from the trigger's own syntax, one draft event at a time."""

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
            penalty += self.r.scores.pronoun_penalty
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
            return None if result is None else (result, penalty + self.r.scores.new_span_penalty)
        if tok.pos_ not in NOUNS:
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
        if not role.labels and label not in self.r.config.role_noun_labels.get(role.name, ()):
            return None
        first, last = self._np_extent(tok)
        result = self._add_span(self.doc[first].idx, self.doc[last].idx + len(self.doc[last]), label, "nominal")
        return None if result is None else (result, penalty + self.r.scores.new_span_penalty)

    def _add(self, draft: Draft, role_name: str, tok: Token, score: float) -> bool:
        """Fill ``role_name`` of the draft with ``tok`` if the schema and the filler allow it."""
        role = self.schema.role(draft.trigger.type, role_name)
        if role is None:
            return False
        filler = self._filler(tok, role)
        if filler is None:
            return False
        idx, penalty = filler
        return self._add_index(draft, role, idx, score - penalty)

    def _add_index(self, draft: Draft, role: Role, idx: int, score: float) -> bool:
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

    def _slot(self, draft: Draft, slot: str, tok: Token, score: float) -> None:
        """Fill a grammatical slot (agent, patient): a weapon goes to the type's weapon role."""
        roles = self.r.config.roles.get(draft.trigger.type, NO_ROLES)
        role_name = roles.slot(slot)
        weapon_role = roles.weapon
        for filler in self._with_conjuncts(tok):
            if weapon_role and self._is_weapon(filler):
                self._add(draft, weapon_role, filler, score)
                if slot == "agent" and roles.agent:
                    self._modifiers(draft, filler, roles.agent, score - 0.1)
                continue
            if role_name:
                self._count_and_fill(draft, role_name, filler, score)

    def _count_and_fill(self, draft: Draft, role_name: str, tok: Token, score: float) -> None:
        """Fill a role, reading counts: "three civilians", "six out of seven missiles", "40 of the drones"."""
        roles = self.r.config.roles.get(draft.trigger.type, NO_ROLES)
        count_role = roles.count
        s = self.r.scores
        partitive = (tok.lower_ in self.r.partitive_words or self._is_number(tok)) and any(
            c.dep_ == "prep" and c.lower_ in ("of", "out") for c in tok.children)  # "thousands of people"
        bare = self._is_number(tok) and not any(True for _ in tok.children)  # "Scores died"
        if tok.pos_ == "NUM" or (self._is_number(tok) and tok.pos_ not in NOUNS) or partitive or bare:
            if count_role and (tok.pos_ == "NUM" or self._is_number(tok)):
                self._add(draft, count_role, tok, s.argument_count)
            targets = self._partitive(tok)
            if not targets and tok.dep_ in SLOTS:  # "injured another 15": the number is who
                self._people(draft, role_name, tok, score - s.new_span_penalty)
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
                    self._add(draft, count_role, child, s.argument_count)

    def _people(self, draft: Draft, role_name: str, tok: Token, score: float) -> None:
        """A bare count standing for people ("killing the three") fills ``role_name`` as a nominal mention."""
        role = self.schema.role(draft.trigger.type, role_name)
        label = next((lab for lab in self.r.person_labels if role is not None and self._fits(role, lab)), None)
        if label is None or role is None:
            return
        first = tok.left_edge.i
        idx = self._add_span(self.doc[first].idx, tok.idx + len(tok), label, "nominal")
        if idx is not None:
            self._add_index(draft, role, idx, score)

    def _slot_plain(self, draft: Draft, role_name: str, tok: Token, score: float) -> None:
        """Fill ``role_name``, or the type's weapon role when the filler is a weapon."""
        roles = self.r.config.roles.get(draft.trigger.type, NO_ROLES)
        weapon_role = roles.weapon
        if weapon_role and self._is_weapon(tok) and role_name != weapon_role:
            self._add(draft, weapon_role, tok, score)
        else:
            self._add(draft, role_name, tok, score)

    def _modifiers(self, draft: Draft, noun: Token, role_name: str, score: float) -> None:
        """NORP/GPE/ORG modifiers of a noun ("Russian missile strike") fill ``role_name``."""
        labels = self.r.config.modifier_labels
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < noun.i:
                label = self._label_at(child)
                if label in labels:
                    self._add(draft, role_name, child, score)

    def _arguments(self, draft: Draft) -> None:
        """Roles the trigger's own syntax gives: subject, object, prepositions, modifiers, counts, time."""
        trig = draft.trigger
        head = trig.head
        roles = self.r.config.roles.get(trig.type, NO_ROLES)
        s = self.r.scores
        direct, prep_score, mod_score = s.argument_direct, s.argument_prep, s.argument_modifier
        predicates = [head] + ([trig.governor] if trig.governor is not None else [])
        is_verb = head.pos_ in ("VERB", "AUX") or (trig.kind == "any" and head.pos_ not in NOUNS)
        lemma = head.lemma_.lower()
        # agent and patient of a verbal trigger (or of the light verb that governs a noun)
        for pred in predicates:
            if pred.pos_ not in ("VERB", "AUX") and not (pred is head and is_verb):
                continue
            if pred is head:
                for child in pred.children:
                    if child.dep_ in ("nsubjpass", "dobj", "attr"):  # "Odesa has been hit", "shelled Kharkiv"
                        self._slot(draft, "patient", child, direct)
                if head.dep_ in ("acl", "amod") and head.head.pos_ in NOUNS:
                    self._slot(draft, "patient", head.head, direct)  # "71 drones launched by Russia", "a downed drone"
            subject = self._subject(pred)
            if subject is not None:
                slot = "patient" if pred is head and lemma in roles.subject_is_patient else "agent"
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
                if child.dep_ == "poss" and roles.agent:
                    self._slot(draft, "agent", child, direct)
                elif child.dep_ in ("amod", "compound", "nmod") and child.i < head.i:
                    if roles.weapon and self._is_weapon(child):
                        for filler in self._with_conjuncts(child):
                            self._add(draft, roles.weapon, filler, mod_score)
                    elif roles.modifier and self._label_at(child) in self.r.config.modifier_labels:
                        self._add(draft, roles.modifier, child, mod_score)
                elif child.dep_ == "nummod" and roles.count and self._is_number(child):
                    self._add(draft, roles.count, child, s.argument_count)
        if roles.owner:  # "dismissed Zelensky's proposal": Zelensky receives the rejection
            for child in head.children:
                if child.dep_ == "dobj":
                    for grand in child.children:
                        if grand.dep_ == "poss":
                            self._add(draft, roles.owner, grand, direct)
        # prepositions of the trigger and of its light verb: typed first, then Place and Time
        for pred in predicates:  # "sanctions ..., targeting 180 tankers and a bank"
            for child in pred.children:
                via = roles.via_verbs.get(child.lemma_.lower()) if child.pos_ == "VERB" else None
                if via:
                    for obj in child.children:
                        if obj.dep_ == "dobj":
                            for filler in self._with_conjuncts(obj):
                                self._slot_plain(draft, via, filler, prep_score)
        preps = roles.preps
        noun_only = self.r.config.noun_only_preps
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
        patient_role = roles.patient
        place = self.schema.role(trig.type, self.r.place_role)
        if place is not None and patient_role and patient_role != place.name:
            for (role_name, idx) in list(draft.args):
                if role_name != patient_role:
                    continue
                tok = self._head_token(idx)
                for child in tok.children if tok is not None else ():
                    if child.dep_ == "prep" and child.lower_ in self.r.config.place_preps:
                        for pobj in child.children:
                            if pobj.dep_ == "pobj" and self._place_like(pobj):
                                self._add(draft, place.name, pobj, prep_score - 0.1)
        self._time(draft, predicates)

    def _noun_effects(self, draft: Draft, head: Token, direct: float, prep_score: float) -> None:
        """Patients a noun trigger gets from the verb it drives or the verb that directs it.

        "the explosion shattered the glass", "the building was shattered by an explosion": the
        verb's patient; "bombings aimed at civilians": the directed verb's prepositional object.
        """
        effects = self.r.config.noun_trigger_effects
        if draft.trigger.type not in effects.types:
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
        claim = effects.responsibility
        noun = head.head.head
        if head.dep_ == "pobj" and head.head.lower_ == "for" and noun.lemma_.lower() in claim.nouns:
            if noun.dep_ == "dobj" and noun.head.lemma_.lower() in claim.verbs:
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
        if head.dep_ == "nsubj" and verb.lemma_.lower() in effects.occurrence_verbs:
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in self.r.config.place_preps:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and self._place_like(pobj):
                            self._add(draft, self.r.place_role, pobj, prep_score)
        directed = effects.directed_verbs
        preps = effects.directed_preps
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

    def _prep_filler(self, draft: Draft, prep: str, filler: Token, preps: Mapping[str, str], score: float) -> None:
        """A prepositional object: a date is Time, a typed preposition its role, else a place is Place."""
        label = self._label_at(filler)
        if label in self.r.time_labels:
            if prep in self.r.config.time_preps and self._time_ok(filler):
                self._add(draft, self.r.time_role, filler, score)
            return
        if prep in preps:
            self._count_and_fill(draft, preps[prep], filler, score)
            return
        if prep in self.r.config.place_preps and self._place_like(filler):
            self._add(draft, self.r.place_role, filler, score)

    def _time(self, draft: Draft, predicates: list[Token]) -> None:
        """DATE/TIME attached to the trigger's clause ("on Friday", "overnight", "that took place Wednesday")."""
        score = self.r.scores.argument_direct
        head = draft.trigger.head
        clause = list(predicates)
        for pred in predicates:
            if pred.dep_ == "xcomp":  # "On Friday, Zelensky is scheduled to meet"
                clause.append(pred.head)
        if head.pos_ in NOUNS or draft.trigger.kind == "any":  # "attacks that took place early Wednesday"
            clause.extend(c for c in head.children if c.dep_ == "relcl" or (
                c.dep_ == "acl" and not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)))
            if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
                clause.append(head.head)  # "The assault began shortly after 2 a.m."
        time_preps = self.r.config.time_preps
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
                        self._add_index(draft, role, idx, score - self.r.scores.new_span_penalty)
                elif child.dep_ == "prep" and child.lower_ in time_preps and pred is not head:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and self._label_at(pobj) in self.r.time_labels and \
                                self._time_ok(pobj):
                            self._add(draft, self.r.time_role, pobj, self.r.scores.argument_prep)
