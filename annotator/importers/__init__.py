"""Files and folders -> Documents: the import's public API and its transaction loop.

:func:`import_paths` reads each file with the reader of its format (:mod:`.readers`, one module
per format: :mod:`.text`, :mod:`.jsonl`, :mod:`.csv`, :mod:`.brat`; annotations in records are
read by :mod:`.annotations`) and stores its documents. The stored text is the file's decoded
content verbatim (a byte-order mark is encoding, not content, and is the only thing dropped), so
offsets always refer to the original. Bad input yields an :class:`ImportProblem` naming the file
(and line) and never stops the other files. No module here imports an exporter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.importers import brat
from annotator.importers.annotations import AnnotatedDocument, store_annotated
from annotator.importers.folders import expand_paths
from annotator.importers.readers import FORMATS, READERS, SUPPORTED, ImportFormat, read_file
from annotator.importers.reading import decode, title_of
from annotator.importers.report import ImportProblem, ImportReport
from annotator.store import Store

__all__ = [
    "COMMIT_EVERY_BYTES", "COMMIT_EVERY_DOCS", "FORMATS", "IMPORT_PRAGMAS", "PROGRESS_EVERY_DOCS", "READERS",
    "SUPPORTED", "ImportFormat", "ImportProblem", "ImportReport", "ProgressCallback", "decode", "expand_paths",
    "import_paths", "read_file", "title_of",
]

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
    with store.pragmas(IMPORT_PRAGMAS):
        return _import_paths(store, paths, progress=progress, should_stop=should_stop)


def _import_paths(store: Store, paths: Iterable[str | Path], *, progress: ProgressCallback | None,
                  should_stop: Callable[[], bool] | None) -> ImportReport:
    report = ImportReport()
    files = brat.without_paired_ann(expand_paths(paths, report))
    sizes = [_size(f) for f in files]
    total, done, at = sum(sizes), 0, 0

    def stop_asked() -> bool:  # between files: whole files kept, the rest left
        if not report.cancelled and should_stop is not None and should_stop():
            report.cancelled = True
        return report.cancelled

    while at < len(files) and not stop_asked():
        interrupted: BaseException | None = None
        report_after_commit = False  # the batch's last file is reported once it is committed
        with store.transaction():
            paused = store.pause_search_index()  # the search index is written once per transaction
            pending = pending_bytes = 0
            try:
                while True:
                    path, size = files[at], sizes[at]
                    read = _import_file(store, path, size, report, at_bytes=done, total=total, progress=progress,
                                        should_stop=should_stop)
                    if read is None:  # stopped inside a large file: it is left out whole, the files before are kept
                        break
                    pending += read
                    pending_bytes += size
                    at += 1
                    done += size
                    if pending >= COMMIT_EVERY_DOCS or pending_bytes >= COMMIT_EVERY_BYTES or at == len(files):
                        report_after_commit = True
                        break
                    if progress is not None:
                        progress(done, total, path)
                    if stop_asked():
                        break
            except sqlite3.Error:  # the project, not the input, failed: nothing of this transaction is kept
                raise
            except BaseException as exc:  # Ctrl+C, or a progress callback's error: keep the finished files
                interrupted = exc
            store.resume_search_index(paused)
        if interrupted is not None:
            raise interrupted
        if report_after_commit and progress is not None:
            progress(done, total, files[at - 1])
    return report


def _import_file(store: Store, path: Path, size: int, report: ImportReport, *, at_bytes: int, total: int,
                 progress: ProgressCallback | None, should_stop: Callable[[], bool] | None) -> int | None:
    """Store one file's documents, all or none (a savepoint); returns how many were read (0 when
    the file failed: its problem is in the report), or None when the user stopped inside it."""
    before = (report.added, report.present, report.annotations, report.merged, report.merged_annotations)
    read, in_file = 0, 0  # characters and documents of this file so far
    try:
        with store.transaction(savepoint="import_file"):
            for item in read_file(path):
                if isinstance(item, ImportProblem):
                    report.problems.append(item)
                    continue
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
                        progress(at_bytes + min(read, size - 1), total, path)
                    if should_stop is not None and should_stop():
                        raise _StopRequested
    except _StopRequested:
        report.added, report.present, report.annotations, report.merged, report.merged_annotations = before
        report.cancelled = True
        return None
    except sqlite3.Error:  # the project, not the input, failed: stop
        raise
    except Exception as exc:  # never stop the other files; this one goes in whole or not at all
        report.added, report.present, report.annotations, report.merged, report.merged_annotations = before
        report.problems.append(ImportProblem(path, f"not imported, unexpected error: {type(exc).__name__}: {exc}"))
        return 0
    return in_file


def _size(path: Path) -> int:
    try:
        return max(path.stat().st_size, 1)
    except OSError:
        return 1
