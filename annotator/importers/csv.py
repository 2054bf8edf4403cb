"""CSV with a header and a ``text`` column: one document per row, the other cells kept in meta.

A ``title`` column names the document (else its first line). Read strictly: a stray or
unclosed quote, a row with more cells than the header, or an empty ``text`` cell is a problem
on that row's line, and the other rows still go in.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.documents import Document
from annotator.importers.reading import decode, title_of
from annotator.importers.report import ImportProblem
from annotator.safe_read import storable, too_long

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KiB default


def read(path: Path) -> Iterator[Document | ImportProblem]:
    """The file's rows as documents; Unreadable or OSError when the file cannot be read."""
    yield from rows(path, decode(path.read_bytes()))


def rows(path: Path, text: str) -> Iterator[Document | ImportProblem]:
    """The documents of a decoded CSV file, and a problem for each row that is not one."""
    # strict: a stray or unclosed quote is an error, not a cell swallowing the rows after it.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = reader.fieldnames or []
    except csv.Error as exc:
        yield ImportProblem(path, f"malformed CSV ({exc})", 1)
        return
    if "text" not in columns:
        found = ", ".join(repr(c) for c in columns) or "none"
        yield ImportProblem(path, f"no \"text\" column (columns: {found})", 1)
        return
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        yield ImportProblem(path, f"repeated column names {', '.join(map(repr, repeated))}; give each column its own name", 1)
        return
    while True:
        line = reader.line_num + 1  # where the row starts (a quoted cell may span lines)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ImportProblem(path, f"malformed CSV ({exc})", line)
            return
        body = row.get("text")
        if not body or not body.strip():
            yield ImportProblem(path, "empty \"text\" cell", line)
            continue
        cells: dict[Any, Any] = row  # DictReader's key for cells beyond the header is None
        if None in cells:
            yield ImportProblem(path, f"{len(columns) + len(cells[None])} cells but {len(columns)} columns "
                                "in the header (an unquoted comma?)", line)
            continue
        problem = too_long(body)
        if problem:
            yield ImportProblem(path, problem, line)
            continue
        meta = {k: v for k, v in row.items() if k not in ("text", None)}
        title = row.get("title") or title_of(body)
        meta["title"] = title
        meta.setdefault("source", storable(path))
        yield Document(text=body, title=title, meta=meta)
