"""The errors Annotator reports to a user: one base class, one subclass per kind of trouble.

Every error here carries a message written for the user (what happened and what to do), so a
caller shows ``str(exc)``; :mod:`annotator.cli_errors` turns them into the command line's one-line
messages, the window's status bar and notices show them as they are. Some also derive from the
type their callers caught before this module existed, so those ``except`` clauses keep working:

- :class:`Busy` and :class:`ReadOnlyFile` are ``sqlite3.OperationalError`` (the window's and the
  memory dialog's ``except sqlite3.OperationalError``, the CLI's ``except sqlite3.DatabaseError``);
- :class:`Gone` is a ``KeyError`` (``annotator.event_commands`` and the window caught ``KeyError``
  from ``Store.event_row``, ``Store.document`` and the other row readers);
- :class:`ProjectError` is a ``RuntimeError``, :class:`SchemaError` and :class:`ExportError` are
  ``ValueError`` s, as they were.

The core raises them; nothing here imports the rest of Annotator.
"""

from __future__ import annotations

import sqlite3

# SQLite's primary result codes (the low byte of an extended code such as SQLITE_READONLY_DBMOVED).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8


class AnnotatorError(Exception):
    """Something the user can act on went wrong; the message says what and what to do."""


class ProjectError(AnnotatorError, RuntimeError):
    """The project file cannot be used; the message says why and what to do."""


class UnknownSchema(ProjectError):
    """The file is no project this Annotator reads: written by a newer one, another program's
    SQLite database, or not SQLite at all."""


class NewerProject(UnknownSchema):
    """The project was written by a newer Annotator (a higher schema version)."""


class Damaged(ProjectError):
    """The project file is damaged (pages that cannot be read, a broken header)."""


class ReadOnly(AnnotatorError):
    """The project cannot be written: a read-only file, folder or medium."""


class ReadOnlyProject(ProjectError, ReadOnly):
    """Opening for work was refused: the project (or its folder) cannot be written."""


class ReadOnlyFile(ReadOnly, sqlite3.OperationalError):
    """A write was refused by SQLite (SQLITE_READONLY): the file or medium became read-only."""


class Busy(AnnotatorError, sqlite3.OperationalError):
    """Another connection held the write lock for longer than this one waits (SQLITE_BUSY)."""


class Gone(AnnotatorError, KeyError):
    """A row the caller knew of no longer exists: deleted elsewhere (another window or process)."""

    def __str__(self) -> str:
        # KeyError quotes its argument (it is usually a key): the message is shown as written.
        return str(self.args[0]) if self.args else ""


class Stale(AnnotatorError):
    """A row differs from what the user saw: changed elsewhere since.

    Raised as :class:`annotator.editing.session.StaleError` (also a ``CommandError``): an edit, undo
    or redo refused so as not to overwrite another window's or process's change.
    """


class SchemaError(AnnotatorError, ValueError):
    """The label schema is malformed or does not fit the project; the message says what to fix."""


class ExportError(AnnotatorError, ValueError):
    """The export cannot be written where asked; the message says what to do instead."""


def from_sqlite(exc: sqlite3.Error) -> sqlite3.Error:
    """The Annotator error for a SQLite error that has one (busy, read-only), with the same
    message and codes; any other error as it is. Decided by SQLite's result code, not its text."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF
    kind: type[sqlite3.Error] | None
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        kind = Busy
    elif primary == _SQLITE_READONLY:
        kind = ReadOnlyFile
    else:
        kind = None
    if kind is None or isinstance(exc, kind):
        return exc
    translated = kind(*exc.args)
    translated.sqlite_errorcode = exc.sqlite_errorcode
    translated.sqlite_errorname = exc.sqlite_errorname
    return translated


class ActorListError(AnnotatorError, ValueError):
    """An actor list (``annotator kb import``) cannot be read: the message names the file and line."""
