"""JSONL (.jsonl, .ndjson): one document per line, ``{"text": ..., "title": ..., "meta": {...}}``.

A record with ``spans``, ``events``, ``answer`` (native and Prodigy) or ``entities``/``label``
(doccano) brings its annotations too (:mod:`annotator.importers.annotations`). UTF-8 files are
read line by line, so memory is bounded by the longest line; UTF-16 files are read whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.documents import Document
from annotator.importers.annotations import AnnotatedDocument, with_annotations
from annotator.importers.reading import decode, title_of
from annotator.importers.report import ImportProblem
from annotator.safe_read import (
    MAX_ARTICLE_CHARS, SNIFF_BYTES, Unreadable, check_file_size, encoding_of, storable, too_long, utf8_lines,
)

Item = Document | AnnotatedDocument | ImportProblem


def read(path: Path) -> Iterator[Item]:
    """A JSONL file's documents and problems; Unreadable or OSError when it cannot be read at all."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
        if not head:
            raise Unreadable("empty file")
        if encoding_of(head) == "utf-16":
            check_file_size(os.fstat(fh.fileno()).st_size)
            yield from records(path, decode(head + fh.read()))
            return
        fh.seek(0)
        any_text = False
        for number, line, problem in utf8_lines(fh):
            if problem is not None:
                any_text = True
                yield ImportProblem(path, problem, number)
            elif line is not None and line.strip():
                any_text = True
                yield record(path, number, line)
        if not any_text:
            raise Unreadable("no text (the file is blank)")


def records(path: Path, text: str) -> Iterator[Item]:
    """The documents of a decoded JSONL file, and a problem for each line that is not one."""
    # Split on "\n" only: a JSON string may hold a raw U+2028, which str.splitlines() would cut.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield record(path, number, line)


def record(path: Path, number: int, line: str) -> Item:
    """One non-blank JSONL line as a document, or the problem with it."""
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return ImportProblem(path, f"malformed JSON ({exc})", number)
    problem = _check_record(value)
    if problem:
        return ImportProblem(path, problem, number)
    meta: dict[str, Any] = dict(value.get("meta") or {})
    title = value.get("title") or meta.get("title") or title_of(value["text"])
    meta["title"] = str(title)
    meta.setdefault("source", storable(path))
    # spans, events, answer: the record's existing annotations
    return with_annotations(value, Document(text=value["text"], title=str(title), meta=meta), path, number)


def _check_record(record: Any) -> str | None:
    if not isinstance(record, dict):
        return "expected a JSON object with a \"text\" field"
    text = record.get("text")
    if not isinstance(text, str):
        return "missing \"text\" (a string)"
    if not text.strip():
        return "\"text\" is empty"
    if "\x00" in text:
        return "\"text\" contains NUL characters"
    if len(text) > MAX_ARTICLE_CHARS:
        return too_long(text)
    if "meta" in record and record["meta"] is not None and not isinstance(record["meta"], dict):
        return "\"meta\" must be an object"
    if "title" in record and record["title"] is not None and not isinstance(record["title"], str):
        return "\"title\" must be a string"
    return None
