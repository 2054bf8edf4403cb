"""The per-document state every stage of event finding reads and extends: the doc, its spans, its sentences.

Spans are indexed by token (the longest covering span wins) and by offsets and label, so that a
role filler that is not yet a span ("the Ukrainian military") can be added once and found again.
Sentences are the parser's, also cut at line breaks. The doc's tokens are screened once as numpy
arrays against the lexicon's hash keys, so Token objects are made only for candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.documents import Span, SpanKind
from annotator.schema import Role, Schema

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from annotator.preannotate.events.lexicon import Lexicon

NOUNS = frozenset({"NOUN", "PROPN"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
NP_LEFT = frozenset({"det", "amod", "compound", "nummod", "poss", "case", "nmod", "quantmod", "npadvmod", "predet"})
SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"})
CONTROL = frozenset({"xcomp", "advcl", "conj", "acl", "relcl", "ccomp", "pcomp"})


@dataclass(slots=True)
class Trigger:
    """A trigger candidate: its type, syntactic head, character extent and how it was found."""

    type: str
    head: Token
    start: int
    end: int
    kind: str  # verb | noun | any | phrase
    governor: Token | None = None  # a light verb whose subject/preps the event borrows
    merged: list[Token] = field(default_factory=list)  # coordinated triggers folded into this one


@dataclass(slots=True)
class Draft:
    """An event being built: arguments as (role, span index, score), best score per pair."""

    trigger: Trigger
    sentence: int
    args: dict[tuple[str, int], float] = field(default_factory=dict)

    def roles(self) -> set[str]:
        """The roles filled so far."""
        return {role for role, _ in self.args}

    def span_ids(self) -> set[int]:
        """The span indices used so far."""
        return {idx for _, idx in self.args}


class DocState:
    """The per-document state of one :meth:`annotator.preannotate.events.EventRules.find` call."""

    def __init__(self, rules: Lexicon, doc: Doc, spans: Sequence[Span], schema: Schema) -> None:
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
        self.spans.append(Span(start, end, label, origin="rule", score=self.r.scores.new_span, kind=kind))
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
            elif child.dep_ in NP_LEFT or (child.dep_ == "punct" and child.text in "-‐"):
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

    def _is_weapon(self, tok: Token) -> bool:
        label = self._label_at(tok)
        if label is not None:
            return label == self.r.weapon_label
        return self.r.lexicon.get(tok.lemma_.lower()) == self.r.weapon_label

    def _head_token(self, idx: int) -> Token | None:
        """The syntactic head of span ``idx`` (its token whose head lies outside it)."""
        span = self.doc.char_span(self.spans[idx].start, self.spans[idx].end, alignment_mode="expand")
        return None if span is None else span.root

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

    def _fits(self, role: Role, label: str) -> bool:
        """Role.fits, except that an open role (any label) still refuses dates, numbers and the like."""
        if role.labels:
            return role.fits(label)
        return label not in self.r.open_exclude
