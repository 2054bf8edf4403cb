"""The JSONL record's ``tokens`` list as JSON bytes, built from token boundaries without a dict per token.

A record's tokens are ten times the bytes of its text, so building a dict per token for orjson
was most of an export. Here the bytes are joined from pieces that C loops pick: the token texts
are escaped by one ``orjson.dumps`` of all of them, and each number comes with its key from a
table of ready-made pieces. The output is byte for byte what ``orjson.dumps`` gives for
``[{"text": ..., "start": ..., "end": ..., "id": ..., "ws": ...}, ...]``; the record embeds it
as an ``orjson.Fragment``.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import add, itemgetter

import orjson

_TABLE_LIMIT = 1 << 17  # numbers below this come from the tables; larger ones are formatted
_starts: list[bytes] = []
_ends: list[bytes] = []
_ids: list[bytes] = []  # index 2 * id + ws
_NEXT = b',{"text":"'  # what every _ids piece ends with: the start of the next token


def _grow(size: int) -> None:
    """Make the tables cover numbers below ``size`` (at most _TABLE_LIMIT)."""
    size = min(max(size, 1024), _TABLE_LIMIT)
    for n in range(len(_starts), size):
        _starts.append(b'","start":%d' % n)
        _ends.append(b',"end":%d' % n)
        _ids.append(b',"id":%d,"ws":false}%s' % (n, _NEXT))
        _ids.append(b',"id":%d,"ws":true}%s' % (n, _NEXT))


def _pick(table: list[bytes], keys: Sequence[int]) -> tuple[bytes, ...]:
    return (table[keys[0]],) if len(keys) == 1 else itemgetter(*keys)(table)


def tokens_json(text: str, starts: Sequence[int], ends: Sequence[int], ws: bytes) -> bytes:
    """``orjson.dumps`` of the tokens list of a record, from parallel starts, ends and ws flags (0/1)."""
    n = len(starts)
    if n == 0:
        return b"[]"
    limit = max(ends[-1], n) + 1
    if limit > len(_starts):
        _grow(limit)
    if limit > len(_starts):  # a text longer than the tables: format each token (rare, and slower)
        return orjson.dumps([{"text": text[s:e], "start": s, "end": e, "id": i, "ws": bool(w)}
                             for i, (s, e, w) in enumerate(zip(starts, ends, ws))])
    texts = (text[starts[0]:ends[0]],) if n == 1 else itemgetter(*map(slice, starts, ends))(text)
    # In orjson's output a '","' only ever separates two strings: every '"' inside one is escaped.
    escaped = orjson.dumps(texts)[2:-2].split(b'","')
    pieces: list[bytes] = [b""] * (4 * n)
    pieces[0::4] = escaped
    pieces[1::4] = _pick(_starts, starts)
    pieces[2::4] = _pick(_ends, ends)
    pieces[3::4] = _pick(_ids, list(map(add, range(0, 2 * n, 2), ws)))
    pieces[-1] = pieces[-1][: -len(_NEXT)] + b"]"
    return b'[{"text":"' + b"".join(pieces)
