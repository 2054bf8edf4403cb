"""Background jobs (model loading, pre-annotation, import, export) that report by signal.

Each is a ``Job``: a worker opens its own connection to the project (SQLite connections
belong to one thread) and never touches a widget; the window's jobs controller reacts to
its signals on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
import warnings
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

# Jobs of closed windows, finishing in the background: thread -> worker (kept alive until the end).
_DETACHED: dict[QThread, Job] = {}
SIGNALS = ("status", "model_loaded", "progress", "finished", "failed")


class Job(QObject):
    """A background job: ``work`` runs in its own thread, and reports by signal (never touching a widget).

    ``finished`` carries what ``work`` returned, ``failed`` the message of what it raised;
    ``stop`` asks it to end at its next safe point (pre-annotation: after the batch it is
    storing; import: before the next file; export: at once, the atomic writer discarding
    what was written).
    """

    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # what work() returned
    failed = Signal(str)
    print_traceback = False  # also print an unexpected error's traceback on stderr

    def __init__(self) -> None:
        super().__init__()
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the job to stop at its next safe point."""
        self._stop.set()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # reported to the user, never lost in a thread
            if self.print_traceback:
                traceback.print_exc()
            self.failed.emit(str(exc))
        else:
            self.finished.emit(result)

    def work(self) -> object:
        """The job itself, in the worker thread."""
        raise NotImplementedError


class PreannotateWorker(Job):
    """Loads the spaCy model and suggests entities for every document not yet pre-annotated."""

    status = Signal(str)
    model_loaded = Signal(str)  # model id
    # finished: the number of documents pre-annotated
    print_traceback = True

    def __init__(self, project: Path, model: str | None) -> None:
        super().__init__()
        self.project = project
        self.model = model
        self.stored = (0, 0)  # suggested spans and events stored (read after finished)

    def work(self) -> int:
        from annotator.learning import project_model
        from annotator.preannotate import load_model, model_id, preannotate
        from annotator.store import open_project

        with open_project(self.project, create=False) as store:
            if store.count_pending_preannotation() == 0:
                return 0
            self.status.emit("Loading the spaCy model…")
            nlp = load_model(project_model(store, self.model))  # none chosen: the project's adopted model
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


class LearnWorker(Job):
    """One round of the learning loop (annotator.learning.learn) off the GUI thread, or, given ``use``,
    going to model ``use`` (0: the base model) and re-suggesting with it; finished: the line to show."""

    status = Signal(str)  # what the round is doing: "epoch 3/10", "re-suggesting"
    print_traceback = True

    def __init__(self, project: Path, use: int | None = None) -> None:
        super().__init__()
        self.project = project
        self.use = use

    def work(self) -> str:
        from annotator.learning import LearnOptions
        from annotator.learning.process import run_round

        def step(what: str, done: int, total: int) -> None:
            self.status.emit(what)
            self.progress.emit(done, total)

        # Training and suggesting run in a child process (the window keeps the GIL); this thread writes.
        report, count = run_round(self.project, LearnOptions(), use=self.use, on_step=step,
                                  should_stop=self._stop.is_set)
        if self.use is not None:
            which = f"model {self.use}" if self.use else "the base model"
            return f"Model in use: {which}; {count} documents re-suggested"
        if report is not None:
            return report.summary()
        return f"{count} documents re-suggested with the project's model" if count else ""


class ExportWorker(Job):
    """Writes an export off the GUI thread, with progress; stopping leaves no file behind."""

    # progress: documents done, total; finished: documents written (0 when cancelled)

    def __init__(self, project: Path, out: Path, fmt: str = "jsonl") -> None:
        super().__init__()
        self.project = project
        self.out = out
        self.fmt = fmt
        self.cancelled = False
        self.notices: list[str] = []  # what the format could not write exactly (read after finished)

    def work(self) -> int:
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

                return export(store, self.fmt, self.out, ExportOptions(progress=tick, notice=self.notices.append))
        except ExportCancelled:
            self.cancelled = True
            return 0


class ImportWorker(Job):
    """Imports files and folders off the GUI thread, with progress; stopping keeps whole files."""

    # progress: bytes done, bytes total; finished: the ImportReport

    def __init__(self, project: Path, paths: list[str]) -> None:
        super().__init__()
        self.project = project
        self.paths = paths

    def work(self) -> object:
        from annotator.importers import import_paths
        from annotator.store import open_project

        with open_project(self.project, create=False) as store:
            return import_paths(store, self.paths, should_stop=self._stop.is_set,
                                progress=lambda done, total, _path: self.progress.emit(done, total))


class TokenizerWarmup(Job):
    """Imports spaCy's tokenizer in the background so the first label snaps without a pause."""

    def work(self) -> None:
        from annotator.tokens import tokenize

        tokenize("warm up")


def start(worker: Job, parent: QObject) -> QThread:
    """Run ``worker.run`` in a new thread owned by ``parent``; the thread ends with the job.

    The caller must keep a reference to ``worker`` until the thread's ``finished``: a
    parentless QObject belongs to Python, and dropping the last reference would delete it
    under the running thread.
    """
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.start()
    return thread


def detach(thread: QThread, worker: Job) -> None:
    """Let a job outlive its window: it reports to nobody and ends by itself (the caller asked it to stop).

    A closing window must not wait for a job (spaCy loading a model cannot be interrupted, and
    a batch being stored takes its time): the thread moves to the application, the worker is
    kept alive here, and the thread is deleted once it ends. Its signals no longer reach the
    window, whose project connection is closed. ``wait_for_detached`` lets a process finish
    them before it exits: whatever a job stores is one transaction per batch or file, so
    nothing is half-written either way.
    """
    with warnings.catch_warnings():  # PySide warns (RuntimeWarning) about a signal with nothing connected
        warnings.simplefilter("ignore", RuntimeWarning)
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
