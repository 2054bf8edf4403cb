"""How long a window's save waits for the write lock while a terminal command works on the same project.

    python bench/window_waits.py [--quick]          # one JSON line per terminal command
    python bench/window_waits.py --writer PROJECT   # (internal) the window's writer, in its own process

The window's part runs in a process of its own, as the app does: one long-lived connection with the
window's busy timeout, saving one small edit (a document status) every 20 ms and timing each save,
waiting for the lock included. The raw baseline is the same writer with no other program running;
``ratio`` is the baseline's longest save over the longest save during the command (1.0: no wait at all).
Saves refused after the busy timeout are counted as ``refused``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WINDOW_BUSY_TIMEOUT_MS = 3000  # ui.controllers.commands.CommandRunner.UI_BUSY_TIMEOUT_MS (the core must not import ui)
INTERVAL_S = 0.02


def writer(project: str) -> None:
    """Save a status edit every INTERVAL_S until stdin closes; print the save times as JSON."""
    import threading

    from annotator import commands
    from annotator.store import open_project

    store = open_project(project, create=False)
    store.conn.execute(f"PRAGMA busy_timeout = {WINDOW_BUSY_TIMEOUT_MS}")
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print("READY", flush=True)
    times: list[float] = []
    refused = 0
    status = "in_progress"
    while not stop.is_set():
        status = "new" if status == "in_progress" else "in_progress"
        started = time.perf_counter()
        try:
            commands.execute(store, commands.SetDocStatus(1, status), annotator="bench")
        except Exception as exc:  # noqa: BLE001 - a save refused as busy is what we count
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            refused += 1
        times.append(time.perf_counter() - started)
        time.sleep(INTERVAL_S)
    store.close()
    print(json.dumps({"times": times, "refused": refused}), flush=True)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def measure(project: Path, command: list[str] | None, idle_s: float = 2.0) -> dict[str, Any]:
    """The writer's save times while ``command`` runs (or for ``idle_s`` with no command)."""
    window = subprocess.Popen([sys.executable, __file__, "--writer", str(project)], cwd=ROOT, env=_env(),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert window.stdin is not None and window.stdout is not None
    if window.stdout.readline().strip() != "READY":
        raise RuntimeError("the window's writer did not start")
    started = time.perf_counter()
    if command is None:
        time.sleep(idle_s)
    else:
        subprocess.run([sys.executable, "-m", "annotator", *command], cwd=ROOT, env=_env(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    out, _ = window.communicate("", timeout=60)
    result = json.loads(out.strip().splitlines()[-1])
    times = sorted(result["times"])
    return {"command_s": round(seconds, 2), "saves": len(times), "refused": result["refused"],
            "longest_s": round(times[-1], 3), "p99_s": round(times[int(0.99 * (len(times) - 1))], 3),
            "median_s": round(statistics.median(times), 4)}


def _project(path: Path, texts: list[str]) -> Path:
    from annotator.documents import Document
    from annotator.store import open_project

    with open_project(path) as store, store.transaction():
        for i, text in enumerate(texts):
            store.add_document(Document(text, title=f"Article {i}"))
    return path


def short_articles(n: int, start: int = 0) -> list[str]:
    places = ["Kyiv", "Odesa", "Kharkiv", "Sumy", "Dnipro", "Lviv", "Kherson", "Mykolaiv"]
    return [f"Russian drones struck {places[i % len(places)]} overnight on day {i}, officials said; "
            f"{i % 17 + 2} people were hurt and a school was damaged." for i in range(start, start + n)]


def run(quick: bool) -> list[dict[str, Any]]:
    """One result per terminal command: pre-annotation, import of .txt files, import of one .jsonl."""
    n = 300 if quick else 3000
    lines = 2000 if quick else 20000
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        idle = measure(_project(folder / "idle.db", short_articles(10)), None)
        files = folder / "files"
        files.mkdir()
        for i, text in enumerate(short_articles(n, start=10_000)):
            (files / f"{i:05d}.txt").write_text(f"Headline {i}\n\n{text}\n", encoding="utf-8")
        jsonl = folder / "one.jsonl"
        jsonl.write_text("".join(json.dumps({"text": t}) + "\n" for t in short_articles(lines, start=50_000)),
                         encoding="utf-8")
        scenarios = {
            f"preannotate {n} short articles": (short_articles(n), lambda p: ["preannotate", str(p)]),
            f"import {n} .txt files": (short_articles(10), lambda p: ["import", str(p), str(files)]),
            f"import one .jsonl of {lines} lines": (short_articles(10), lambda p: ["import", str(p), str(jsonl)]),
        }
        for name, (texts, command) in scenarios.items():
            project = _project(folder / f"{len(results)}.db", texts)
            busy = measure(project, command(project))
            results.append({"name": "window_waits", "terminal_command": name,
                            "ratio": round(idle["longest_s"] / busy["longest_s"], 3) if busy["longest_s"] else 1.0,
                            "baseline_longest_s": idle["longest_s"], **busy})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 articles and 2,000 lines instead of 3,000 and 20,000")
    parser.add_argument("--writer", metavar="PROJECT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        writer(args.writer)
        return 0
    for result in run(args.quick):
        print(json.dumps({**result, "quick": args.quick}), flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
