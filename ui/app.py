"""QApplication, excepthook and wiring: ``run()`` is what ``annotator app`` calls."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.store import Store, open_project
from ui import display, error_messages, plain, workers
from ui.main_window import MainWindow

SCREENSHOT_TIMEOUT_MS = 120_000
STARTUP_TIMES_ENV = "ANNOTATOR_STARTUP_TIMES"  # set: print when the window shows and the model is loaded


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Show unexpected errors instead of dying silently; work already saved stays saved."""
    traceback.print_exception(kind, value, tb)
    app = QApplication.instance()
    if app is not None and not isinstance(value, KeyboardInterrupt):
        plain.message_box(
            None, "Annotator: unexpected error",
            f"{kind.__name__}: {value}\n\nEverything saved before this error is kept. "
            "Details were printed to the terminal.", icon=QMessageBox.Icon.Critical,
        ).exec()


def open_store(project: str | None) -> Store:
    """The named project, or the default sample project."""
    if project is None:
        from annotator.samples import open_default_project

        return open_default_project()
    return open_project(project, create=False)


def run(*, project: str | None, screenshot: str | None = None, model: str | None = None, annotator: str) -> int:
    """Open the window on a project; with ``screenshot``, save a PNG once it is ready and exit.

    With no usable display it says why in one line and returns 1 (Qt itself would abort).
    """
    if QApplication.instance() is None:
        reason = display.problem()
        if reason is not None:
            print(reason, file=sys.stderr, flush=True)
            return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Annotator")
    app.setOrganizationName("Annotator")
    try:
        store = open_store(project)
    except error_messages.PROJECT_AT_START as exc:
        if screenshot:
            raise
        # One line on the terminal too, never a traceback: the file was left as it was.
        print(f"error: {exc}", file=sys.stderr, flush=True)
        plain.message_box(None, error_messages.NOTICE_TITLES["project"], str(exc),
                          icon=QMessageBox.Icon.Critical).exec()
        return 1
    sys.excepthook = _excepthook
    window = MainWindow(store, annotator=annotator, model=model)
    window.show()
    if os.environ.get(STARTUP_TIMES_ENV):
        _report_startup(window)
    if screenshot:
        code = _screenshot(app, window, Path(screenshot))
    else:
        code = app.exec()
    # The window is gone at once; a job it stopped ends its batch here before the process exits.
    workers.wait_for_detached()
    return code


def _report_startup(window: MainWindow) -> None:
    """Print on stderr, in seconds since the process started, when the window shows and the model is loaded.

    How the README's start-up figures are measured (with ``--screenshot`` to exit by itself).
    """
    from annotator.about import seconds_since_start

    def say(what: str) -> None:
        print(f"startup: {what} after {seconds_since_start():.2f} s", file=sys.stderr, flush=True)

    QTimer.singleShot(0, lambda: say("window shown"))  # runs once the event loop has laid out and painted it
    worker = window.jobs.job  # the pre-annotation job, or None when nothing needs pre-annotating
    model_loaded = getattr(worker, "model_loaded", None)
    if model_loaded is not None:
        model_loaded.connect(lambda model: say(f"model {model} loaded"))


def _screenshot(app: QApplication, window: MainWindow, out: Path) -> int:
    """Wait until the first document shows and background work is done, then grab the window."""
    result = {"code": 1}
    waited = {"ms": 0}

    def attempt() -> None:
        waited["ms"] += 200
        ready = window.current_id is not None and not window.busy
        if ready or waited["ms"] >= SCREENSHOT_TIMEOUT_MS:
            window.step_span(1)  # show a focused suggestion and a selected event, as an analyst sees them
            window.step_event(1)
            app.processEvents()
            ok = window.grab().save(str(out), "PNG")
            result["code"] = 0 if ok and ready else 1
            if not ok:
                print(f"error: cannot write {out}", file=sys.stderr)
            elif not ready:
                print("error: the first document did not show in time", file=sys.stderr)
            else:
                print(f"Screenshot saved to {out}", file=sys.stderr)
            window.close()
            app.quit()
        else:
            QTimer.singleShot(200, attempt)

    QTimer.singleShot(200, attempt)
    app.exec()
    return result["code"]
