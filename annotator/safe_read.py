"""Defensive reading of input files: what a path really is, size limits, line-by-line JSONL.

Importers meet whatever lies in a user's folder: named pipes, devices, broken or looping
links, file names with newlines or bytes that are not UTF-8, files of hundreds of megabytes,
single lines of tens of megabytes. Every helper here turns such input into a one-line reason
(or a bounded amount of memory) instead of an exception, a hang or a garbled message.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

MAX_ARTICLE_CHARS = 10_000_000  # one article; far beyond any news text, still opens in the app
MAX_LINE_BYTES = 8 * MAX_ARTICLE_CHARS  # a JSONL line: JSON escapes make it longer than its text
SNIFF_BYTES = 8192  # bytes looked at to tell text from binary
_SKIP_CHUNK = 1 << 20
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})  # controls, lone surrogates, line/paragraph separators
_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Unreadable(Exception):
    """A whole file cannot be read; the message says why."""


def shown(path: str | Path) -> str:
    """``path`` (or a message) as one safe line: control characters, line breaks, bidi overrides
    and undecodable bytes (surrogate escapes) written as backslash escapes."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if _hidden(ch) else ch for ch in text)


def _hidden(ch: str) -> bool:
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES or ch in _BIDI_CONTROLS


def storable(path: str | Path) -> str:
    """``path`` as text that UTF-8 can hold (a name with undecodable bytes gets ``\\xNN`` escapes)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def not_a_file(path: Path) -> str | None:
    """Why ``path`` is neither a regular file nor a folder (after following links), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "broken symbolic link (its target is missing)" if os.path.islink(path) else "no such file or folder"
    except ValueError:
        return "the name contains a NUL character"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop (the link points back to itself)"
        if exc.errno == errno.ENAMETOOLONG:
            return "file name too long"
        return f"cannot read ({exc.strerror or exc})"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def too_long(text: str) -> str | None:
    """Why ``text`` is too long for one article, or None."""
    if len(text) <= MAX_ARTICLE_CHARS:
        return None
    return (f"article of {len(text):,} characters is over the limit of {MAX_ARTICLE_CHARS:,} "
            "per article; split it into several")


def check_file_size(size: int) -> None:
    """Refuse, before reading it, a file that cannot hold an article within the limit."""
    if size > 4 * MAX_ARTICLE_CHARS + 4:  # UTF-8 takes at most 4 bytes a character (+ a BOM)
        raise Unreadable(f"file of {size / 1e6:,.0f} MB is over the limit of {MAX_ARTICLE_CHARS:,} "
                         "characters per article; split it into several files")


def encoding_of(head: bytes) -> str:
    """The encoding of a file starting with ``head``: UTF-16 with a BOM, else UTF-8 (BOM optional)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head[:SNIFF_BYTES]:
        even, odd = head[0:SNIFF_BYTES:2], head[1:SNIFF_BYTES:2]
        if len(head) >= 2 and (even.count(0) == len(even) or odd.count(0) == len(odd)):
            raise Unreadable("UTF-16 without a byte-order mark; re-save the file as UTF-8")
        raise Unreadable("binary file (contains NUL bytes), not text; Annotator reads UTF-8 text")
    return "utf-8-sig"


def utf8_lines(fh: BinaryIO) -> Iterator[tuple[int, str | None, str | None]]:
    """``(number, line, problem)`` for each line of a UTF-8 file, split on LF only.

    A line is read whole only up to ``MAX_LINE_BYTES``; a longer one is skipped without being
    held in memory and reported. A line that is not valid UTF-8 is reported alone.
    """
    number = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            size = len(raw) + _skip_line(fh)
            yield number, None, (f"line of {size / 1e6:,.0f} MB is over the limit of {MAX_LINE_BYTES / 1e6:,.0f} MB; "
                                 "split the article")
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield number, None, f"not valid UTF-8 at byte {exc.start} of the line; re-save the file as UTF-8"


def _skip_line(fh: BinaryIO) -> int:
    """Read past the rest of the current line in bounded chunks; returns how many bytes."""
    skipped = 0
    while True:
        chunk = fh.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
