"""Active time per document, for the speed figures (`annotator stats`)."""

from __future__ import annotations

import time


class WorkClock:
    """Active time per document: the time between an analyst's steps, each gap capped at IDLE_CAP."""

    IDLE_CAP = 120.0  # seconds; a longer pause counts as this much (coffee does not count)

    def __init__(self) -> None:
        self._last = time.monotonic()
        self._pending: dict[int, float] = {}

    def tick(self, doc_id: int) -> None:
        """Credit the time since the previous tick to ``doc_id``."""
        now = time.monotonic()
        self._pending[doc_id] = self._pending.get(doc_id, 0.0) + min(now - self._last, self.IDLE_CAP)
        self._last = now

    def take(self) -> dict[int, float]:
        """The credited time not yet stored, emptied."""
        pending, self._pending = self._pending, {}
        return pending

    def credit(self, doc_id: int, seconds: float) -> None:
        """Put back time that could not be stored (the project was busy), to store with the next."""
        self._pending[doc_id] = self._pending.get(doc_id, 0.0) + seconds
