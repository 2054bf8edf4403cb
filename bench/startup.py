"""Start-up: process start to first output of each ``annotator`` command, vs what it really needs.

    python bench/startup.py [--repeat 3]

Each command runs in a fresh process on a pseudo-terminal (so progress bars draw at once, as
they do for a user) and the time to its first byte of output is measured, and to its exit. Its
baseline is a bare ``python -c`` doing the least the command needs: a SQLite query, spaCy's
tokenizer (exports with tokens), the spaCy pipeline (pre-annotation) or a Qt window (the app).
``ratio`` is baseline / ours, both to exit (the commands finish in a moment on the sample
project, so that is their start-up), for the app both to the first output (ours prints when
its window is shown): 1.0 means the command is done as fast as what it cannot avoid.
Prints one JSON line per command.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Command:
    """One command line; ``{p}`` is a project with the sample articles, ``{fresh}`` a new file path."""

    name: str
    args: tuple[str, ...]
    needs: str  # the baseline: sqlite, tokenizer, model or qt
    pending_copy: bool = False  # runs on a fresh copy of the project (it changes it)
    done_at: str = "exit"  # what the ratio compares: "exit", or "first_output" (the app, which stays open)


COMMANDS: tuple[Command, ...] = (
    Command("version", ("--version",), "sqlite"),
    Command("help", ("--help",), "sqlite"),
    Command("stats", ("stats", "{p}"), "sqlite"),
    Command("memory", ("memory", "{p}"), "sqlite"),
    Command("import", ("import", "{fresh}.db", "{sample}"), "sqlite"),
    Command("export_jsonl", ("export", "{p}", "{fresh}.jsonl", "--status", "any"), "tokenizer"),
    Command("export_brat", ("export", "{p}", "{fresh}", "--format", "brat", "--status", "any"), "sqlite"),
    Command("export_doccano", ("export", "{p}", "{fresh}.jsonl", "--format", "doccano", "--status", "any"), "sqlite"),
    Command("export_conll", ("export", "{p}", "{fresh}.conll", "--format", "conll", "--status", "any"), "tokenizer"),
    Command("preannotate", ("preannotate", "{p}"), "model", pending_copy=True),
    Command("app", ("app", "{p}", "--screenshot", "{fresh}.png"), "qt", done_at="first_output"),
)

BASELINES = {
    "sqlite": "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
              " print(c.execute('SELECT COUNT(*) FROM documents').fetchone()[0])",
    "tokenizer": "import spacy; nlp = spacy.blank('en'); print(len(nlp('Kyiv was hit.')))",
    "model": "import spacy; from annotator.preannotate import resolve_model; spacy.load(resolve_model()); print(1)",
    "qt": "from PySide6.QtWidgets import QApplication, QMainWindow; app = QApplication([]); w = QMainWindow();"
          " w.show(); app.processEvents(); print(1)",
}


def _env(workdir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_DATA_HOME": str(workdir / "data"), "XDG_CONFIG_HOME": str(workdir / "config"),
            "ANNOTATOR_STARTUP_TIMES": "1", "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}


def first_output(argv: list[str], env: dict[str, str], timeout: float = 300) -> tuple[float, float, float]:
    """Seconds from spawning ``argv`` to its first byte on the terminal and to its exit, and its CPU seconds.

    CPU seconds (user + system of the process) are steadier than wall time on a busy machine.
    """
    master, slave = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env, cwd=REPO)
    os.close(slave)
    first: float | None = None
    output = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, start + timeout - time.perf_counter()))
            if not ready:
                proc.kill()
                raise RuntimeError(f"{argv} gave no output within {timeout} s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal (it exited)
                break
            if not chunk:
                break
            if first is None:
                first = time.perf_counter() - start
            output += chunk
    finally:
        os.close(master)
    _pid, status, usage = os.wait4(proc.pid, 0)
    ended = time.perf_counter() - start
    code = proc.returncode = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{argv} exited {code}:\n{output.decode(errors='replace')[-2000:]}")
    if first is None:
        raise RuntimeError(f"{argv} printed nothing")
    return first, ended, usage.ru_utime + usage.ru_stime


class Workspace:
    """A temporary folder with a project of the sample articles (imported, not pre-annotated)."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="annotator-startup-")
        self.dir = Path(self._tmp.name)
        self.env = _env(self.dir)
        self.project = self.dir / "project.db"
        samples = REPO / "resources" / "samples"
        self.sample = sorted(samples.glob("*.txt"))[0]
        subprocess.run([sys.executable, "-m", "annotator", "import", str(self.project), str(samples)],
                       env=self.env, cwd=REPO, check=True, capture_output=True)
        self._count = 0

    def argv(self, command: Command) -> list[str]:
        """The command line of one run (fresh output paths; a fresh copy of the project if it changes it)."""
        self._count += 1
        fresh = self.dir / f"run{self._count}"
        project = self.project
        if command.pending_copy:
            project = self.dir / f"copy{self._count}.db"
            shutil.copy(self.project, project)
        values = {"p": str(project), "fresh": str(fresh), "sample": str(self.sample)}
        return [sys.executable, "-m", "annotator", *(a.format(**values) for a in command.args)]

    def baseline_argv(self, needs: str) -> list[str]:
        return [sys.executable, "-c", BASELINES[needs], str(self.project)]


@lru_cache(maxsize=1)
def workspace() -> Workspace:
    """One workspace per process (the project is made once)."""
    return Workspace()


_baseline_times: dict[str, tuple[float, float, float]] = {}


def baseline(needs: str, repeat: int) -> tuple[float, float, float]:
    """Best first-output, exit and CPU times of the baseline for ``needs`` (measured once per process)."""
    if needs not in _baseline_times:
        ws = workspace()
        runs = [first_output(ws.baseline_argv(needs), ws.env) for _ in range(repeat)]
        _baseline_times[needs] = (min(r[0] for r in runs), min(r[1] for r in runs), min(r[2] for r in runs))
    return _baseline_times[needs]


def run(command: Command, repeat: int = 3) -> dict[str, Any]:
    """One command's figures: best first-output and exit times over ``repeat`` runs, and its baseline."""
    ws = workspace()
    runs = [first_output(ws.argv(command), ws.env) for _ in range(repeat)]
    base = baseline(command.needs, repeat)
    ours = (min(r[0] for r in runs), min(r[1] for r in runs), min(r[2] for r in runs))
    which = 0 if command.done_at == "first_output" else 1
    return {"ratio": round(base[which] / ours[which], 3), "compared": command.done_at,
            "first_output_s": round(ours[0], 3), "exit_s": round(ours[1], 3), "cpu_s": round(ours[2], 3),
            "baseline": command.needs, "baseline_first_output_s": round(base[0], 3),
            "baseline_exit_s": round(base[1], 3), "baseline_cpu_s": round(base[2], 3),
            "command": "annotator " + " ".join(command.args),
            "first_output_runs_s": [round(r[0], 3) for r in runs]}


def main(argv: list[str] | None = None) -> int:
    """Run every command; one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best counts (default 3)")
    args = parser.parse_args(argv)
    for command in COMMANDS:
        print(json.dumps({"name": f"startup_{command.name}", **run(command, args.repeat)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
