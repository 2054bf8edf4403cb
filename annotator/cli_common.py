"""What every command module of the ``annotator`` command shares: its two consoles, the progress bar, the analyst's name.

One console for messages (stderr: one message, one line, ``:x:`` stays text) and one for results
(stdout), so the command modules (``cli``, ``cli_evaluate``, ``cli_learn``, ``team_cli``) print alike.
"""

from __future__ import annotations

import argparse
import getpass
import os

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn,
)

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, emoji=False)


def default_annotator() -> str:
    """The analyst's name: $ANNOTATOR_NAME, else the login name."""
    name = os.environ.get("ANNOTATOR_NAME")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name on some containers
        return "analyst"


def progress(*, counts: bool = True) -> Progress:
    """A progress bar on stderr: 'n/total' for documents, a percentage for bytes."""
    amount = MofNCompleteColumn() if counts else TaskProgressColumn()
    return Progress(
        TextColumn("{task.description}"), BarColumn(), amount, TimeRemainingColumn(), console=err, transient=False,
    )


def positive_int(value: str) -> int:
    """An argparse type: a whole number of 1 or more, else the option's one-line error."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number
