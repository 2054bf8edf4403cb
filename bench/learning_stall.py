"""How long the window's main thread stalls while the app trains a model in the background.

    python bench/learning_stall.py [--heldout DIR] [--done 50] [--new 30]

Builds a project of CoNLL-2003 development documents (DIR/conll2003-dev.jsonl, default
``../shared/heldout-dev``) with the first ``--done`` marked done with their gold spans and
``--new`` more pre-annotated, then runs the app's learning job (``ui.workers.LearnWorker``, the
round the app starts when a model is due, with the default settings: training and suggesting in a
child process, the writes in the job's thread) while the main thread's event loop runs a 10 ms
timer, as the window's would. Prints one JSON line: the longest gap between two ticks beyond
the timer's 10 ms (the longest stall), the 99th percentile, how many gaps exceeded 100 ms,
and the seconds the round took.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_DIR = ROOT.parent / "shared" / "heldout-dev"

from learning_curve import SCHEMA  # noqa: E402

from annotator.documents import Document, Span  # noqa: E402
from annotator.preannotate import load_model, preannotate  # noqa: E402
from annotator.schema import Schema  # noqa: E402
from annotator.store import open_project  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heldout", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--done", type=int, default=50)
    parser.add_argument("--new", type=int, default=30)
    args = parser.parse_args()
    source = args.heldout / "conll2003-dev.jsonl"
    if not source.is_file():
        print(json.dumps({"benchmark": "learning_stall", "skipped": f"{source} not found"}))
        return 0
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    from PySide6.QtCore import QCoreApplication, QTimer

    from ui import workers

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stall.db"
        with open_project(path) as store:
            store.set_schema(Schema.from_dict(SCHEMA))
            with store.transaction():
                for n, record in enumerate(records[: args.done + args.new]):
                    done = n < args.done
                    spans = [Span(s, e, label, origin="human", status="accepted") for s, e, label in record["spans"]]
                    doc_id = store.add_document(Document(record["text"], title=record["id"],
                                                         spans=spans if done else [])).doc_id
                    if done:
                        store.update_document(doc_id, status="done", annotator="ana")
            preannotate(store, nlp=load_model())
            store.set_setting("learn_every", args.done)

        app = QCoreApplication.instance() or QCoreApplication([])
        worker = workers.LearnWorker(path)
        gaps: list[float] = []
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        result: list[object] = []
        worker.finished.connect(lambda summary: (result.append(summary), app.quit()))
        worker.failed.connect(lambda message: (result.append(f"failed: {message}"), app.quit()))
        started = time.perf_counter()
        thread = workers.start(worker, app)
        timer.start()
        last[0] = time.perf_counter()
        app.exec()
        seconds = time.perf_counter() - started
        timer.stop()
        thread.quit()  # the job's own quit is queued to the event loop that has just ended
        thread.wait()
    stalls = sorted(max(0.0, g - 0.010) for g in gaps)
    print(json.dumps({
        "benchmark": "learning_stall", "done": args.done, "seconds": round(seconds, 1),
        "ticks": len(gaps), "longest_stall_ms": round(stalls[-1] * 1000, 1) if stalls else None,
        "p99_stall_ms": round(stalls[int(0.99 * (len(stalls) - 1))] * 1000, 1) if stalls else None,
        "stalls_over_100ms": sum(s > 0.100 for s in stalls), "result": result[0] if result else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
