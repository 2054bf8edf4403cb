"""The time every timestamp column holds, in one place: tests that tick the clock replace :func:`now` here."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """The current UTC time as an ISO 8601 string (what every timestamp column holds)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
