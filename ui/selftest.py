"""The self-test's window step: open the main window on a project, grab it to a PNG, check the picture.

Kept in ``ui`` because it needs Qt; :mod:`annotator.selftest` imports it only for that step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from annotator.store import open_project
from ui import workers
from ui.main_window import MainWindow
from ui.settings import AppSettings

SETTLE_ROUNDS = 5  # processEvents rounds for the layout and the first paint
QUIET = ("This plugin does not support",)  # the offscreen platform lacks window-manager features; harmless


def _message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages on stderr as usual, less the offscreen platform's harmless notes.

    A fatal one (no usable platform plugin, say) aborts the process right after this handler,
    so it is also reported on stdout the way a failed step is.
    """
    if message.startswith(QUIET):
        return
    print(f"Qt: {message}", file=sys.stderr, flush=True)
    if kind == QtMsgType.QtFatalMsg:
        print(f"FAIL\nself-test FAILED at step 'window': Qt: {message}", flush=True)


def render_window(project: Path, out: Path, *, annotator: str) -> tuple[int, int, int, str]:
    """Show the window on ``project``'s first document, save it to ``out``; returns (width, height, bytes, platform).

    The window gets its own connection (it closes it on close) and settings kept beside the
    project, so the user's own settings and recent projects are never touched. Raises
    RuntimeError when the grab is empty, one flat colour, or cannot be written.
    """
    previous = qInstallMessageHandler(_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = AppSettings(project.parent / "settings.ini")
    window = MainWindow(open_project(project, create=False), annotator=annotator, preannotate=False, settings=settings)
    try:
        window.show()
        for _ in range(SETTLE_ROUNDS):
            app.processEvents()
        if window.current_id is None:
            raise RuntimeError("the window opened no document")
        window.step_span(1)  # a focused suggestion and a selected event, as an analyst sees them
        window.step_event(1)
        app.processEvents()
        pixmap = window.grab()
        image = pixmap.toImage()
        if image.isNull() or image.width() < 100 or image.height() < 100:
            raise RuntimeError(f"the window grab is empty ({image.width()}x{image.height()})")
        if _colours(image) < 3:
            raise RuntimeError("the window grab is a flat picture: nothing was drawn")
        if not pixmap.save(str(out), "PNG") or not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(f"cannot write {out}")
        return image.width(), image.height(), out.stat().st_size, QApplication.platformName()
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
        workers.wait_for_detached()  # its tokenizer warm-up ends before the process goes on (and exits)
        qInstallMessageHandler(previous)


def _colours(image: QImage, grid: int = 40) -> int:
    """How many distinct colours a grid of sample points holds (a drawn window has many)."""
    xs = range(0, image.width(), max(1, image.width() // grid))
    ys = range(0, image.height(), max(1, image.height() // grid))
    return len({image.pixel(x, y) for x in xs for y in ys})
