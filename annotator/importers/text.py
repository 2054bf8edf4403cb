"""Plain text and Markdown (.txt, .text, .md, .markdown): one file is one document, stored verbatim.

The title is the first non-empty line (without ``#`` heading marks for Markdown).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.documents import Document
from annotator.importers.reading import decode, title_of
from annotator.importers.report import ImportProblem
from annotator.safe_read import check_file_size, storable, too_long

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def read(path: Path) -> Iterator[Document | ImportProblem]:
    """The file's one document; Unreadable or OSError when the file cannot be read."""
    check_file_size(path.stat().st_size)
    yield from document(path, decode(path.read_bytes()))


def document(path: Path, text: str) -> Iterator[Document | ImportProblem]:
    """The document of a decoded file, or the problem with it."""
    problem = too_long(text)
    if problem:
        yield ImportProblem(path, problem)
        return
    title = title_of(text, markdown=path.suffix.lower() in MARKDOWN_SUFFIXES)
    yield Document(text=text, title=title, meta={"title": title, "source": storable(path)})
