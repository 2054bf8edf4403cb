"""Kill a process with SIGKILL at a random moment, then check what it left (for tests/store/test_kill_*.py).

Run as a script, this module is also the driver those tests kill:
``python tests/killing.py SCENARIO ARGS...`` prints ``READY`` once it has started, one flushed
``ACK ...`` line after each unit of work is committed (a file imported, a batch pre-annotated, an
edit executed, an export written) and ``DONE`` at the end. Whatever was acknowledged before the
kill must be found afterwards.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

DRIVER = Path(__file__).resolve()
ROOT = DRIVER.parent.parent


@dataclass(frozen=True)
class Run:
    """What one run printed and how it ended."""

    acks: list[str]
    done: bool
    killed: bool
    seconds: float  # from READY (or the start) to the end
    stderr: str


def run_driver(args: list[str], *, kill_after: float | None, timeout: float = 120) -> Run:
    """Run the driver; ``kill_after`` seconds after it printed READY, SIGKILL it (None: let it finish)."""
    return run_command([sys.executable, str(DRIVER), *args], kill_after=kill_after, ready=True, timeout=timeout)


def run_command(command: list[str], *, kill_after: float | None, ready: bool = False, timeout: float = 120) -> Run:
    """Run a command; ``kill_after`` seconds after its start (or its READY line), SIGKILL it."""
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if ready:
        first = proc.stdout.readline()
        if first.strip() != "READY":
            out, err = proc.communicate(timeout=timeout)
            raise AssertionError(f"driver did not start: {first}{out}{err}")
    started = time.perf_counter()
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=timeout)
    seconds = time.perf_counter() - started
    lines = out.splitlines()
    killed = proc.returncode == -signal.SIGKILL
    if not killed and proc.returncode != 0:
        raise AssertionError(f"{command[1:3]} failed with status {proc.returncode}:\n{err}")
    return Run([line[4:] for line in lines if line.startswith("ACK ")], not killed, killed, seconds, err)


def kill_repeatedly(*, fresh: Callable[[int], Path], run: Callable[[Path, float | None], Run],
                    check: Callable[[Path, Run], None], complete: Callable[[Path], None], kills: int,
                    rng: random.Random) -> int:
    """Kill runs on a project at random moments until ``kills`` kills; returns how many ran.

    A first unkilled run on ``fresh(0)`` measures how long the work takes (and must be ``complete``);
    then each run is killed ``rng.uniform(0, that)`` seconds in and ``check``-ed, resuming the same
    project, which is finished by an unkilled run (and checked ``complete``) whenever a run gets
    through, and at the end; a finished project is followed by a ``fresh`` one.
    """
    first = fresh(0)
    duration = run(first, None).seconds
    complete(first)
    killed, number = 0, 1
    project = fresh(number)
    while True:
        result = run(project, rng.uniform(0, duration) if killed < kills else None)
        check(project, result)
        if result.killed:
            killed += 1
            continue
        complete(project)
        if killed >= kills:
            return killed
        number += 1
        project = fresh(number)


def check_integrity(path: Path) -> None:
    """SQLite finds the project whole: integrity_check ok, no dangling foreign key."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def sha256(path: Path) -> str:
    """The file's content hash (to prove a file untouched)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- what the tests compare ----------------------------------------------------------------------
def annotations_by_text(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every document (by text, so ids may differ) -> its spans and events, ids replaced by offsets.

    A list per text, so a document stored twice shows up as two entries. A project killed before its
    tables were created holds none.
    """
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
            return {}
        found: dict[str, list[tuple[Any, ...]]] = {}
        for doc_id, text, title, pre in conn.execute(
                "SELECT id, text, title, preannotated_at IS NOT NULL FROM documents ORDER BY id"):
            spans = sorted(conn.execute(
                'SELECT start, "end", label, origin, status, score FROM spans WHERE doc_id = ?', (doc_id,)))
            events = []
            for event_id, *event in conn.execute(
                    "SELECT id, type, trigger_start, trigger_end, modality, polarity, origin, status, score"
                    " FROM events WHERE doc_id = ?", (doc_id,)):
                roles = sorted(conn.execute(
                    'SELECT a.role, s.start, s."end", s.label FROM arguments a JOIN spans s ON s.id = a.span_id'
                    " WHERE a.event_id = ?", (event_id,)))
                events.append((*event, tuple(roles)))
            found.setdefault(text, []).append((title, bool(pre), tuple(spans), tuple(sorted(events))))
        return found
    finally:
        conn.close()


TIMESTAMPS = {"created_at", "updated_at", "imported_at", "first_at", "last_at", "at", "preannotated_at"}


def state_digest(path: Path) -> tuple[int, str]:
    """(history rows, a hash of every row a user action can change, timestamps left out)."""
    conn = sqlite3.connect(path)
    try:
        return digest_of(conn)
    finally:
        conn.close()


def digest_of(conn: sqlite3.Connection) -> tuple[int, str]:
    """:func:`state_digest` of the project as ``conn`` sees it (an open connection's own view)."""
    digest = hashlib.sha256()
    for table in ("documents", "spans", "events", "arguments", "memory", "history"):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in TIMESTAMPS]
        if table == "history":
            columns = ["id", "command", "doc_id", "annotator"]
        if table == "documents":
            columns = [c for c in columns if c not in ("text", "meta", "seconds_spent")]
        quoted = ", ".join(f'"{c}"' for c in columns)
        for row in conn.execute(f"SELECT {quoted} FROM {table} ORDER BY id"):
            digest.update(repr((table, row)).encode())
    steps = conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    return steps, digest.hexdigest()


# -- inputs ---------------------------------------------------------------------------------------
PLACES = ["Kyiv", "Odesa", "Kharkiv", "Doha", "Khartoum", "Manila", "Brussels", "London", "Gaza", "Sumy"]
ACTORS = ["Russian forces", "Ukraine's army", "Hamas", "the RSF", "China's coast guard", "NATO", "Israel"]
VERBS = ["struck", "attacked", "shelled", "met officials in", "sanctioned", "threatened", "protested in"]


def sentence(rng: random.Random, i: int) -> str:
    """A short news-like sentence with entities and an event trigger; ``i`` makes every text unique."""
    return (f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)} on day {i}, "
            f"killing {rng.randint(2, 40)} people, officials in {rng.choice(PLACES)} said.")


def write_import_files(folder: Path, *, files: int, seed: int) -> dict[str, list[str]]:
    """Text, JSONL (several records with a span each) and CSV files of unique short articles: name -> texts."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[str]] = {}
    n = 0
    for f in range(files):
        kind = ("txt", "jsonl", "csv")[f % 3]
        path = folder / f"{f:03d}.{kind}"
        if kind == "txt":
            text = f"Headline {f}\n\n{sentence(rng, n)}\n"
            path.write_text(text, encoding="utf-8")
            written[path.name] = [text]
            n += 1
        elif kind == "jsonl":
            lines, texts = [], []
            for _ in range(3):
                text = sentence(rng, n)
                texts.append(text)
                n += 1
                place = next(p for p in PLACES if p in text)
                start = text.index(place)
                record = {"text": text, "meta": {"source": "wire"},
                          "spans": [{"start": start, "end": start + len(place), "label": "GPE"}]}
                lines.append(orjson.dumps(record).decode())
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            written[path.name] = texts
        else:
            rows, texts = [], []
            for _ in range(2):
                texts.append(sentence(rng, n))
                rows.append(f'"Title {n}","{texts[-1]}"')
                n += 1
            path.write_text("title,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
            written[path.name] = texts
    return written


def make_project(path: Path, texts: list[str], *, suggestions: bool) -> None:
    """A project holding ``texts``; with ``suggestions``, each pre-annotated with entity spans and one event,
    as pre-annotation stores them (no model needed)."""
    from annotator.documents import Argument, Document, Event, Span
    from annotator.store import open_project

    with open_project(path) as store:
        with store.transaction():
            ids = [store.add_document(Document(t, title=t[:30])).doc_id for t in texts]
        if not suggestions:
            return
        results = []
        for doc_id, text in zip(ids, texts):
            spans = [Span(m.start(), m.end(), "GPE" if m.group() in PLACES else "ORG", origin="model", score=0.8)
                     for m in re.finditer("|".join(map(re.escape, PLACES + ["Hamas", "NATO", "Israel"])), text)]
            verb = next(v for v in VERBS if v in text)
            start = text.index(verb)
            events = [Event("ATTACK", start, start + len(verb.split()[0]), origin="rule", score=0.7,
                            arguments=(Argument("Target", 0),) if spans else ())]
            results.append((doc_id, spans, events))
        store.store_suggestions(results, model="test_model-1.0.0")


# -- the driver -----------------------------------------------------------------------------------
def say(line: str) -> None:
    """One line on stdout, flushed at once (what the killing test reads)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def drive_import(project: str, commit_every: str, *paths: str) -> None:
    """Import ``paths``; ACK each file once the transaction holding it is committed."""
    from annotator import importers
    from annotator.store import open_project

    importers.COMMIT_EVERY_DOCS = int(commit_every)  # small: many commits for the kills to land between
    store = open_project(project)
    say("READY")
    unacked: list[Path] = []

    def progress(done: int, total: int, path: Path) -> None:
        unacked.append(path)
        if not store.conn.in_transaction:  # committed: every file read so far is stored
            for name in unacked:
                say(f"ACK {name.name}")
            unacked.clear()

    importers.import_paths(store, paths, progress=progress)
    store.close()


def drive_preannotate(project: str, batch_size: str) -> None:
    """Pre-annotate with the real small model; ACK each document once its batch is committed."""
    from annotator.preannotate import load_model, preannotate, rules_for, event_rules_for
    from annotator.store import open_project

    store = open_project(project, create=False)
    nlp = load_model()
    rules_for(nlp), event_rules_for(nlp)  # built before READY: the kills land in the work itself
    say("READY")
    acked: set[int] = set()

    def progress(done: int, total: int) -> None:
        stored = {r[0] for r in store.conn.execute("SELECT id FROM documents WHERE preannotated_at IS NOT NULL")}
        for doc_id in sorted(stored - acked):
            say(f"ACK {doc_id}")
        acked.update(stored)

    preannotate(store, nlp=nlp, batch_size=int(batch_size), progress=progress)
    store.close()


def next_edit(store: Any, step: int, seed: int) -> Any:
    """The command an analyst makes at ``step``: chosen from the seed and the project as it is now,
    so a run resumed after a kill makes the same ones as a run never killed."""
    from annotator import commands, event_commands, history, memory

    rng = random.Random(f"{seed}:{step}")
    conn = store.conn
    doc_id = rng.choice([r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")])
    spans = [r[0] for r in conn.execute("SELECT id FROM spans WHERE doc_id = ? ORDER BY id", (doc_id,))]
    suggested = [r[0] for r in conn.execute(
        "SELECT id FROM spans WHERE doc_id = ? AND status = 'suggested' ORDER BY id", (doc_id,))]
    events = [r[0] for r in conn.execute("SELECT id FROM events WHERE doc_id = ? ORDER BY id", (doc_id,))]
    labels = ["GPE", "ORG", "PERSON", "LOC", "NORP"]
    kind = rng.choice(["accept", "reject", "relabel", "add", "delete", "status", "finish", "event", "modality",
                       "undo", "undo"])
    if kind == "undo":
        done, _ = history.restore_stack(conn)  # the app's undo after a restart: from the stored row images
        if done:
            return "undo", commands.Restored(done[-1])
    if kind in ("accept", "reject") and suggested:
        make = commands.accept if kind == "accept" else commands.reject
        return "do", memory.teach(make(doc_id, [rng.choice(suggested)]))
    if kind == "relabel" and spans:
        return "do", memory.teach(commands.relabel(doc_id, [rng.choice(spans)], rng.choice(labels)))
    if kind == "add":
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        word = rng.choice(list(re.finditer(r"[A-Z]\w+", text)))
        return "do", memory.teach(commands.AddSpan(doc_id, word.start(), word.end(), rng.choice(labels)))
    if kind == "delete" and spans:
        return "do", commands.DeleteSpan(doc_id, rng.choice(spans))
    if kind == "finish":
        return "do", memory.teach(commands.finish_document(store, doc_id))
    if kind == "event" and events:
        make = event_commands.accept_events if rng.random() < 0.5 else event_commands.reject_events
        return "do", make(doc_id, [rng.choice(events)])
    if kind == "modality" and events:
        return "do", event_commands.set_modality(doc_id, rng.choice(events), rng.choice(["planned", "hypothetical"]))
    return "do", commands.SetDocStatus(doc_id, rng.choice(["in_progress", "skipped", "done"]))


def run_edits(store: Any, *, seed: int, steps: int, after: Callable[[int], None]) -> None:
    """Execute edit commands until the history holds ``steps`` of them, calling ``after(step)`` after each
    commit. Resumes a project where a killed run stopped: its history says how many steps are stored."""
    from annotator import commands

    while True:
        step = store.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
        if step >= steps:
            return
        how, command = next_edit(store, step, seed)
        try:
            if how == "undo":
                commands.undo(store, command, annotator="kim")
            else:
                commands.execute(store, command, annotator="kim")
        except commands.CommandError:  # e.g. an undo the project no longer allows: a plain edit instead
            commands.execute(store, commands.SetDocStatus(command.doc_id, "in_progress"), annotator="kim")
        after(step + 1)


def drive_edits(project: str, seed: str, steps: str) -> None:
    """Edit the project as an analyst would (:func:`run_edits`); ACK each step once committed."""
    from annotator.store import open_project

    store = open_project(project, create=False)
    say("READY")
    run_edits(store, seed=int(seed), steps=int(steps), after=lambda step: say(f"ACK {step}"))
    store.close()


def drive_export(project: str, out: str) -> None:
    """Export through the command line's own entry point; ACK once it returned success."""
    from annotator.cli import main

    say("READY")
    status = main(["export", project, out, "--status", "any", "--suggestions"])
    if status != 0:
        raise SystemExit(status)
    say("ACK exported")


def open_descriptors(pid: int, project: Path) -> list[str]:
    """What process ``pid`` has open of ``project`` and its -wal/-shm files (Linux ``/proc``); a name ending
    in " (deleted)" is a file removed from the folder while the process still writes to it."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith(str(project)):
            found.append(target)
    return found


APP_JOBS = ("export", "preannotate", "import")


def drive_app(project: str, seed: str, job: str, folder: str) -> None:
    """The window's process, as far as the project file sees it: edits on its one long-lived connection,
    a background job (``job`` of :data:`APP_JOBS`, the window's own worker class) that reopens the project
    in a thread, and a pause in which the test runs a command in another process (``WAIT``; the test
    answers on stdin). ``ACK steps digest`` after each edit, as this process sees the project; at the
    end ``IDLE``, waiting to be killed."""
    from ui import workers

    from annotator.store import open_project

    store = open_project(project, create=False)  # the window's connection, open all along
    rng = random.Random(int(seed))
    steps = 0
    say("READY")

    def edits(n: int) -> None:
        nonlocal steps
        steps += n
        run_edits(store, seed=int(seed), steps=steps, after=lambda _: say("ACK %d %s" % digest_of(store.conn)))

    def in_thread(worker: Any) -> None:  # as ui.workers.start runs it: off the thread that edits
        thread = threading.Thread(target=worker.run)
        thread.start()
        thread.join()

    failures: list[str] = []
    edits(3)
    if job == "export":
        worker: Any = workers.ExportWorker(Path(project), Path(folder) / "in-app.jsonl")
    elif job == "preannotate":
        worker = workers.PreannotateWorker(Path(project), None)
    else:
        names = write_import_files(Path(folder) / "in-app", files=3, seed=rng.randrange(1 << 30))
        worker = workers.ImportWorker(Path(project), [str(Path(folder) / "in-app" / n) for n in names])
    worker.failed.connect(failures.append)
    in_thread(worker)
    if failures:
        raise SystemExit(f"the in-app {job} failed: {failures}")
    edits(3)
    say("WAIT")
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("no go from the test")
    edits(4)
    say("IDLE")
    time.sleep(600)


SCENARIOS = {"import": drive_import, "preannotate": drive_preannotate, "edits": drive_edits, "export": drive_export,
             "app": drive_app}

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    SCENARIOS[sys.argv[1]](*sys.argv[2:])
    say("DONE")
