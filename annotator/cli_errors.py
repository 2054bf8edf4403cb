"""The command line's one place that turns an error into what the user reads: one line and an exit status.

Every :class:`~annotator.errors.AnnotatorError` is shown as its message. A SQLite error met
mid-command (damage, a full disk, a busy or read-only project: :class:`~annotator.errors.Busy`
and :class:`~annotator.errors.ReadOnlyFile` among them) names the project and says that what was
stored before it is kept; so does Ctrl+C. A file that cannot be read or written is one line, not
a traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import sqlite3

from rich.markup import escape

from annotator.errors import AnnotatorError

INTERRUPTED = 130  # the exit status of a command stopped by Ctrl+C (128 + SIGINT)


def os_message(exc: OSError) -> str:
    """An OSError as one line for the user: the file, what went wrong, 'disk full' when it is."""
    what = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        what = f"disk full ({what})"
    return f"{exc.filename}: {what}" if exc.filename else what


def error_line(exc: BaseException, *, project: str | None = None) -> tuple[str, int] | None:
    """What a command that raised ``exc`` prints (rich markup) and its exit status; None: not the
    user's to act on (a bug), so the traceback is shown. ``project``: the project the command used."""
    if isinstance(exc, KeyboardInterrupt):
        return "Interrupted; everything stored before the interruption is kept.", INTERRUPTED
    if isinstance(exc, sqlite3.DatabaseError):  # damage met mid-command, a full disk, a read-only file, busy
        where = project or "the project"
        return f"[red]error[/red]: {escape(f'{where}: {exc}. Everything stored before this error is kept.')}", 1
    if isinstance(exc, AnnotatorError):
        return f"[red]error[/red]: {escape(str(exc))}", 1
    if isinstance(exc, OSError):  # a file that cannot be written or read: one line, not a traceback
        return f"[red]error[/red]: {escape(os_message(exc))}", 1
    return None
