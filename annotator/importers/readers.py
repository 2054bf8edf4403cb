"""Import formats by file suffix: :data:`READERS` maps a suffix to the reader of its format.

Each format is one module with ``read(path)``, yielding documents (with annotations when the
file has them) and a problem for each part that cannot be read; it raises
:class:`~annotator.safe_read.Unreadable` or OSError when the whole file cannot be read, which
:func:`read_file` turns into one problem. A brat document is a ``.txt`` with a ``.ann`` beside
it, found by :func:`annotator.importers.brat.pair_of` before the suffix is looked up. To add a
format: write its module and add one :class:`ImportFormat` line below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.documents import Document
from annotator.importers import brat, csv, jsonl, text
from annotator.importers.annotations import AnnotatedDocument
from annotator.importers.reading import Unreadable, unreadable_reason
from annotator.importers.report import ImportProblem

Item = Document | AnnotatedDocument | ImportProblem


@dataclass(frozen=True, slots=True)
class ImportFormat:
    """One import format: its name, the suffixes it is read from, and its reader."""

    name: str
    suffixes: frozenset[str]
    description: str
    read: Callable[[Path], Iterator[Item]]


FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat("text", frozenset({".txt", ".text", ".md", ".markdown"}),
                 "plain text or Markdown, one document per file", text.read),
    ImportFormat("jsonl", frozenset({".jsonl", ".ndjson"}),
                 "JSONL, one document per line (native, Prodigy or doccano, with annotations)", jsonl.read),
    ImportFormat("csv", frozenset({".csv"}), "CSV with a text column, one document per row", csv.read),
)
READERS: dict[str, ImportFormat] = {suffix: f for f in FORMATS for suffix in f.suffixes}
SUPPORTED = frozenset(READERS)


def read_file(path: Path) -> Iterator[Item]:
    """Documents in one file, and a problem for each part that cannot be read."""
    pair = brat.pair_of(path)
    if pair is not None:  # NAME.txt beside NAME.ann: a brat document with its annotations
        yield from brat.read_brat(*pair)
        return
    suffix = path.suffix.lower()
    if suffix not in READERS:
        yield ImportProblem(path, f"unsupported file type {suffix or '(none)'}; use .txt, .md, .jsonl or .csv")
        return
    try:
        yield from READERS[suffix].read(path)
    except (Unreadable, OSError) as exc:
        yield ImportProblem(path, unreadable_reason(exc))
