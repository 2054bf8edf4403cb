"""A round of the learning loop whose spaCy work runs in a separate process, so the app's window keeps its GIL.

Training in a thread of the app's process stalled the window by up to 182 ms (spaCy holds the
GIL for long stretches). Here a child process, started with multiprocessing's ``spawn`` (the
desktop bundle supports it: ``freeze_support`` in :mod:`annotator.__main__`), only *reads* the
project: it trains and judges a model (saved whole in ``P-models/model-N``) and then computes
the re-suggestions of the unreviewed documents. The caller's process does every write, as
:func:`annotator.learning.learn` does: it records the model (adopting it only if not worse) in one
transaction and stores each document's new suggestions in one transaction of its own.

Stopping terminates the child; a child that dies is reported as :class:`LearnProcessError`.
Either way the project holds only whole steps: a model folder without a row is replaced by the
next round, and the documents not yet re-suggested are picked up by the next round too.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.learning.resuggest import finish as finish_resuggestion
from annotator.learning.resuggest import settled
from annotator.learning.loop import (
    Fitted, LearnOptions, LearnReport, Step, choose_model, fit_model, is_due, load_in_use, pending_resuggestion,
    record_model, resuggest_from,
)

POLL_SECONDS = 0.1  # how often the caller looks at should_stop while it waits for the child


class LearnProcessError(AnnotatorError, RuntimeError):
    """The child process failed or died; the message says what, and that the project is whole."""


class _Stopped(Exception):
    """The caller asked the round to stop."""


def run_round(project: Path, options: LearnOptions = LearnOptions(), *, use: int | None = None,
              on_step: Step | None = None, should_stop: Callable[[], bool] | None = None
              ) -> tuple[LearnReport | None, int]:
    """One round as :func:`annotator.learning.learn` (or, given ``use``, going to model ``use``, 0: the base
    model, as :func:`annotator.learning.use_model`), with training and suggesting in a child process.

    Returns the round's report (None when no model was due or ``use`` was given) and how many
    documents were re-suggested; a stopped round returns what it had done.
    """
    from annotator.store import open_project

    stop = should_stop if should_stop is not None else (lambda: False)
    with open_project(project, create=False) as store:
        if use is not None:
            choose_model(store, use or None)
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        child = context.Process(target=child_main, args=(theirs, str(project), options, use is None),
                                name="annotator-learn", daemon=True)
        child.start()
        theirs.close()
        report: LearnReport | None = None
        count = 0
        try:
            if use is None:
                fitted = _receive(ours, child, stop, on_step)
                if fitted is not None:
                    report = record_model(store, fitted, options)
                ours.send("go")
            started = _receive(ours, child, stop, on_step)
            if started is None:
                settled(store)  # nothing was left to re-suggest
            else:
                model, total = started
                while (suggestions := _receive(ours, child, stop, on_step)) is not None:
                    doc_id, spans, events = suggestions
                    if store.replace_suggestions(doc_id, spans, events, model=model):
                        count += 1
                    if on_step is not None:
                        on_step("re-suggesting", count, total)
                finish_resuggestion(store, model, resuggest_from(store))
        except _Stopped:
            pass
        finally:
            _end(child)
            ours.close()
    if report is not None:
        report.resuggested = count
    return report, count


def _receive(conn: Connection, child: BaseProcess, stop: Callable[[], bool], on_step: Step | None) -> Any:
    """The child's next result (passing its progress steps on), or raise what it reported or that it died."""
    while True:
        if stop():
            raise _Stopped
        if not conn.poll(POLL_SECONDS):
            if child.is_alive() or conn.poll(0):
                continue
            raise _died(child)
        try:
            kind, *values = conn.recv()
        except (EOFError, OSError):
            raise _died(child) from None
        if kind == "step":
            if on_step is not None:
                on_step(*values)
        elif kind == "error":
            raise LearnProcessError(f"{values[0]} (the project is as it was before this round's unfinished step).")
        else:
            return values[0]


def _died(child: BaseProcess) -> LearnProcessError:
    child.join(1)
    return LearnProcessError(
        f"The learning process ended unexpectedly (exit code {child.exitcode}); nothing was lost: the project "
        "keeps every model recorded and every document re-suggested so far, and the next round carries on.")


def _end(child: BaseProcess) -> None:
    """Terminate the child if it still runs (stopped, or the caller failed), and reap it."""
    if child.is_alive():
        child.terminate()
        child.join(5)
        if child.is_alive():
            child.kill()
    child.join(5)


def child_main(conn: Connection, project: str, options: LearnOptions, train: bool) -> None:
    """In the child: train and judge a model if one is due (``train``), then suggest for every document to
    re-suggest, sending each result to the parent; the project is only read."""
    from annotator.preannotate import project_suggester, suggest_documents
    from annotator.store import open_project

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # terminated: unwind, so temp folders are removed
    parent = os.getppid()

    def step(what: str, done: int, total: int) -> None:
        if os.getppid() != parent:  # the app is gone (killed): nobody will record what this trains
            sys.exit(1)
        conn.send(("step", what, done, total))

    try:
        with open_project(Path(project), create=False) as store:
            if train:
                fitted: Fitted | None = fit_model(store, options, on_step=step) if is_due(store, options) else None
                conn.send(("fitted", fitted))
                if conn.recv() != "go":
                    return
            if pending_resuggestion(store) == 0:
                conn.send(("suggesting", None))
                return
            suggester = project_suggester(load_in_use(store, base=options.base), store)
            only_from = resuggest_from(store)
            conn.send(("suggesting", (suggester.model, store.count_to_resuggest(suggester.model, only_from=only_from))))
            rows = store.documents_to_resuggest(suggester.model, only_from=only_from)
            for suggestions in suggest_documents(suggester, rows, batch_size=32):
                conn.send(("doc", suggestions))  # the parent gone, this raises BrokenPipeError
            conn.send(("doc", None))
    except (EOFError, BrokenPipeError):  # the parent closed its end (stopped): nothing to report to
        return
    except Exception as exc:  # reported to the parent, which shows it
        try:
            conn.send(("error", str(exc) or type(exc).__name__))
        except OSError:
            pass
