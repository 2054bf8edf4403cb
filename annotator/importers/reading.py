"""Shared by the readers: bytes -> text (:func:`decode`), a document's title, why a file failed.

The stored text is the file's decoded content verbatim (a byte-order mark is encoding, not
content, and is the only thing dropped), so offsets always refer to the original. A whole file
that cannot be read raises :class:`~annotator.safe_read.Unreadable` with the reason.
"""

from __future__ import annotations

from annotator.safe_read import SNIFF_BYTES, Unreadable, encoding_of

__all__ = ["Unreadable", "decode", "title_of", "unreadable_reason"]


def decode(data: bytes) -> str:
    """Decode a file's bytes as UTF-8 (or UTF-16/UTF-8 with a BOM); raise Unreadable with a reason."""
    if not data:
        raise Unreadable("empty file")
    encoding = encoding_of(data[:SNIFF_BYTES])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise Unreadable(f"not valid {name} at byte {exc.start}; re-save the file as UTF-8") from exc
    if "\x00" in text:
        raise Unreadable("binary file (contains NUL characters), not text")
    if not text.strip():
        raise Unreadable("no text (the file is blank)")
    return text


def title_of(text: str, *, markdown: bool = False) -> str:
    """The first non-empty line, without Markdown heading marks."""
    # Every line break str.splitlines() knows is whitespace, so the first non-empty line starts at
    # the first non-whitespace character; only a head of the text is split (not a 1 MB article).
    rest = text.lstrip()
    head = rest[:4096]
    line = head.splitlines()[0] if head else ""
    if len(line) == len(head) < len(rest):  # no break within the head: the line goes on
        line = rest.splitlines()[0]
    line = line.strip()
    return line.lstrip("#").strip() if markdown else line


def unreadable_reason(exc: Unreadable | OSError) -> str:
    """The one-line reason a file could not be read."""
    return f"cannot read ({exc.strerror or exc})" if isinstance(exc, OSError) else str(exc)
