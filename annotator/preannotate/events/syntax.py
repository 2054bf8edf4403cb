"""Reading the parse: subjects (borrowed through control and coordination), coordinated fillers, pronoun antecedents, counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.preannotate.events.document import CONTROL, NOUNS, SUBJECTS, DocState

if TYPE_CHECKING:
    from spacy.tokens import Token


class Syntax(DocState):
    """What the dependency parse says about a token, beyond its own label."""

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
                    controller = next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)
                if controller is not None:
                    return controller
            if verb.dep_ == "acl" and verb.head.pos_ in NOUNS:  # "his willingness to negotiate"
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
                if child.dep_ == "appos" and self.tok_span[child.i] is None and child.pos_ in NOUNS \
                        and child.conjuncts:  # "silos, a crane and a building"; not "a victim, a driver"
                    members.extend([child, *child.conjuncts])
        return members

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
        while verb.dep_ in CONTROL and verb.head.i != verb.i and steps < 5:
            steps += 1
            verb = verb.head
            subject = self._subject(verb)
            if subject is not None and subject.i != pron.i and fits_governing(subject):
                return subject
        first_sent = max(0, self.sent_of[pron.i] - self.r.lookback)
        lower_bound = self.sent_bounds[first_sent][0]
        for i in range(pron.i - 1, lower_bound - 1, -1):
            tok = self.doc[i]
            if tok.dep_ not in SUBJECTS or tok.pos_ == "PRON" or (not person and tok.head.dep_ != "ROOT"):
                continue  # "it"/"they" refer back to a main clause's subject
            if fits(tok):
                return tok
            if not person and tok.head.dep_ == "ROOT":
                return None  # "it" is the last main subject ("The EU package ... It lowers"), unknown here
        return None

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
