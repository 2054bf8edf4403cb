"""Token boundaries stored with each document (the ``tokens`` table), so exports need not re-tokenise.

A document's spaCy tokens (whitespace tokens included, as :func:`annotator.tokens.tokenize`
gives them with ``keep_space``) are fully described by each token's length, whether a space
follows it and whether it is itself whitespace: token ``i + 1`` starts where token ``i`` ends,
plus one if a space follows. So a document's tokens are packed as a header, the lengths as a
little-endian ``array('H')`` (``'I'`` if a token is longer than 65,535 code points) and one flag
byte per token: three bytes a token, about half the size of the text. Decoding is done by C
loops (``array``, ``bytes.translate``, ``itertools.accumulate``), not per token in Python.

Rows are written when a document is pre-annotated (or imported with annotations), in the same
transaction; a document's text never changes, so they stay right, and deleting a document
deletes them. A document without them (a project from before version 8, or imported as plain
text and never pre-annotated) is tokenised when it is exported, as before.
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import NamedTuple

from annotator.tokens import Token

_MAGIC = b"T1"  # format of the packed blob; another format would get another tag
_WS = bytes(i & 1 for i in range(256))  # flag byte -> 1 if a space follows the token
_SPACE = bytes((i >> 1) & 1 for i in range(256))  # flag byte -> 1 if the token is whitespace


class StoredTokens(NamedTuple):
    """One document's tokens as parallel sequences: code point starts and ends, ws and space flags (0/1)."""

    starts: list[int]
    ends: list[int]
    ws: bytes
    space: bytes

    def tokens(self, *, keep_space: bool = False) -> list[Token]:
        """As :func:`annotator.tokens.tokenize` returns them (whitespace tokens only with ``keep_space``)."""
        if keep_space:
            return [Token(s, e, bool(w)) for s, e, w in zip(self.starts, self.ends, self.ws)]
        return [Token(s, e, bool(w)) for s, e, w, sp in zip(self.starts, self.ends, self.ws, self.space) if not sp]


def pack(tokens: Sequence[Token], space: Iterable[bool], text_length: int) -> bytes | None:
    """The packed form of a text's tokens (whitespace ones included); None if they do not tile the text.

    ``space`` says for each token whether it is whitespace. spaCy's tokens always tile the text
    (each starts where the previous one ended, plus its space); anything else is not stored.
    """
    position = 0
    for token in tokens:
        if token.start != position:
            return None
        position = token.end + token.ws
    if position != text_length:
        return None
    lengths = [t.end - t.start for t in tokens]
    code = "H" if max(lengths, default=0) < 1 << 16 else "I"
    packed = array(code, lengths)
    if packed.itemsize != (2 if code == "H" else 4):  # 'I' is 4 bytes on every platform Python supports
        return None
    if sys.byteorder == "big":
        packed.byteswap()
    flags = bytes(t.ws | (bool(s) << 1) for t, s in zip(tokens, space))
    return _MAGIC + code.encode() + packed.tobytes() + flags


def unpack(blob: bytes) -> StoredTokens | None:
    """The tokens of :func:`pack`'s blob; None for a blob this version cannot read."""
    if blob[:2] != _MAGIC or blob[2:3] not in (b"H", b"I"):
        return None
    code = blob[2:3].decode()
    size = 2 if code == "H" else 4
    n, rest = divmod(len(blob) - 3, size + 1)
    if rest:
        return None
    lengths = array(code)
    lengths.frombytes(blob[3 : 3 + n * size])
    if sys.byteorder == "big":
        lengths.byteswap()
    flags = blob[3 + n * size :]
    ws = flags.translate(_WS)
    steps: list[int] = [0] * (2 * n)
    steps[0::2] = lengths
    steps[1::2] = ws
    bounds = list(accumulate(steps))  # end of token 0, start of token 1, end of token 1, ...
    ends = bounds[0::2]
    starts = [0, *bounds[1:-1:2]] if n else []
    return StoredTokens(starts, ends, ws, flags.translate(_SPACE))


def compute(text: str) -> tuple[StoredTokens, bytes | None]:
    """Tokenise ``text`` with spaCy (imported here): its tokens, and their packed form to store."""
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY

    from annotator.tokens import make_doc

    doc = make_doc(text)
    rows = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist() if len(doc) else []
    tokens = [Token(idx, idx + length, bool(ws)) for idx, length, ws, _ in rows]
    stored = StoredTokens([t.start for t in tokens], [t.end for t in tokens],
                          bytes(int(t.ws) for t in tokens), bytes(int(bool(r[3])) for r in rows))
    return stored, pack(tokens, (bool(r[3]) for r in rows), len(text))


def read(conn: sqlite3.Connection, doc_id: int) -> StoredTokens | None:
    """A document's stored tokens, or None if they are not stored (or not readable by this version)."""
    row = conn.execute("SELECT packed FROM tokens WHERE doc_id = ?", (doc_id,)).fetchone()
    return unpack(row[0]) if row is not None else None


def tokens_of(conn: sqlite3.Connection, doc_id: int, text: str) -> StoredTokens:
    """A document's tokens: the stored ones, else tokenised now (nothing is written)."""
    return read(conn, doc_id) or compute(text)[0]


def write_missing(conn: sqlite3.Connection, doc_ids: Iterable[int]) -> int:
    """Tokenise and store the tokens of those documents that have none; returns how many were stored.

    Call inside the transaction that pre-annotates or imports them.
    """
    ids = list(doc_ids)
    rows: list[tuple[int, bytes]] = []
    for at in range(0, len(ids), 500):
        part = ids[at : at + 500]
        marks = ", ".join("?" * len(part))
        for doc_id, text in conn.execute(
                f"SELECT id, text FROM documents WHERE id IN ({marks})"
                " AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.doc_id = documents.id)", part).fetchall():
            packed = compute(text)[1]
            if packed is not None:
                rows.append((doc_id, packed))
    conn.executemany("INSERT OR REPLACE INTO tokens(doc_id, packed) VALUES (?, ?)", rows)
    return len(rows)
