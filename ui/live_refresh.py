"""Keeps a window up to date with what other windows and terminal commands write to its project.

A QTimer polls ``PRAGMA data_version`` (see annotator/store/changes_elsewhere.py) every
``INTERVAL_MS`` and whenever the window is activated; only when another connection has
committed does it say so (``changed_elsewhere``), and the documents controller re-reads the
document list and, if it changed, the open document. It knows the window only through the
shared context (no import of the window: no cycle).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from annotator.store.changes_elsewhere import ProjectMark, added_since, data_version, document_version
from annotator.store import Store
from ui.context import WindowContext


class LiveRefresh(QObject):
    """Polls the window's project for commits made by other connections and asks for a redraw."""

    INTERVAL_MS = 750
    changed_elsewhere = Signal(str, bool)  # what was added (a note, maybe ""), whether the open document changed

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self._store: Store | None = None
        self._version = -1
        self._mark = ProjectMark(0, 0, 0)
        self._document: tuple[int | None, tuple[Any, ...] | None] = (None, None)
        self.timer = QTimer(self)
        self.timer.setObjectName("live_refresh")
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Take the project as it is now as seen and start polling (and checking on activation)."""
        self.ctx.window.installEventFilter(self)
        self.rebase()
        self.timer.start()

    def rebase(self) -> None:
        """Take the project as it is now as seen (the window has just read it or written to it)."""
        store = self.ctx.store
        self._store = store
        try:
            self._version = data_version(store)
            self._mark = ProjectMark.of(store)
        except sqlite3.Error:
            return
        self._document = (None, None)  # the open document is compared in full at the next change

    def own_change(self) -> None:
        """The window itself wrote: its own history rows are not news, its document no longer as fingerprinted."""
        try:
            self._mark = replace(self._mark, history=ProjectMark.of(self.ctx.store).history)
        except sqlite3.Error:
            pass
        self._document = (None, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ctx.window and event.type() == QEvent.Type.WindowActivate:
            QTimer.singleShot(0, self.check)  # after the activation is handled
        return False

    def check(self) -> bool:
        """Bring the window up to date if another connection committed; True if it did."""
        ctx = self.ctx
        if ctx.closed:
            self.timer.stop()
            return False
        if ctx.store is not self._store:
            self.rebase()
            return False
        store = ctx.store
        try:
            version = data_version(store)
            if version == self._version:
                return False
            added = added_since(store, self._mark)
            self._mark = ProjectMark.of(store)
            doc_id = ctx.state.document_id
            fingerprint = document_version(store, doc_id) if doc_id is not None else None
        except sqlite3.Error:  # a closed or vanished file: nothing to show
            return False
        self._version = version
        document_changed = (doc_id, fingerprint) != self._document
        self._document = (doc_id, fingerprint)
        self.changed_elsewhere.emit(added.summary(), document_changed)
        return True
