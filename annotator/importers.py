"""Files and folders -> Documents: .txt/.md, .jsonl, .csv; folders recursively.

The stored text is the file's decoded content verbatim (a byte-order mark is encoding, not
content, and is the only thing dropped), so offsets always refer to the original. Bad input
yields an :class:`ImportProblem` naming the file (and line) and never stops the other files.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotator.documents import Document
from annotator.safe_read import (
    MAX_ARTICLE_CHARS, SNIFF_BYTES, Unreadable, check_file_size, encoding_of, not_a_file, shown, storable, too_long, utf8_lines,
)
from annotator.store import ImportResult, SearchIndexPause, Store

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
SUPPORTED = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KiB default


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing that could not be imported, for a one-line error message."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return shown(f"{where}: {self.message}")  # one line, whatever the file name holds


_Unreadable = Unreadable  # a whole file cannot be read; carries the message


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts and every problem met."""

    added: int = 0
    present: int = 0
    skipped_files: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    cancelled: bool = False  # stopped by the user; everything imported so far is kept
    annotations: int = 0  # spans and events the added documents brought
    merged: int = 0  # documents already present, unreviewed, that received imported annotations
    merged_annotations: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.problems

    def summary(self) -> str:
        """One line for the user: '3 documents imported, 1 already present, 2 failed'."""
        parts = [f"{_plural(self.added, 'document')} imported"
                 + (f" with {_plural(self.annotations, 'annotation')}" if self.annotations else "")]
        if self.merged:
            parts.append(f"{_plural(self.merged_annotations, 'annotation')} added to "
                         f"{_plural(self.merged, 'document')} already present")
        if self.present:
            parts.append(f"{self.present} already present")
        if self.skipped_files:
            parts.append(f"{_plural(self.skipped_files, 'file')} of other types skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} failed")
        if self.cancelled:
            parts.append("stopped: the files imported so far are kept")
        return ", ".join(parts)

    def count(self, stored: ImportResult | ImportProblem, annotations: int) -> None:
        """Count one stored annotated document (:func:`annotator.annotation_import.store_annotated`)."""
        if isinstance(stored, ImportProblem):
            self.problems.append(stored)
        elif stored.outcome == "added":
            self.added += 1
            self.annotations += annotations
        elif stored.outcome == "merged":
            self.merged += 1
            self.merged_annotations += annotations
        else:
            self.present += 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def decode(data: bytes) -> str:
    """Decode a file's bytes as UTF-8 (or UTF-16/UTF-8 with a BOM); raise _Unreadable with a reason."""
    if not data:
        raise _Unreadable("empty file")
    encoding = encoding_of(data[:SNIFF_BYTES])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise _Unreadable(f"not valid {name} at byte {exc.start}; re-save the file as UTF-8") from exc
    if "\x00" in text:
        raise _Unreadable("binary file (contains NUL characters), not text")
    if not text.strip():
        raise _Unreadable("no text (the file is blank)")
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


def _text_file(path: Path, text: str) -> Iterator[Document | ImportProblem]:
    problem = too_long(text)
    if problem:
        yield ImportProblem(path, problem)
        return
    title = title_of(text, markdown=path.suffix.lower() in {".md", ".markdown"})
    yield Document(text=text, title=title, meta={"title": title, "source": storable(path)})


def _jsonl_file(path: Path, text: str) -> Iterator[Document | ImportProblem]:
    # Split on "\n" only: a JSON string may hold a raw U+2028, which str.splitlines() would cut.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _jsonl_record(path, number, line)


def _jsonl_record(path: Path, number: int, line: str) -> Document | ImportProblem:
    """One non-blank JSONL line as a document, or the problem with it."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return ImportProblem(path, f"malformed JSON ({exc})", number)
    problem = _check_record(record)
    if problem:
        return ImportProblem(path, problem, number)
    meta: dict[str, Any] = dict(record.get("meta") or {})
    title = record.get("title") or meta.get("title") or title_of(record["text"])
    meta["title"] = str(title)
    meta.setdefault("source", storable(path))
    from annotator.annotation_import import with_annotations  # spans, events, answer: existing annotations

    return with_annotations(record, Document(text=record["text"], title=str(title), meta=meta), path, number)


def _jsonl_stream(path: Path) -> Iterator[Document | ImportProblem]:
    """A JSONL file read line by line (memory bounded by the longest line), UTF-16 read whole."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
        if not head:
            raise _Unreadable("empty file")
        if encoding_of(head) == "utf-16":
            check_file_size(os.fstat(fh.fileno()).st_size)
            yield from _jsonl_file(path, decode(head + fh.read()))
            return
        fh.seek(0)
        any_text = False
        for number, line, problem in utf8_lines(fh):
            if problem is not None:
                any_text = True
                yield ImportProblem(path, problem, number)
            elif line is not None and line.strip():
                any_text = True
                yield _jsonl_record(path, number, line)
        if not any_text:
            raise _Unreadable("no text (the file is blank)")


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


def _csv_file(path: Path, text: str) -> Iterator[Document | ImportProblem]:
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
        if None in row:  # DictReader's key for cells beyond the header
            yield ImportProblem(path, f"{len(columns) + len(row[None])} cells but {len(columns)} columns "  # type: ignore[index]
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


def read_file(path: Path) -> Iterator[Document | ImportProblem]:
    """Documents in one file, and a problem for each part that cannot be read."""
    from annotator import brat_import

    pair = brat_import.pair_of(path)
    if pair is not None:  # NAME.txt beside NAME.ann: a brat document with its annotations
        yield from brat_import.read_brat(*pair)
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield ImportProblem(path, f"unsupported file type {suffix or '(none)'}; use .txt, .md, .jsonl or .csv")
        return
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_stream(path)
            return
        if suffix in TEXT_SUFFIXES:
            check_file_size(path.stat().st_size)
        text = decode(path.read_bytes())
    except _Unreadable as exc:
        yield ImportProblem(path, str(exc))
        return
    except OSError as exc:
        yield ImportProblem(path, f"cannot read ({exc.strerror or exc})")
        return
    if suffix in CSV_SUFFIXES:
        yield from _csv_file(path, text)
    else:
        yield from _text_file(path, text)


def expand_paths(paths: Iterable[str | Path], report: ImportReport) -> list[Path]:
    """Files named directly plus supported files under folders (recursively, sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        problem = not_a_file(path)
        if problem:
            report.problems.append(ImportProblem(path, problem))
        elif path.is_dir():
            files.extend(_folder_files(path, report))
        else:
            files.append(path)
    return files


def _folder_files(folder: Path, report: ImportReport) -> list[Path]:
    """Supported files under ``folder``; pipes, devices, broken links and unreadable folders are reported."""
    from annotator import brat_import

    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        report.problems.append(ImportProblem(Path(exc.filename or folder), f"cannot read folder ({exc.strerror or exc})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):  # does not follow links: no symlink loops
        # Hidden files and folders (.git, macOS "._x.txt" resource forks) are not articles.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            report.problems.append(ImportProblem(Path(root, name), "link to a folder, not followed; name the folder "
                                                 "itself to import it"))
        for name in sorted(names):
            candidate = Path(root, name)
            if name.startswith("."):
                continue
            if candidate.suffix.lower() not in SUPPORTED:
                if not brat_import.is_collection_file(candidate):  # a brat .ann is read with its .txt
                    report.skipped_files += 1
                continue
            problem = not_a_file(candidate)
            if problem:
                report.problems.append(ImportProblem(candidate, problem))
            else:
                found.append(candidate)
    return found


ProgressCallback = Callable[[int, int, Path], None]


# Documents per transaction when many small files are imported, or bytes of files, whichever
# comes first: each transaction holds the project's write lock, which a window waits 3 s for.
COMMIT_EVERY_DOCS = 500
COMMIT_EVERY_BYTES = 32 * 2**20
# For the import's connection only, put back afterwards: index pages stay in memory between
# documents, and the write-ahead log is copied into the project less often, so pages written
# again and again (the hash index, the FTS5 segments) reach the file fewer times.
IMPORT_PRAGMAS = {"cache_size": -64 * 1024, "wal_autocheckpoint": 8000}  # 64 MiB; 8,000 pages (32 MiB)
PROGRESS_EVERY_DOCS = 200  # inside one large file: report progress and ask whether to stop this often


class _StopRequested(Exception):
    """The user stopped the import inside a file."""


def import_paths(store: Store, paths: Iterable[str | Path], *, progress: ProgressCallback | None = None,
                 should_stop: Callable[[], bool] | None = None) -> ImportReport:
    """Import files and folders into a project.

    Each file's documents go in together: small files share a transaction (committed every
    ``COMMIT_EVERY_DOCS`` documents or ``COMMIT_EVERY_BYTES`` of files, and at the end), a file
    never straddles two, so an interruption leaves whole files or nothing of them.
    ``progress(done_bytes, total_bytes, path)`` is called after each file and every
    ``PROGRESS_EVERY_DOCS`` documents inside a large one (its bytes estimated from the text
    read); ``should_stop()`` is asked at the same moments, and a file stopped half-way is left
    out whole. The search index is written once per transaction (:meth:`Store.pause_search_index`).
    """
    saved = {name: store.conn.execute(f"PRAGMA {name}").fetchone()[0] for name in IMPORT_PRAGMAS}
    for name, value in IMPORT_PRAGMAS.items():
        store.conn.execute(f"PRAGMA {name} = {int(value)}")
    try:
        return _import_paths(store, paths, progress=progress, should_stop=should_stop)
    finally:
        for name, value in saved.items():
            store.conn.execute(f"PRAGMA {name} = {int(value)}")


def _import_paths(store: Store, paths: Iterable[str | Path], *, progress: ProgressCallback | None,
                  should_stop: Callable[[], bool] | None) -> ImportReport:
    from annotator import brat_import
    from annotator.annotation_import import AnnotatedDocument, store_annotated

    report = ImportReport()
    files = brat_import.without_paired_ann(expand_paths(paths, report))
    sizes = [_size(f) for f in files]
    total, done, pending, pending_bytes = sum(sizes), 0, 0, 0
    paused: SearchIndexPause | None = None  # the search index is written once per transaction

    def commit() -> None:
        nonlocal paused
        if paused is not None:
            store.resume_search_index(paused)
            paused = None
        store.conn.execute("COMMIT")

    try:
        for path, size in zip(files, sizes):
            if should_stop is not None and should_stop():  # between files: whole files kept, the rest left
                report.cancelled = True
                break
            if not store.conn.in_transaction:
                store.conn.execute("BEGIN IMMEDIATE")
                paused = store.pause_search_index()
            store.conn.execute("SAVEPOINT import_file")
            before = (report.added, report.present, pending, report.annotations, report.merged, report.merged_annotations)
            read, in_file = 0, 0  # characters and documents of this file so far
            try:
                for item in read_file(path):
                    if isinstance(item, ImportProblem):
                        report.problems.append(item)
                        continue
                    pending += 1
                    in_file += 1
                    if isinstance(item, AnnotatedDocument):
                        report.count(store_annotated(store, item), item.annotations)
                        read += len(item.document.text)
                    else:
                        if store.add_document(item).added:
                            report.added += 1
                        else:
                            report.present += 1
                        read += len(item.text)
                    if in_file % PROGRESS_EVERY_DOCS == 0:
                        if progress is not None:
                            progress(done + min(read, size - 1), total, path)
                        if should_stop is not None and should_stop():
                            raise _StopRequested
            except _StopRequested:  # inside a large file: it is left out whole, the files before are kept
                store.conn.execute("ROLLBACK TO import_file")
                store.conn.execute("RELEASE import_file")
                report.added, report.present, pending, report.annotations, report.merged, report.merged_annotations = before
                report.cancelled = True
                break
            except sqlite3.Error:  # the project, not the input, failed: stop
                store.conn.execute("ROLLBACK")
                raise
            except Exception as exc:  # never stop the other files; this one goes in whole or not at all
                store.conn.execute("ROLLBACK TO import_file")
                report.added, report.present, pending, report.annotations, report.merged, report.merged_annotations = before
                report.problems.append(ImportProblem(path, f"not imported, unexpected error: {type(exc).__name__}: {exc}"))
            except BaseException:  # Ctrl+C: this file goes; the whole files before it are committed below
                store.conn.execute("ROLLBACK TO import_file")
                store.conn.execute("RELEASE import_file")
                raise
            store.conn.execute("RELEASE import_file")
            pending_bytes += size
            if pending >= COMMIT_EVERY_DOCS or pending_bytes >= COMMIT_EVERY_BYTES or path == files[-1]:
                commit()
                pending = pending_bytes = 0
            done += size
            if progress is not None:
                progress(done, total, path)
    except BaseException as exc:  # keep what was finished, unless the project itself failed
        if store.conn.in_transaction:
            if isinstance(exc, sqlite3.Error):
                store.conn.execute("ROLLBACK")
            else:
                commit()
        raise
    if store.conn.in_transaction:
        commit()
    return report


def _size(path: Path) -> int:
    try:
        return max(path.stat().st_size, 1)
    except OSError:
        return 1
