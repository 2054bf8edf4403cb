"""What the window says when the core refuses something: one table from exception type to message.

Every controller shows a refused edit, undo, schema or project through these functions, so
the wording lives in one place and a new kind of error is one row. Each table is read in
order: the first type the exception is an instance of gives the message (subclasses first).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.commands import CommandError, StaleError
from annotator.errors import Gone, ReadOnly, from_sqlite
from annotator.schema import SchemaError
from annotator.store import ProjectError


@dataclass(frozen=True, slots=True)
class Refusal:
    """How the window shows a refused action: a status-bar line, and what else it must do."""

    text: str
    timeout_ms: int = 10000
    out_of_date: bool = False  # the view showed what is no longer so: bring it up to date first
    busy: bool = False  # the project could not take the write: nothing changed, the view is redrawn


def _not_saved(exc: BaseException, project: Path) -> Refusal:
    """A write gave up waiting for another process, or the file cannot be written: nothing was changed."""
    if isinstance(exc, sqlite3.OperationalError) and isinstance(from_sqlite(exc), ReadOnly):  # by result code
        return Refusal(f"Not saved: {project} cannot be written (read-only file or medium). "
                       "Copy the project somewhere writable to edit it.", busy=True)
    return Refusal(f"Not saved: the project is busy — another program is writing to it ({exc}). "
                   "Nothing was changed; try again in a moment.", busy=True)


def _deleted_elsewhere(exc: BaseException, _project: Path) -> Refusal:
    what = exc.args[0] if exc.args else "it"
    return Refusal(f"Not done: {what} — it was deleted elsewhere (another window or a terminal command). "
                   "The view now shows the project as it is.", out_of_date=True)


_Describe = Callable[[BaseException, Path], Refusal]

# An edit (a key, a click, a menu entry) the core refused.
EDIT: tuple[tuple[type[BaseException], _Describe], ...] = (
    (StaleError, lambda exc, _p: Refusal(f"Not done: {exc}.", out_of_date=True)),
    # The row is gone: the view showed it, so someone else deleted it.
    (Gone, _deleted_elsewhere),
    (CommandError, lambda exc, _p: Refusal(f"Not done: {exc}", 5000)),
    (sqlite3.OperationalError, _not_saved),
)

# An undo or redo the core refused (changed elsewhere since: taken off the stack).
STEP: tuple[tuple[type[BaseException], _Describe], ...] = (
    (CommandError, lambda exc, _p: Refusal(str(exc), out_of_date=True)),
    (sqlite3.OperationalError, _not_saved),
)

# Replacing the label schema.
SCHEMA: tuple[tuple[type[BaseException], _Describe], ...] = (
    (SchemaError, lambda exc, _p: Refusal(str(exc))),
    (sqlite3.OperationalError, _not_saved),
)

# Titles of the notices (message boxes) that go with a refusal.
NOTICE_TITLES: dict[str, str] = {
    "step": "Cannot undo or redo",
    "schema": "Cannot use this schema",
    "project": "Cannot open project",
    "memory": "Not saved",
}

# What may go wrong when the window switches to another project (the message is the core's own),
# and when ``annotator app`` opens its project at start (the file may also be no database at all).
PROJECT: tuple[type[BaseException], ...] = (ProjectError,)
PROJECT_AT_START: tuple[type[BaseException], ...] = (ProjectError, sqlite3.DatabaseError, OSError)

# The errors the window expects from each kind of action (anything else is a bug and propagates).
EDIT_ERRORS = tuple(kind for kind, _ in EDIT)
STEP_ERRORS = tuple(kind for kind, _ in STEP)
SCHEMA_ERRORS = tuple(kind for kind, _ in SCHEMA)


def _first(table: tuple[tuple[type[BaseException], _Describe], ...], exc: BaseException, project: Path) -> Refusal:
    for kind, describe in table:
        if isinstance(exc, kind):
            return describe(exc, project)
    raise exc


def refused_edit(exc: BaseException, project: Path) -> Refusal:
    """The message for an edit the core refused (one of EDIT_ERRORS)."""
    return _first(EDIT, exc, project)


def refused_step(exc: BaseException, project: Path) -> Refusal:
    """The message for an undo or redo the core refused (one of STEP_ERRORS)."""
    return _first(STEP, exc, project)


def refused_schema(exc: BaseException, project: Path) -> Refusal:
    """The message for a schema file the project could not take (one of SCHEMA_ERRORS)."""
    return _first(SCHEMA, exc, project)


def not_saved(exc: sqlite3.OperationalError, project: Path) -> str:
    """The status line for a write the busy (or read-only) project could not take."""
    return _not_saved(exc, project).text


def memory_not_saved(exc: sqlite3.OperationalError) -> str:
    """The memory dialog's notice when switching or forgetting an entry could not be written."""
    return (f"Nothing was changed: the project is busy — another program is writing to it — or read-only ({exc}). "
            "Try again in a moment.")


def job_failed(job: str) -> str:
    """The title (and progress line) of a background job that failed: "Export failed"."""
    return f"{job} failed"
