"""Code point <-> UTF-16 position conversion: the only module that knows Qt counts UTF-16.

The core stores offsets as Python code points into the verbatim text. A Qt text document
counts UTF-16 code units (a character outside the Basic Multilingual Plane, such as most
emoji, takes two) and turns a CRLF pair into one paragraph separator. ``TextPositions``
builds the text to show in Qt and converts offsets both ways in O(log n).
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CRLF = re.compile("\r\n")
_LINE_BREAK = re.compile("\r\n?")


class TextPositions:
    """Converts between code point offsets in ``text`` and positions in its Qt display text."""

    __slots__ = ("text", "display_text", "_astral", "_crlf", "_qt_len")

    def __init__(self, text: str) -> None:
        self.text = text
        # Code point indices of astral characters (+1 UTF-16 unit each) and of the "\n" of
        # each CRLF (dropped from the display text, -1 each).
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._crlf = [m.start() + 1 for m in _CRLF.finditer(text)]
        # Every CRLF becomes one "\n" and every lone CR one "\n" too (Qt breaks the line at both),
        # so a CR before a CRLF ("\r\r\n") cannot leave a CRLF in the display text.
        self.display_text = _LINE_BREAK.sub("\n", text) if "\r" in text else text
        self._qt_len = self.to_qt(len(text))

    @property
    def qt_length(self) -> int:
        """Length of the display text in UTF-16 units."""
        return self._qt_len

    def to_qt(self, offset: int) -> int:
        """Qt position of the code point boundary ``offset`` (0..len(text))."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)}")
        return offset + bisect_left(self._astral, offset) - bisect_left(self._crlf, offset)

    def from_qt(self, position: int) -> int:
        """Code point offset of Qt ``position``, rounded down to a character boundary.

        A position inside a surrogate pair maps to the start of that character; the
        position after a CRLF's separator maps past the "\\n".
        """
        if not 0 <= position <= self._qt_len:
            raise ValueError(f"position {position} outside 0..{self._qt_len}")
        lo, hi = 0, len(self.text)
        # to_qt is monotonic (non-decreasing); find the largest offset with to_qt(offset) <= position.
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.to_qt(mid) <= position:
                lo = mid
            else:
                hi = mid - 1
        # Several offsets can share one Qt position (the "\r" and "\n" of a CRLF): take the last.
        return lo

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """Qt (start, end) of a code point range."""
        return self.to_qt(start), self.to_qt(end)

    def range_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """Code point (start, end) of a Qt range; a range ending inside a character extends to cover it."""
        s = self.from_qt(start)
        e = self.from_qt(end)
        if self.to_qt(e) < end:  # the end fell inside a surrogate pair
            e += 1
        return s, e

