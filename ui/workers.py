"""Background jobs (model loading, pre-annotation, export) that report by signal.

A worker opens its own connection to the project (SQLite connections belong to one
thread) and never touches a widget: the window reacts to its signals on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

# Jobs of closed windows, finishing in the background: thread -> worker (kept alive until the end).
_DETACHED: dict[QThread, QObject] = {}
SIGNALS = ("status", "model_loaded", "progress", "finished", "failed")


class PreannotateWorker(QObject):
    """Loads the spaCy model and suggests entities for every document not yet pre-annotated."""

    status = Signal(str)
    model_loaded = Signal(str)  # model id
    progress = Signal(int, int)  # done, total
    finished = Signal(int)  # documents pre-annotated
    failed = Signal(str)

    def __init__(self, project: Path, model: str | None) -> None:
        super().__init__()
        self.project = project
        self.model = model
        self._stop = threading.Event()
        self.stored = (0, 0)  # suggested spans and events stored (read after finished)

    def stop(self) -> None:
        """Ask the job to stop after the batch it is storing."""
        self._stop.set()

    def run(self) -> None:
        try:
            done = self._work()
        except Exception as exc:  # reported to the user, never lost in a thread
            traceback.print_exc()
            self.failed.emit(str(exc))
        else:
            self.finished.emit(done)

    def _work(self) -> int:
        from annotator.preannotate import load_model, model_id, preannotate
        from annotator.store import open_project

        with open_project(self.project, create=False) as store:
            if store.count_pending_preannotation() == 0:
                return 0
            self.status.emit("Loading the spaCy model…")
            nlp = load_model(self.model)
            self.model_loaded.emit(model_id(nlp))
            if self._stop.is_set():
                return 0
            self.status.emit("Pre-annotating…")
            report = preannotate(
                store, nlp=nlp, batch_size=4,
                progress=lambda n, total: self.progress.emit(n, total),
                should_stop=self._stop.is_set,
            )
            self.stored = (report.spans, report.events)
            return report.documents


class ExportWorker(QObject):
    """Writes an export off the GUI thread, with progress; stopping leaves no file behind."""

    progress = Signal(int, int)  # documents done, total
    finished = Signal(int)  # documents written (0 when cancelled)
    failed = Signal(str)

    def __init__(self, project: Path, out: Path, fmt: str = "jsonl") -> None:
        super().__init__()
        self.project = project
        self.out = out
        self.fmt = fmt
        self._stop = threading.Event()
        self.cancelled = False
        self.notices: list[str] = []  # what the format could not write exactly (read after finished)

    def stop(self) -> None:
        """Abandon the export (the atomic writer discards what was written)."""
        self._stop.set()

    def run(self) -> None:
        from annotator.exporters import ExportOptions, export
        from annotator.exporters.common import ExportCancelled
        from annotator.store import open_project

        try:
            with open_project(self.project, create=False) as store:
                total = store.document_counts()["done"]

                def tick(n: int) -> None:
                    self.progress.emit(n, total)
                    if self._stop.is_set():
                        raise ExportCancelled

                count = export(store, self.fmt, self.out, ExportOptions(progress=tick, notice=self.notices.append))
            self.finished.emit(count)
        except ExportCancelled:
            self.cancelled = True
            self.finished.emit(0)
        except Exception as exc:
            self.failed.emit(str(exc))


class ImportWorker(QObject):
    """Imports files and folders off the GUI thread, with progress; stopping keeps whole files."""

    progress = Signal(int, int)  # bytes done, bytes total
    finished = Signal(object)  # ImportReport
    failed = Signal(str)

    def __init__(self, project: Path, paths: list[str]) -> None:
        super().__init__()
        self.project = project
        self.paths = paths
        self._stop = threading.Event()

    def stop(self) -> None:
        """Stop before the next file."""
        self._stop.set()

    def run(self) -> None:
        from annotator.importers import import_paths
        from annotator.store import open_project

        try:
            with open_project(self.project, create=False) as store:
                report = import_paths(store, self.paths, should_stop=self._stop.is_set,
                                      progress=lambda done, total, _path: self.progress.emit(done, total))
            self.finished.emit(report)
        except Exception as exc:
            self.failed.emit(str(exc))


class TokenizerWarmup(QObject):
    """Imports spaCy's tokenizer in the background so the first label snaps without a pause."""

    finished = Signal()

    def run(self) -> None:
        from annotator.tokens import tokenize

        tokenize("warm up")
        self.finished.emit()


def start(worker: QObject, parent: QObject) -> QThread:
    """Run ``worker.run`` in a new thread owned by ``parent``; the thread ends with the job.

    The caller must keep a reference to ``worker`` until the thread's ``finished``: a
    parentless QObject belongs to Python, and dropping the last reference would delete it
    under the running thread.
    """
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)  # type: ignore[attr-defined]
    for name in ("finished", "failed"):
        signal = getattr(worker, name, None)
        if signal is not None:
            signal.connect(thread.quit)
    thread.start()
    return thread


def detach(thread: QThread, worker: QObject) -> None:
    """Let a job outlive its window: it reports to nobody and ends by itself (the caller asked it to stop).

    A closing window must not wait for a job (spaCy loading a model cannot be interrupted, and
    a batch being stored takes its time): the thread moves to the application, the worker is
    kept alive here, and the thread is deleted once it ends. Its signals no longer reach the
    window, whose project connection is closed. ``wait_for_detached`` lets a process finish
    them before it exits: whatever a job stores is one transaction per batch or file, so
    nothing is half-written either way.
    """
    for name in SIGNALS:
        signal = getattr(worker, name, None)
        if signal is not None:
            try:
                signal.disconnect()
            except (RuntimeError, TypeError):  # nothing connected
                pass
    # The thread ends as soon as the job returns (quit() is thread-safe and holds even before the
    # thread's event loop starts); no signal has to reach the GUI thread for it, so a process
    # waiting in wait_for_detached cannot deadlock.
    thread.quit()
    if not thread.isRunning():
        return
    thread.setParent(QCoreApplication.instance())
    _DETACHED[thread] = worker

    def ended(t: QThread = thread) -> None:
        _DETACHED.pop(t, None)
        t.deleteLater()

    thread.finished.connect(ended)
    if thread.isFinished():  # ended meanwhile, before ``ended`` was connected
        ended()


def detached() -> list[QThread]:
    """Jobs of closed windows still running."""
    return [t for t in _DETACHED if t.isRunning()]


def wait_for_detached(timeout_ms: int = 60_000) -> None:
    """Before the process exits: let the stopped jobs of closed windows end (their windows are gone)."""
    for thread in list(_DETACHED):
        thread.wait(timeout_ms)
        _DETACHED.pop(thread, None)
