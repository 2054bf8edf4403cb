"""Background work of the window: pre-annotation, import, export, learning (one cancellable job at a time).

Jobs (ui.workers.Job) run in their own threads with their own connections; their signals
come back here on the GUI thread. A closing window or a project switch stops the job and
lets every worker end on its own (ui.workers.detach), never waiting for it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from ui import error_messages, workers
from ui.context import WindowContext
from ui.live_refresh import LiveRefresh
from ui.status_bar import StatusBar


class JobsController(QObject):
    """Starts, reports and stops the window's background jobs."""

    imported = Signal(object)  # an import ended (its ImportReport): the document list is re-read
    preannotated = Signal()  # pre-annotation stored a batch (or ended): the views show the new suggestions

    def __init__(self, ctx: WindowContext, status_bar: StatusBar, live: LiveRefresh) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.status_bar = status_bar
        self.live = live
        self.threads: list[QThread] = []
        self.workers: dict[QThread, workers.Job] = {}  # keeps each worker alive while its thread runs
        self.job: workers.Job | None = None  # the cancellable background job (pre-annotation, import, export)

    @property
    def busy(self) -> bool:
        """True while a background job runs (screenshots wait for it)."""
        return self.job is not None

    def start(self, worker: workers.Job) -> QThread:
        """Run a worker in its own thread (kept alive until the thread ends)."""
        thread = workers.start(worker, self.ctx.window)
        self.threads.append(thread)
        self.workers[thread] = worker

        def finished(t: QThread = thread) -> None:
            if t in self.threads:
                self.threads.remove(t)
            self.workers.pop(t, None)

        thread.finished.connect(finished)
        return thread

    def begin(self, worker: workers.Job, label: str) -> bool:
        """Run a cancellable job in the background with the status-bar progress bar."""
        if self.job is not None:
            self.ctx.status("Another background job is running; wait for it or cancel it (Ctrl+.).", 5000)
            return False
        self.job = worker
        bar = self.status_bar
        bar.progress_label.setText(label)
        bar.progress_bar.setRange(0, 0)
        bar.progress_bar.show()
        bar.cancel_button.show()
        self.start(worker)
        return True

    def _progress(self, done: int, total: int) -> None:
        self.status_bar.progress_bar.setRange(0, max(total, 1))
        self.status_bar.progress_bar.setValue(done)

    def end(self, text: str = "") -> None:
        """The window's own job ended: say what it did, and take its writes as seen.

        Workers write through their own connections, so the live refresh would otherwise
        report them as "another window or process" at its next poll.
        """
        self.job = None
        bar = self.status_bar
        bar.progress_bar.hide()
        bar.cancel_button.hide()
        bar.progress_label.setText(text)
        if text:
            self.ctx.status(text, 8000)
        if not self.ctx.closed:
            self.live.rebase()

    def cancel(self) -> None:
        """Stop the background job: whole batches or files are kept, a cancelled export writes nothing."""
        if self.job is not None:
            self.job.stop()
            self.status_bar.progress_label.setText("Stopping…")

    def stop_all(self) -> None:
        """Stop the background job and let every worker end on its own, without waiting for it.

        Waiting here froze the window (Ctrl+Q seemed ignored, quitting took seconds while spaCy
        loaded or a batch was stored); a stopped job keeps whole batches and files only.
        """
        if self.job is not None:
            self.job.stop()
            self.end("")
        for thread in list(self.threads):
            worker = self.workers.pop(thread, None)
            if worker is not None:
                workers.detach(thread, worker)
            self.threads.remove(thread)

    # -- pre-annotation ------------------------------------------------------------------------
    def start_preannotation(self) -> None:
        """Suggest entities and events for documents not yet pre-annotated, in the background."""
        worker = workers.PreannotateWorker(self.ctx.store.path, self.ctx.model_name)
        # Bound methods, not closures: a slot of a QObject living on the GUI thread runs there, a
        # lambda would run in the worker's thread and touch widgets from there.
        worker.status.connect(self._on_pre_status)
        worker.model_loaded.connect(self._on_model_loaded)
        worker.progress.connect(self._on_pre_progress)
        worker.finished.connect(self._on_pre_finished)
        worker.failed.connect(self._on_pre_failed)
        self.begin(worker, "Pre-annotating…")

    def _on_pre_status(self, text: str) -> None:
        self.status_bar.progress_label.setText(text)

    def _on_model_loaded(self, model: str) -> None:
        self.ctx.model_id = model
        self.ctx.update_status()

    def _on_pre_progress(self, done: int, total: int) -> None:
        self._progress(done, total)
        self.status_bar.progress_label.setText(f"Pre-annotating {done}/{total}")
        self.preannotated.emit()

    def _on_pre_finished(self, count: int) -> None:
        spans, events = getattr(self.job, "stored", (0, 0))
        text = ""
        if count:
            text = (f"Pre-annotation stored {spans} suggestion{'s' if spans != 1 else ''}"
                    + (f" and {events} event{'s' if events != 1 else ''}" if events else "")
                    + f" in {count} document{'s' if count != 1 else ''}")
        self.preannotated.emit()
        self.end(text)

    def _on_pre_failed(self, message: str) -> None:
        title = error_messages.job_failed("Pre-annotation")
        self.end(title)
        self.ctx.notify(title, message)

    # -- the learning loop -----------------------------------------------------------------------
    def learn_if_due(self, changes: object) -> None:
        """After a document's status changed: start a round of the learning loop if the project
        has it on in the app and enough documents are done since the last model."""
        from annotator.learning import is_due

        if self.job is not None or self.ctx.closed or not getattr(changes, "doc_status", False):
            return
        store = self.ctx.store
        if not store.get_setting("learn_in_app", True) or not is_due(store):
            return
        self._start_round()

    def resume_learning(self) -> None:
        """At open: finish the re-suggestion a stopped or killed round (or ``learn --use``) left."""
        from annotator.learning import resuggestion_cut_short

        store = self.ctx.store
        if self.job is None and not self.ctx.closed and store.get_setting("learn_in_app", True) \
                and resuggestion_cut_short(store):
            self._start_round()

    def _start_round(self) -> None:
        worker = workers.LearnWorker(self.ctx.store.path)
        worker.status.connect(self.status_bar.progress_label.setText)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._on_learn_finished)
        worker.failed.connect(self._on_job_failed)
        self.begin(worker, "Learning from the done documents…")

    def show_models(self) -> None:
        """View → Models learned…: the project's models; one can be used again (in the background)."""
        from ui.models_dialog import ModelsDialog

        dialog = ModelsDialog(self.ctx.store, self.ctx.window)
        dialog.use_requested.connect(self.use_model)
        dialog.open()

    def use_model(self, number: int) -> None:
        """Make model ``number`` (0: the base model) the one in use and re-suggest with it, in the background."""
        worker = workers.LearnWorker(self.ctx.store.path, use=number)
        worker.status.connect(self.status_bar.progress_label.setText)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._on_learn_finished)
        worker.failed.connect(self._on_job_failed)
        self.begin(worker, "Re-suggesting…")

    def _on_learn_finished(self, summary: str) -> None:
        self.preannotated.emit()  # re-suggested documents: the views show the new suggestions
        self.end(summary)

    # -- import and export ---------------------------------------------------------------------
    def export_to(self, out: Path, fmt: str = "jsonl") -> None:
        """Start an export job."""
        worker = workers.ExportWorker(self.ctx.store.path, out, fmt)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._on_export_finished)
        worker.failed.connect(self._on_job_failed)
        self.begin(worker, "Exporting…")

    def _on_export_finished(self, count: int) -> None:
        worker = self.job
        if isinstance(worker, workers.ExportWorker):
            self.end("Export cancelled: nothing was written." if worker.cancelled
                     else " ".join([f"{count} done documents exported to {worker.out}.", *worker.notices]))

    def _on_job_failed(self, message: str) -> None:
        what = {workers.ExportWorker: "Export", workers.ImportWorker: "Import",
                workers.LearnWorker: "Learning"}.get(type(self.job), "Job")
        title = error_messages.job_failed(what)
        # A learning round fails in its child process, out of sight: the status bar says why.
        self.end(f"{title}: {message}" if what == "Learning" else title)
        self.ctx.notify(title, message)

    def import_paths(self, paths: list[str]) -> None:
        """Start an import job; new documents are pre-annotated when it ends."""
        worker = workers.ImportWorker(self.ctx.store.path, paths)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._on_import_finished)
        worker.failed.connect(self._on_job_failed)
        self.begin(worker, "Importing…")

    def _on_import_finished(self, report) -> None:  # type: ignore[no-untyped-def]
        self.end(report.summary())
        self.imported.emit(report)
        if report.problems:
            self.ctx.notify("Some files could not be imported", "\n".join(str(p) for p in report.problems[:30]))
        if self.ctx.store.count_pending_preannotation():
            self.start_preannotation()
