"""Sentence-wide roles: who reports (Source), roles a death or damage inherits from the attack beside it, and fallbacks."""

from __future__ import annotations

from annotator.preannotate.events.arguments import Arguments
from annotator.preannotate.events.document import Draft


class SentenceRoles(Arguments):
    """Roles filled from the sentence around the events, after each event's own arguments."""

    def _sentence_roles(self, sentence: int, group: list[Draft]) -> None:
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
        inherit = self.r.config.inherit
        source_type = inherit.source_type
        attacks = [d for d in group if d.trigger.type == source_type]
        if attacks:
            for draft in group:
                mapping = inherit.to.get(draft.trigger.type)
                if not mapping:
                    continue
                attack = min(attacks, key=lambda a: abs(a.trigger.head.i - draft.trigger.head.i))
                had = draft.roles()  # a role the event fills itself is not overridden
                for (from_role, idx), score in list(attack.args.items()):
                    to_role = mapping.get(from_role)
                    role = self.schema.role(draft.trigger.type, to_role) if to_role else None
                    if role is None or to_role in had or not self._fits(role, self.spans[idx].label):
                        continue
                    if from_role in inherit.place_only and self.spans[idx].label not in self.r.place_labels:
                        continue
                    self._add_index(draft, role, idx, min(score, s.argument_inherited))
        self._fallbacks(sentence, group)

    def _sources(self, sentence: int) -> list[tuple[int, float, frozenset[int] | None]]:
        """(span index, score, token scope or None for the whole sentence) of who reports."""
        start, end = self.sent_bounds[sentence]
        found: list[tuple[int, float, frozenset[int] | None]] = []
        role = next((r for r in self.schema.common_roles if r.name == self.r.source_role), None)
        if not role:
            return found
        score = self.r.scores.argument_source
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
                        if filler is None and pobj.lemma_.lower() in self.r.config.source.documents:
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

    def _fallbacks(self, sentence: int, group: list[Draft]) -> None:
        """Empty roles listed under "fallback" take the nearest fitting entity in the sentence.

        A DATE/TIME another event of the sentence already uses, or one that dates a report
        ("said on Wednesday", "in its daily briefing"), is not taken.
        """
        fallback = self.r.config.fallback
        labels_for = self.r.config.fallback_labels
        needs_prep = self.r.config.fallback_needs_place_prep
        start, end = self.sent_bounds[sentence]
        in_sentence = sorted({i for i in (self.tok_span[t] for t in range(start, end)) if i is not None})
        score = self.r.scores.argument_fallback
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
        return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ in self.r.config.place_preps

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
