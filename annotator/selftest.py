"""``annotator --self-test``: the whole app, end to end, headless, in a temporary folder.

Loads the model, creates a project, imports a bundled sample article, pre-annotates it, renders
the main window offscreen, accepts the suggestions, exports JSONL and checks what comes back, then
starts the learning loop's child process (multiprocessing's spawn, run by the bundle's own executable).
It is how CI (and an analyst with a fresh bundle) proves that the model, the resources and the
Qt plugins all made it into the build. One line per step, with timings; on a failure the step is
named and the exit status is 1.

This module stays Qt-free: the window step imports :mod:`ui.selftest` only when it runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import orjson

from annotator import __version__
from annotator.about import runtime, seconds_since_start
from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from spacy.language import Language

    from annotator.store import Store

STEPS = ("model", "project", "import", "preannotate", "window", "accept", "export", "check", "learning")
FAIL_ENV = "ANNOTATOR_SELFTEST_FAIL"  # a step name: make that step fail (tests the failure path)
SAMPLE = "01-black-sea-drone-attack.txt"  # a sample with entities and events the rules find


class SelfTestError(AnnotatorError, RuntimeError):
    """A step found something wrong; the message says what."""


@dataclass
class _State:
    """What the steps hand to one another."""

    folder: Path
    model: str | None
    annotator: str
    nlp: Language | None = None
    store: Store | None = None
    doc_id: int = 0
    text: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def db(self) -> Path:
        return self.folder / "selftest.db"

    @property
    def jsonl(self) -> Path:
        return self.folder / "export.jsonl"

    @property
    def png(self) -> Path:
        return self.folder / "window.png"

    def project(self) -> Store:
        if self.store is None:
            raise SelfTestError("no project (an earlier step failed)")
        return self.store


def _step_model(state: _State) -> str:
    from annotator.preannotate import load_model, model_id

    state.nlp = load_model(state.model)
    return f"{model_id(state.nlp)} with {', '.join(state.nlp.pipe_names)}"


def _step_project(state: _State) -> str:
    from annotator.store import open_project

    state.store = open_project(state.db, create=True)
    return str(state.db)


def _step_import(state: _State) -> str:
    from annotator.samples import sample_documents

    docs = {d.meta["source"]: d for d in sample_documents()}  # read through importlib.resources
    doc = docs.get(f"sample:{SAMPLE}")
    if doc is None:
        raise SelfTestError(f"the sample {SAMPLE} is missing from resources.samples (found {len(docs)} samples)")
    store = state.project()
    with store.transaction():
        result = store.add_document(doc)
    state.doc_id, state.text = result.doc_id, doc.text
    return f"{SAMPLE}: {len(doc.text):,} characters, {len(docs)} samples bundled"


def _step_preannotate(state: _State) -> str:
    from annotator.preannotate import preannotate

    report = preannotate(state.project(), nlp=state.nlp)
    if report.documents != 1:
        raise SelfTestError(f"pre-annotated {report.documents} documents instead of 1")
    if report.spans == 0 or report.events == 0:
        raise SelfTestError(f"expected entity and event suggestions, got {report.spans} spans and {report.events} events")
    state.counts.update(spans=report.spans, events=report.events)
    return f"{report.spans} span and {report.events} event suggestions"


def _step_window(state: _State) -> str:
    if not os.environ.get("QT_QPA_PLATFORM"):  # headless unless told otherwise (=xcb tries the display)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from ui.selftest import render_window
    except ImportError as exc:
        raise SelfTestError(f"cannot import the Qt window: {exc}") from exc
    width, height, size, platform = render_window(state.db, state.png, annotator=state.annotator)
    return f"{width}x{height} PNG, {size:,} bytes ({platform} platform) -> {state.png.name}"


def _step_accept(state: _State) -> str:
    from annotator import commands

    store = state.project()
    changes = commands.execute(store, commands.finish_document(store, state.doc_id), annotator=state.annotator)
    if store.summary(state.doc_id).status != "done":
        raise SelfTestError("the document is not marked done after accepting everything")
    return f"{len(changes.span_ids)} spans and {len(changes.event_ids)} events accepted, document done"


def _step_export(state: _State) -> str:
    from annotator.exporters import export
    from annotator.exporters.common import parse_options

    # with the nominal mentions (event role fillers), so every accepted span must come back
    count = export(state.project(), "jsonl", state.jsonl, parse_options(state.project(), nominals=True))
    if count != 1:
        raise SelfTestError(f"exported {count} documents instead of 1")
    return f"{count} document -> {state.jsonl.name} ({state.jsonl.stat().st_size:,} bytes)"


def _step_check(state: _State) -> str:
    lines = state.jsonl.read_bytes().splitlines()
    if len(lines) != 1:
        raise SelfTestError(f"{state.jsonl.name} has {len(lines)} lines instead of 1")
    record: dict[str, Any] = orjson.loads(lines[0])
    text = record.get("text")
    if text != state.text:
        raise SelfTestError("the exported text differs from the imported sample")
    spans, events = record.get("spans"), record.get("events")
    if not isinstance(spans, list) or not isinstance(events, list):
        raise SelfTestError("the record lacks its 'spans' or 'events' list")
    if len(spans) != state.counts["spans"] or len(events) != state.counts["events"]:
        raise SelfTestError(f"exported {len(spans)} spans and {len(events)} events, "
                            f"expected {state.counts['spans']} and {state.counts['events']}")
    for span in spans:
        _check_offsets(text, span, f"span {span.get('id')}")
    for event in events:
        _check_offsets(text, event["trigger"], f"event {event.get('id')} trigger")
        for argument in event["arguments"]:
            _check_offsets(text, argument, f"event {event.get('id')} argument {argument.get('role')}")
    if record.get("answer") != "accept":
        raise SelfTestError(f"answer is {record.get('answer')!r} for a done document, expected 'accept'")
    return f"{len(spans)} spans and {len(events)} events, every text[start:end] matches"


def _step_learning(state: _State) -> str:
    """The learning round's child process starts (multiprocessing's spawn, which the bundle must support) and
    answers; with one done document no model is due, so it loads no model."""
    from annotator.learning import LearnOptions
    from annotator.learning.process import run_round

    started = time.perf_counter()
    report, count = run_round(state.db, LearnOptions())
    if report is not None or count:
        raise SelfTestError(f"the learning round did something with one done document: {report}, {count} re-suggested")
    return f"child process started and answered in {time.perf_counter() - started:.2f} s (no model due)"


def _check_offsets(text: str, item: dict[str, Any], what: str) -> None:
    start, end = item["start"], item["end"]
    if not (0 <= start < end <= len(text)) or text[start:end] != item["text"]:
        raise SelfTestError(f"{what}: text[{start}:{end}] is {text[start:end]!r}, the record says {item['text']!r}")


def _explained(exc: Exception) -> bool:
    """True for errors whose message says it all (a missing model, a bad project): no traceback."""
    from annotator.exporters import ExportError
    from annotator.learning.process import LearnProcessError
    from annotator.preannotate import ModelNotFound
    from annotator.schema import SchemaError
    from annotator.store import ProjectError

    return isinstance(exc, (SelfTestError, ModelNotFound, ProjectError, SchemaError, ExportError, LearnProcessError))


_STEP_FUNCTIONS: dict[str, Callable[[_State], str]] = {
    "model": _step_model, "project": _step_project, "import": _step_import, "preannotate": _step_preannotate,
    "window": _step_window, "accept": _step_accept, "export": _step_export, "check": _step_check,
    "learning": _step_learning,
}


def run_self_test(*, model: str | None = None, annotator: str = "self-test", out: TextIO | None = None) -> int:
    """Run every step in a temporary folder, removed afterwards; returns the exit status.

    Prints one line per step (name, ok or FAIL, seconds, details) and a closing line; a failed
    step ends the run with a line naming it, and exit status 1.
    """
    out = out or sys.stdout
    fail_at = os.environ.get(FAIL_ENV, "")

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    say(f"annotator {__version__} self-test ({runtime()})")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="annotator-selftest-") as tmp:
        state = _State(folder=Path(tmp), model=model, annotator=annotator)
        try:
            for name in STEPS:
                out.write(f"{name:<12}")  # the step's name first: a crash in native code still shows it
                out.flush()
                t0 = time.perf_counter()
                try:
                    if name == fail_at:
                        raise SelfTestError(f"failing on purpose: {FAIL_ENV}={fail_at}")
                    detail = _STEP_FUNCTIONS[name](state)
                except Exception as exc:  # every failure is reported against its step
                    say(f"FAIL {time.perf_counter() - t0:6.2f} s  {type(exc).__name__}")
                    if not _explained(exc):
                        traceback.print_exc(file=sys.stderr)  # a bug, not a setup problem: keep the details
                    say(f"self-test FAILED at step '{name}': {exc}")
                    return 1
                say(f"ok   {time.perf_counter() - t0:6.2f} s  {detail}")
        finally:
            if state.store is not None:
                state.store.close()
    total = time.perf_counter() - started
    say(f"self-test passed: {len(STEPS)} steps in {total:.2f} s ({seconds_since_start():.2f} s since the process started)")
    return 0
