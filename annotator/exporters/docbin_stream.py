"""A spaCy ``DocBin`` file written with flat memory, whatever the number of documents.

``DocBin`` keeps every document's arrays in memory until ``to_bytes()`` (about 15 KB per
short article: gigabytes for a large project). This writer takes each document's parts from
a one-document ``DocBin`` (so spaCy decides what is stored), spills them to temporary files,
and at the end streams the same zlib-compressed msgpack message ``DocBin.to_bytes()`` builds.
Only the string set (bounded by the vocabulary) and one integer per document stay in memory.
"""

from __future__ import annotations

import tempfile
import zlib
from array import array
from typing import IO, TYPE_CHECKING


if TYPE_CHECKING:
    from spacy.tokens import Doc

ATTRS: tuple[str, ...] = ("ENT_IOB", "ENT_TYPE")  # with ORTH and SPACY, all a tokenised, labelled Doc has
_CHUNK = 1 << 20


def _bin_header(n: int) -> bytes:
    if n < 1 << 8:
        return b"\xc4" + n.to_bytes(1, "big")
    if n < 1 << 16:
        return b"\xc5" + n.to_bytes(2, "big")
    return b"\xc6" + n.to_bytes(4, "big")


def _array_header(n: int) -> bytes:
    if n < 16:
        return bytes([0x90 | n])
    if n < 1 << 16:
        return b"\xdc" + n.to_bytes(2, "big")
    return b"\xdd" + n.to_bytes(4, "big")


class StreamingDocBin:
    """Add Docs one at a time, then :meth:`write` the ``.spacy`` file; use as a context manager."""

    def __init__(self, attrs: tuple[str, ...] = ATTRS) -> None:
        from spacy.tokens import DocBin

        from srsly.msgpack import Packer

        # one Packer: srsly.msgpack_dumps builds a new one per call, which costs ~1 ms each
        self._pack = Packer(use_bin_type=True, autoreset=True).pack
        self._attrs = attrs
        self._empty = DocBin(attrs=attrs)
        self._lengths = array("i")
        self._strings: set[str] = set()
        # msgpack-packed per-document parts, in document order
        self._parts = {name: tempfile.TemporaryFile() for name in ("tokens", "spaces", "cats", "flags", "span_groups")}

    def __enter__(self) -> StreamingDocBin:
        return self

    def __exit__(self, *exc: object) -> None:
        for fh in self._parts.values():
            fh.close()

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, doc: Doc) -> None:
        """Store one Doc's arrays, spaces, flags, categories, span groups and strings."""
        from spacy.tokens import DocBin

        one = DocBin(attrs=self._attrs, docs=[doc])
        self._lengths.append(len(one.tokens[0]))
        self._parts["tokens"].write(one.tokens[0].tobytes("C"))
        self._parts["spaces"].write(one.spaces[0].tobytes("C"))
        self._parts["cats"].write(self._pack(one.cats[0]))
        self._parts["flags"].write(self._pack(one.flags[0]))
        self._parts["span_groups"].write(self._pack(one.span_groups[0]))
        self._strings |= one.strings

    def write(self, out: IO[bytes]) -> None:
        """Write what ``DocBin.to_bytes()`` would return for the same Docs to ``out``."""
        zipper = zlib.compressobj()
        n = len(self._lengths)

        def put(data: bytes) -> None:
            out.write(zipper.compress(data))

        def copy(name: str) -> None:
            fh = self._parts[name]
            fh.seek(0)
            while chunk := fh.read(_CHUNK):
                put(chunk)

        def size(name: str) -> int:
            return self._parts[name].seek(0, 2)

        put(b"\x89")  # a map of nine entries, in DocBin.to_bytes' order
        put(self._pack("version") + self._pack(self._empty.version))
        put(self._pack("attrs") + self._pack(self._empty.attrs))
        for name in ("tokens", "spaces"):
            put(self._pack(name) + _bin_header(size(name)))
            copy(name)
        put(self._pack("lengths") + self._pack(self._lengths.tobytes()))
        put(self._pack("strings") + self._pack(sorted(self._strings)))
        for name in ("cats", "flags", "span_groups"):
            put(self._pack(name) + _array_header(n))
            copy(name)
        out.write(zipper.flush())
