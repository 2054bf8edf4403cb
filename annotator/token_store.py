"""Token boundaries stored with each document (the ``tokens`` table), so exports need not re-tokenise.

A document's spaCy tokens (whitespace tokens included, as :func:`annotator.tokens.tokenize`
gives them with ``keep_space``) tile its text: token ``i + 1`` starts where token ``i`` ends,
plus one if a space follows. Each token is stored as numbers an export can look its output up
by, without arithmetic per token in Python (:mod:`annotator.exporters.token_json`):

* ``bounds``: ``2 * end + ws`` (``ws``: a space follows), so ``end = q >> 1`` and the next
  token starts at ``(q + 1) >> 1``; ``array('I')``, 4 bytes.
* ``escaped``: ``2 * b + ws`` where ``b`` is the length of the token's text as orjson escapes it
  in UTF-8 (a quote or line break takes two bytes, "é" two); ``array('H')`` (``'I'`` for a token
  longer than 32,767 bytes), 2 bytes.
* ``flags``: one byte, bit 0 ``ws``, bit 1 the token is whitespace.

Seven bytes a token (about 1.3 times the text) in little-endian arrays behind a short header.
Rows are written when a document is pre-annotated (or imported with labels), in the same
transaction; a document's text never changes, so they stay right, and deleting a document
deletes them. A document without them (a project from before version 8, or imported as plain
text and never pre-annotated) is tokenised when it is exported, as before.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import orjson

from annotator.tokens import Token

_MAGIC = b"T2"  # format of the packed blob; another format gets another tag
_HEADER = struct.Struct("<2scI")  # magic, typecode of ``escaped``, number of tokens
_WS = bytes(i & 1 for i in range(256))  # flag byte -> 1 if a space follows the token
_SPACE = bytes((i >> 1) & 1 for i in range(256))  # flag byte -> 1 if the token is whitespace


@dataclass(frozen=True, eq=True)
class StoredTokens:
    """One document's tokens in the stored form (see the module docstring); starts and ends on demand."""

    bounds: array[int]  # 0, then 2 * end + ws for each token
    escaped: array[int]  # 2 * (escaped UTF-8 length) + ws for each token
    ws: bytes  # 1 if a space follows the token, else 0
    space: bytes  # 1 if the token is whitespace, else 0

    def __len__(self) -> int:
        return len(self.ws)

    @cached_property
    def starts(self) -> list[int]:
        """Code point offset where each token starts."""
        return [(q + 1) >> 1 for q in self.bounds[:-1]]

    @cached_property
    def ends(self) -> list[int]:
        """Code point offset where each token ends (exclusive)."""
        return [q >> 1 for q in self.bounds[1:]]

    def tokens(self, *, keep_space: bool = False) -> list[Token]:
        """As :func:`annotator.tokens.tokenize` returns them (whitespace tokens only with ``keep_space``)."""
        both = zip(self.starts, self.ends, self.ws, self.space)
        return [Token(s, e, bool(w)) for s, e, w, sp in both if keep_space or not sp]


def _little_endian(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def pack(tokens: StoredTokens) -> bytes:
    """The blob stored for ``tokens``."""
    return (_HEADER.pack(_MAGIC, tokens.escaped.typecode.encode(), len(tokens)) + _little_endian(tokens.bounds[1:])
            + _little_endian(tokens.escaped) + bytes(w | (s << 1) for w, s in zip(tokens.ws, tokens.space)))


def unpack(blob: bytes) -> StoredTokens | None:
    """The tokens of :func:`pack`'s blob; None for a blob this version cannot read."""
    if len(blob) < _HEADER.size:
        return None
    magic, code, n = _HEADER.unpack_from(blob)
    if magic != _MAGIC or code not in (b"H", b"I"):
        return None
    bounds, escaped = array("I", [0]), array(code.decode())
    at = _HEADER.size
    if bounds.itemsize != 4 or len(blob) != at + n * (4 + escaped.itemsize + 1):
        return None
    bounds.frombytes(blob[at : at + 4 * n])
    at += 4 * n
    escaped.frombytes(blob[at : at + escaped.itemsize * n])
    if sys.byteorder == "big":
        bounds.byteswap()
        escaped.byteswap()
    flags = blob[at + escaped.itemsize * n :]
    return StoredTokens(bounds, escaped, flags.translate(_WS), flags.translate(_SPACE))


def from_tokens(text: str, tokens: list[Token], space: Iterable[bool]) -> StoredTokens | None:
    """The stored form of a text's tokens (whitespace ones included); None if they do not tile the text."""
    position = 0
    for token in tokens:
        if token.start != position:
            return None
        position = token.end + token.ws
    if position != len(text):
        return None
    lengths = [len(orjson.dumps(text[t.start : t.end])) - 2 for t in tokens]
    keys = [2 * b + t.ws for b, t in zip(lengths, tokens)]
    code = "H" if max(keys, default=0) < 1 << 16 else "I"
    bounds = array("I", [0])
    bounds.extend(2 * t.end + t.ws for t in tokens)
    return StoredTokens(bounds, array(code, keys), bytes(t.ws for t in tokens), bytes(int(s) for s in space))


def compute(text: str) -> StoredTokens:
    """Tokenise ``text`` with spaCy (imported here)."""
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY

    from annotator.tokens import make_doc

    doc = make_doc(text)
    rows = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist() if len(doc) else []
    tokens = [Token(idx, idx + length, bool(ws)) for idx, length, ws, _ in rows]
    stored = from_tokens(text, tokens, (bool(r[3]) for r in rows))
    if stored is None:  # spaCy's tokens always tile the text
        raise ValueError("tokens that do not tile their text")
    return stored
