"""Event attributes: modality (asserted / planned / hypothetical) and polarity, from auxiliaries, governors, conditionals and negation."""

from __future__ import annotations

from annotator.preannotate.events.document import NOUNS, DocState, Trigger


class Attributes(DocState):
    """Modality and polarity of a trigger."""

    def _modality(self, trig: Trigger) -> str:
        """asserted | planned | hypothetical, from modifiers, auxiliaries, conditionals and governors.

        Auxiliaries count on the trigger's own verbal chain (the trigger verb or light verb and
        the verbs it is an xcomp/conj of); once the climb passes through a noun ("a resolution
        to Russia's invasion") only governing words ("consider", "proposal") still count.
        """
        mod = self.r.mod
        head = trig.head
        for child in head.children:
            lemma = child.lemma_.lower()
            if child.dep_ in ("amod", "compound") and lemma in mod.hypothetical_modifiers:
                return "hypothetical"
            if child.dep_ in ("amod", "compound") and lemma in mod.planned_modifiers:
                return "planned"
        tok = trig.governor if trig.governor is not None else head
        verbal = tok.pos_ in ("VERB", "AUX")
        nominal = False  # passed through a noun other than the trigger: auxiliaries no longer count
        planned = False
        for _ in range(8):
            if verbal and tok.pos_ in ("VERB", "AUX"):
                for child in tok.children:
                    low = child.lower_
                    if child.dep_ in ("aux", "auxpass") and low in mod.hypothetical_aux:
                        return "hypothetical"
                    if child.dep_ in ("aux", "auxpass") and low in mod.planned_aux:
                        planned = True
                    if child.dep_ == "mark" and low in mod.hypothetical_marks:
                        return "hypothetical"
                    if child.dep_ == "advcl" and any(
                            m.dep_ == "mark" and m.lower_ in mod.hypothetical_marks for m in child.children):
                        return "hypothetical"
            if planned:
                return "planned"
            dep, parent = tok.dep_, tok.head
            if parent.i == tok.i or dep not in ("xcomp", "acl", "dobj", "pobj", "prep", "conj", "nsubjpass", "pcomp"):
                break
            lemma = parent.lemma_.lower()
            noun = parent.pos_ in NOUNS
            if dep != "conj":  # a conjunct's head coordinates with it, it does not govern it
                if (not noun and lemma in mod.hypothetical_governors) or (
                        noun and lemma in mod.hypothetical_nouns):
                    return "hypothetical"
                if (not noun and lemma in mod.planned_governors) or (noun and lemma in mod.planned_nouns):
                    return "planned"
            if noun or dep in ("dobj", "nsubjpass", "acl"):
                nominal = True
            if dep == "prep" and parent.pos_ in ("VERB", "AUX") and not nominal:
                verbal = True  # "could be returned in exchange for": the noun's own clause
            elif dep not in ("xcomp", "conj"):
                verbal = False
            tok = parent
        return "asserted"

    def _polarity(self, trig: Trigger) -> str:
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
