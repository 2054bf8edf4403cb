"""Tokens of a text (spaCy's English tokenizer) and snapping selections to token boundaries.

Uses ``spacy.blank("en")``, whose tokenizer is the one en_core_web_sm uses, so a selection
snaps to the same tokens the model's entities start and end on, and exported
``token_start``/``token_end`` agree with spaCy and Prodigy. spaCy is imported lazily.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class Token(NamedTuple):
    """A token's code point range and whether whitespace follows it."""

    start: int
    end: int
    ws: bool


@lru_cache(maxsize=1)
def _blank() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = 10**8  # tokenizing alone needs no parser memory
    return nlp


def blank_english() -> Language:
    """The cached ``spacy.blank("en")`` (tokenizer only): for code that needs the Language itself."""
    return _blank()


def make_doc(text: str) -> Doc:
    """spaCy's Doc of ``text``, tokenized only (no pipeline run): what :func:`tokenize` reads.

    For components that need a Doc over exactly these tokens (the OneIE export's sentencizer).
    """
    return _blank().make_doc(text)


def doc_tokens(doc: Doc, *, keep_space: bool = False) -> list[Token]:
    """The tokens of a Doc from :func:`make_doc`, as :func:`tokenize` returns them.

    Read as one array rather than token by token: a spaCy Token object per token cost more
    than tokenizing (half the time of a JSONL export).
    """
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY

    rows = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist() if len(doc) else []
    return [Token(idx, idx + length, bool(ws)) for idx, length, ws, space in rows if keep_space or not space]


def tokenize(text: str, *, keep_space: bool = False) -> list[Token]:
    """Tokens of ``text``; whitespace-only tokens are left out unless ``keep_space``.

    Selections snap without them; exports keep them, as spaCy and Prodigy do, so that
    token texts plus ``ws`` rebuild the text and token ids match spaCy's.
    """
    return doc_tokens(make_doc(text), keep_space=keep_space)


@dataclass(frozen=True, slots=True)
class TokenIndex:
    """Tokens of one text with fast lookup by character offset."""

    tokens: list[Token]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> TokenIndex:
        """Tokenize ``text`` and index the result."""
        return cls.from_tokens(tokenize(text))

    @classmethod
    def from_tokens(cls, tokens: list[Token]) -> TokenIndex:
        """Index already computed tokens."""
        return cls(tokens, [t.start for t in tokens], [t.end for t in tokens])

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Widen ``[start, end)`` to whole tokens; None if it covers no token.

        Every token the selection touches is included, so a selection that starts in the
        middle of a word takes the whole word, and surrounding spaces are dropped.
        """
        if end < start:
            start, end = end, start
        first = bisect_right(self.ends, start)  # first token ending after start
        last = bisect_left(self.starts, end) - 1  # last token starting before end
        if end == start:  # a caret inside a token selects that token
            last = first
            if first >= len(self.tokens) or self.starts[first] > start:
                return None
        if first > last or first >= len(self.tokens):
            return None
        return self.tokens[first].start, self.tokens[last].end

    def token_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Inclusive (token_start, token_end) indices of a character range, if it is token-aligned."""
        i = bisect_left(self.starts, start)
        j = bisect_left(self.ends, end)
        if i < len(self.tokens) and j < len(self.tokens) and self.starts[i] == start and self.ends[j] == end:
            return i, j
        return None

    def move_boundary(self, start: int, end: int, *, edge: str, step: int) -> tuple[int, int] | None:
        """Move a span's ``edge`` ("start" or "end") by ``step`` tokens; None if it would vanish."""
        if edge == "end":
            j = bisect_left(self.ends, end) + step
            if not 0 <= j < len(self.tokens) or self.tokens[j].end <= start:
                return None
            return start, self.tokens[j].end
        i = bisect_left(self.starts, start) + step
        if not 0 <= i < len(self.tokens) or self.tokens[i].start >= end:
            return None
        return self.tokens[i].start, end
