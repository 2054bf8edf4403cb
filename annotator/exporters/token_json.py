"""The JSONL record's ``tokens`` list as JSON bytes, built from stored tokens without a dict per token.

A record's tokens are ten times the bytes of its text, so building a dict per token for orjson
was most of an export. Here the bytes are joined from pieces that C loops pick, with no Python
code per token: the text is escaped by one ``orjson.dumps`` and cut into the tokens' escaped
texts by one ``struct`` format (the stored escaped lengths, ``x`` for a following space); each
number comes with its key from a table of ready-made pieces, looked up by the stored
``2 * end + ws`` values (:mod:`annotator.token_store`). The output is byte for byte what
``orjson.dumps`` gives for ``[{"text": ..., "start": ..., "end": ..., "id": ..., "ws": ...}]``;
the record embeds it as an ``orjson.Fragment``.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from operator import itemgetter

import orjson

from annotator.token_store import StoredTokens

_TABLE_LIMIT = 1 << 18  # bound values (2 * end + ws) below this come from the tables
_starts: list[bytes] = []  # by the previous token's bound: (q + 1) >> 1 is where the next one starts
_ends: list[bytes] = []  # by the token's bound: q >> 1 is its end
_ids: list[bytes] = []
_formats: list[bytes] = []  # by escaped key 2 * b + ws: b"<b>s", then b"x" if a space follows
_NEXT = b',{"text":"'  # what every ws piece ends with: the start of the next token
_WS_PIECES = (b',"ws":false}' + _NEXT, b',"ws":true}' + _NEXT)


def _start(q: int, table: list[bytes]) -> bytes:
    return table[q - 1] if q % 2 == 0 and q else b'","start":%d' % ((q + 1) >> 1)


def _end(q: int, table: list[bytes]) -> bytes:
    return table[q - 1] if q % 2 else b',"end":%d' % (q >> 1)


def _id(q: int, table: list[bytes]) -> bytes:
    return b',"id":%d' % q


def _format(q: int, table: list[bytes]) -> bytes:
    return b"%ds" % (q >> 1) + (b"x" if q % 2 else b"")


def _grow(bounds: int, ids: int, formats: int) -> None:
    """Make the tables cover keys below these sizes (at least 1,024 each)."""
    for table, make, size in ((_starts, _start, bounds), (_ends, _end, bounds), (_ids, _id, ids),
                              (_formats, _format, formats)):
        for q in range(len(table), max(size, 1024)):
            table.append(make(q, table))


def _pick(table: Sequence[bytes], keys: Sequence[int]) -> tuple[bytes, ...]:
    """``table[k]`` for each of ``keys``, looked up in C."""
    found = itemgetter(*keys)(table)
    return found if len(keys) > 1 else (found,)


def tokens_json(text: str, tokens: StoredTokens) -> bytes:
    """``orjson.dumps`` of the ``tokens`` list of the record of ``text``."""
    n = len(tokens)
    if n == 0:
        return b"[]"
    keys = tokens.bounds.tolist()  # one list of ints for both look-ups (unpacking an array makes each int anew)
    if keys[-1] >= len(_starts) or n > len(_ids):  # bounds only grow along the text
        if keys[-1] >= _TABLE_LIMIT:
            return _slowly(text, tokens)
        _grow(keys[-1] + 1, n, 0)
    try:
        formats = _pick(_formats, tokens.escaped)
    except IndexError:  # a token longer than any before it
        widest = max(tokens.escaped)
        if widest >= _TABLE_LIMIT:
            return _slowly(text, tokens)
        _grow(0, 0, widest + 1)
        formats = _pick(_formats, tokens.escaped)
    quoted = orjson.dumps(text)
    cut = struct.Struct(b"<" + b"".join(formats))
    if cut.size != len(quoted) - 2:  # not the lengths this text escapes to: never cut wrongly
        return _slowly(text, tokens)
    pieces: list[bytes] = [b""] * (5 * n)
    pieces[0::5] = cut.unpack_from(quoted, 1)
    pieces[1::5] = _pick(_starts, keys[:-1])
    pieces[2::5] = _pick(_ends, keys[1:])
    pieces[3::5] = _ids[:n]
    pieces[4::5] = _pick(_WS_PIECES, tokens.ws)
    pieces[-1] = pieces[-1][: -len(_NEXT)] + b"]"
    return b'[{"text":"' + b"".join(pieces)


def _slowly(text: str, tokens: StoredTokens) -> bytes:
    """The same, a dict per token (a text too long for the tables)."""
    return orjson.dumps([{"text": text[s:e], "start": s, "end": e, "id": i, "ws": bool(w)}
                         for i, (s, e, w) in enumerate(zip(tokens.starts, tokens.ends, tokens.ws))])
