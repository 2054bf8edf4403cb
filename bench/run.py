"""Benchmarks: our throughput as a ratio of the raw baseline's (1.0 = as fast as the baseline).

    python bench/run.py [--quick] [--only NAME] [--scale N] [--slice K]

Prints one JSON line per benchmark with at least ``name`` and ``ratio`` plus the raw figures.
To add a benchmark, write a function ``(quick: bool) -> dict`` returning ``ratio`` and its
figures, and append a :class:`Benchmark` to ``BENCHMARKS``.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import startup  # bench/startup.py: its commands are benchmarks here too (standard library only)

# The seed article (a copy of /work/shared/samples/kyiv-strike.txt, with its gold annotation).
SEED_ARTICLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "kyiv-strike.txt"
def repeats(quick: bool) -> int:
    """How many times baseline and ours alternate; the best time of each counts."""
    return 2 if quick else 3


@dataclass(frozen=True)
class Benchmark:
    """A named benchmark: ``run(quick)`` returns a dict with ``ratio`` and raw figures."""

    name: str
    run: Callable[[bool], dict[str, Any]]
    description: str = ""


# -- shared helpers ---------------------------------------------------------------------------
def sample_texts() -> list[str]:
    """The shipped sample articles plus the seed article (if present)."""
    folder = resources.files("resources.samples")
    texts = [
        entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    ]
    if SEED_ARTICLE.is_file():
        texts.append(SEED_ARTICLE.read_text(encoding="utf-8"))
    return texts


def corpus(n: int) -> list[str]:
    """``n`` distinct articles: the samples repeated, each with its own last line (so dedup keeps them)."""
    base = sample_texts()
    return [f"{base[i % len(base)]}\n\nCopy {i} of the benchmark corpus.\n" for i in range(n)]


def write_files(texts: list[str], folder: Path) -> list[Path]:
    """Write each text to ``folder/NNNNN.txt``; returns the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@lru_cache(maxsize=1)
def model() -> Any:
    """The default spaCy pipeline, loaded once per process (loading is never timed)."""
    from annotator.preannotate import load_model

    return load_model()


def timed(func: Callable[[], Any]) -> float:
    """Seconds ``func()`` takes, with the garbage collector run beforehand."""
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def new_project(folder: Path, texts: list[str]) -> Any:
    """A fresh project in ``folder`` holding ``texts`` (not timed by the callers)."""
    from annotator.documents import Document
    from annotator.store import open_project

    store = open_project(folder / f"project-{time.perf_counter_ns()}.db")
    with store.transaction():
        for i, text in enumerate(texts):
            store.add_document(Document(text=text, title=f"doc {i}"))
    return store


# -- benchmarks -------------------------------------------------------------------------------
def bench_preannotate(quick: bool) -> dict[str, Any]:
    """annotator.preannotate.preannotate (entities, events and storage) vs plain ``nlp.pipe`` with the same model."""
    from annotator.preannotate import model_id, preannotate

    n = 60 if quick else 300
    batch_size = 32
    nlp = model()
    texts = corpus(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Warm-up: compiles the rules (cached per pipeline) and runs the model once.
        with new_project(folder, texts[:1]) as warm:
            preannotate(warm, nlp=nlp)
        for _ in nlp.pipe(texts[:4], batch_size=batch_size):
            pass

        def baseline() -> None:
            for _ in nlp.pipe(texts, batch_size=batch_size):
                pass

        base_times, our_times, spans, events = [], [], 0, 0
        for run in range(repeats(quick)):
            if run % 2 == 0:  # alternate which goes first, so warm caches favour neither
                base_times.append(timed(baseline))
            store = new_project(folder, texts)  # importing is not timed
            with store:
                report = None

                def ours() -> None:
                    nonlocal report
                    report = preannotate(store, nlp=nlp, batch_size=batch_size)

                our_times.append(timed(ours))
                assert report is not None and report.documents == n, report
                spans, events = report.spans, report.events
            if run % 2 == 1:
                base_times.append(timed(baseline))
    base_rate, our_rate = n / min(base_times), n / min(our_times)
    return {
        "ratio": round(our_rate / base_rate, 3),
        "docs": n,
        "model": model_id(nlp),
        "baseline_docs_per_s": round(base_rate, 2),
        "ours_docs_per_s": round(our_rate, 2),
        "baseline_s": [round(t, 3) for t in base_times],
        "ours_s": [round(t, 3) for t in our_times],
        "spans_stored": spans,
        "events_stored": events,
    }


def bench_import(quick: bool) -> dict[str, Any]:
    """annotator.importers.import_paths of N .txt files vs sqlite-utils ``insert_all`` of the same files."""
    import sqlite_utils

    from annotator.importers import import_paths
    from annotator.store import open_project

    n = 60 if quick else 300
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_files(corpus(n), folder / "files")
        base_times, our_times = [], []
        for run in range(5):  # milliseconds each: more runs, less noise
            db_path = folder / f"baseline-{run}.db"

            def baseline() -> None:
                db = sqlite_utils.Database(db_path)
                rows = ({"title": p.stem, "text": p.read_text(encoding="utf-8")} for p in paths)
                db["documents"].insert_all(rows, pk="id")
                db.close()

            base_times.append(timed(baseline))
            store = open_project(folder / f"ours-{run}.db")  # creating the project is not timed
            with store:
                report = None

                def ours() -> None:
                    nonlocal report
                    report = import_paths(store, paths)

                our_times.append(timed(ours))
                assert report is not None and report.added == n, report
    base_rate, our_rate = n / min(base_times), n / min(our_times)
    return {
        "ratio": round(our_rate / base_rate, 3),
        "docs": n,
        "baseline_docs_per_s": round(base_rate, 1),
        "ours_docs_per_s": round(our_rate, 1),
        "baseline_s": [round(t, 4) for t in base_times],
        "ours_s": [round(t, 4) for t in our_times],
    }


def bench_open_document_300(quick: bool) -> dict[str, Any]:
    """Open a document with 300 highlights in the window vs a plain QPlainTextEdit + ExtraSelections."""
    import open_document

    return open_document.run(300, repeat=3 if quick else 7)


def bench_open_document_50000(quick: bool) -> dict[str, Any]:
    """The same with 50,000 highlights in a ~1 MB article (full run only: the baseline takes seconds)."""
    import open_document

    if quick:
        return {"ratio": None, "skipped": "full run only"}
    return open_document.run(50_000, repeat=2)


def bench_action_repaint_300(quick: bool) -> dict[str, Any]:
    """One accept (stored, list and view updated, repainted) on a 300-highlight document."""
    import open_document

    return open_document.run_action(300, repeat=3 if quick else 7)


def bench_action_repaint_50000(quick: bool) -> dict[str, Any]:
    """The same on a ~1 MB document with 50,000 highlights (full run only)."""
    import open_document

    if quick:
        return {"ratio": None, "skipped": "full run only"}
    return open_document.run_action(50_000, repeat=5)


# -- scale: a project of N generated articles (bench/scale.py, bench/scale_bench.py) -----------
SCALE = {"n": 100_000, "quick_n": 2_000, "slice": 1_000, "quick_slice": 100}


def scale_n(quick: bool) -> int:
    """The project size for the scale benchmarks: ``--scale N`` (default 100,000; 2,000 with --quick)."""
    return SCALE["quick_n"] if quick else SCALE["n"]


def bench_scale_import(quick: bool) -> dict[str, Any]:
    """Import of N articles (hash, dedup, FTS5) vs sqlite-utils insert_all; peak memory at N/10 and N."""
    import scale_bench

    return scale_bench.bench_import(scale_n(quick))


def bench_scale_export(quick: bool) -> dict[str, Any]:
    """Export of N articles (jsonl; spacy, conll, brat and oneie at N/10) vs an orjson dump of the rows."""
    import scale_bench

    return scale_bench.bench_export(scale_n(quick))


def bench_scale_preannotate(quick: bool) -> dict[str, Any]:
    """Pre-annotation of the first --slice documents of the N project, --n-process 1 and 2, vs nlp.pipe."""
    import scale_bench

    return scale_bench.bench_preannotate(scale_n(quick), SCALE["quick_slice"] if quick else SCALE["slice"])


def bench_scale_app(quick: bool) -> dict[str, Any]:
    """The window on the N project: shown, list scroll, search, filters vs QListView and raw SQL."""
    import scale_bench

    return scale_bench.bench_app(scale_n(quick))


def bench_window_waits(quick: bool) -> dict[str, Any]:
    """A window's saves while pre-annotation or an import runs in a terminal vs the same saves alone."""
    import window_waits

    results = window_waits.run(quick)
    return {"ratio": min(r["ratio"] for r in results),
            "commands": [{k: v for k, v in r.items() if k != "name"} for r in results]}


def bench_preannotate_cluster(quick: bool) -> dict[str, Any]:
    """Pre-annotation on a Dask LocalCluster of 2 workers and with --n-process 2 vs plain nlp.pipe."""
    import cluster_bench

    return cluster_bench.bench_cluster(quick)


def bench_team_merge(quick: bool) -> dict[str, Any]:
    """Merging 3 analysts' files of 10,000 documents each (1,000 with --quick), and agreement over them."""
    import team_bench

    return team_bench.bench_team(1000 if quick else 10_000)


def bench_doubt_order(quick: bool) -> dict[str, Any]:
    """The document list most doubtful first vs the usual order, 10,000 documents (2,000 with --quick)."""
    import doubt_order

    return doubt_order.run(2_000 if quick else 10_000, quick=quick)


# -- start-up: process start to first output and exit of each command (bench/startup.py) -----------
def startup_bench(name: str) -> Callable[[bool], dict[str, Any]]:
    """The benchmark of one command of bench/startup.py (the project is made once per process)."""

    def run(quick: bool) -> dict[str, Any]:
        command = next(c for c in startup.COMMANDS if c.name == name)
        return startup.run(command, repeat=2 if quick else 5)

    return run


BENCHMARKS: list[Benchmark] = [
    Benchmark("preannotate", bench_preannotate, "pre-annotation docs/s vs plain nlp.pipe, storage included"),
    Benchmark("import", bench_import, ".txt import docs/s vs sqlite-utils insert_all"),
    Benchmark("open_document_300", bench_open_document_300, "window open+paint vs plain QPlainTextEdit, 300 spans"),
    Benchmark("open_document_50000", bench_open_document_50000, "the same with 50,000 spans, ~1 MB"),
    Benchmark("action_repaint_300", bench_action_repaint_300, "one accept, stored and repainted, 300 spans"),
    Benchmark("action_repaint_50000", bench_action_repaint_50000, "one accept, stored and repainted, 50,000 spans"),
    Benchmark("scale_import", bench_scale_import, "import of --scale N articles vs sqlite-utils insert_all"),
    Benchmark("scale_export", bench_scale_export, "export of N articles vs an orjson dump of the rows"),
    Benchmark("scale_preannotate", bench_scale_preannotate, "pre-annotation of a slice of the N project vs nlp.pipe"),
    Benchmark("scale_app", bench_scale_app, "the window on the N project vs QListView and raw SQL"),
    Benchmark("window_waits", bench_window_waits, "a window's longest save while a terminal command writes vs alone"),
    Benchmark("preannotate_cluster", bench_preannotate_cluster, "docs/s: --scheduler local:2 and --n-process 2 vs nlp.pipe"),
    Benchmark("team_merge", bench_team_merge, "merge of 3 analysts' files, and agreement, vs a plain SQL copy/read"),
    Benchmark("doubt_order", bench_doubt_order, "the document list most doubtful first vs the usual order"),
    *(Benchmark(f"startup_{c.name}", startup_bench(c.name), f"annotator {c.args[0]}: start to first output and"
                f" exit vs a bare python -c ({c.needs})") for c in startup.COMMANDS),
]


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks, printing one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller inputs (the whole run takes 3-5 minutes on 2 cores; CI runs it)")
    parser.add_argument(
        "--only", action="append", metavar="NAME", choices=[b.name for b in BENCHMARKS],
        help="run only this benchmark (repeatable)",
    )
    parser.add_argument("--scale", type=int, metavar="N", default=None,
                        help="articles in the scale_* benchmarks' project (default 100000; 2000 with --quick)")
    parser.add_argument("--slice", type=int, metavar="K", default=None,
                        help="documents pre-annotated in scale_preannotate (default 1000; 100 with --quick)")
    args = parser.parse_args(argv)
    if args.scale:
        SCALE["n"] = SCALE["quick_n"] = args.scale
    if args.slice:
        SCALE["slice"] = SCALE["quick_slice"] = args.slice
    selected = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    for bench in selected:
        started = time.perf_counter()
        result = {"name": bench.name, **bench.run(args.quick), "quick": args.quick,
                  "wall_s": round(time.perf_counter() - started, 2)}
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
