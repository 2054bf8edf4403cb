"""Scale benchmarks: a project of N generated articles (bench/scale.py), each step in its own process.

Every measured step (ours and its raw baseline) runs in a fresh child process,
``python bench/scale_bench.py TASK ARGS...``, which prints one JSON line with its figures and
its peak memory (``VmHWM`` of that process, read by the process itself at its end), so memory
figures never mix. Flat memory is shown by running the same step at N and N/10. Generated
articles and imported projects are kept in ``$ANNOTATOR_SCALE_DIR`` (default
``/tmp/annotator-scale``) and reused by later runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 7


# -- parent side -------------------------------------------------------------------------------
def cache_dir(n: int) -> Path:
    """Where the corpus and project of ``n`` articles are kept between runs."""
    base = Path(os.environ.get("ANNOTATOR_SCALE_DIR", "/tmp/annotator-scale"))
    return base / f"n{n}-seed{SEED}"


def corpus_folder(n: int) -> Path:
    """The folder of ``n`` generated .txt articles, written on first use (not timed)."""
    import scale

    folder = cache_dir(n) / "articles"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        scale.write_folder(folder, n, seed=SEED)
        marker.touch()
    return folder


def child(task: str, *args: Any, timeout: float = 7200) -> dict[str, Any]:
    """Run one task in a fresh process; its JSON line, with ``peak_mb``."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(
        [sys.executable, str(HERE / "scale_bench.py"), task, *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env=env, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"scale task {task} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def project(n: int) -> Path:
    """The imported project of ``n`` articles (imported by :func:`bench_import`, or here untimed)."""
    path = cache_dir(n) / "project.db"
    if not (cache_dir(n) / ".project-complete").exists():
        for stale in cache_dir(n).glob("project.db*"):
            stale.unlink()
        child("import_ours", corpus_folder(n), path)
        (cache_dir(n) / ".project-complete").touch()
    return path


def sizes(n: int) -> list[int]:
    """N/10 then N: the same step at both sizes shows whether memory stays flat."""
    return [max(n // 10, 1), n]


def bench_import(n: int) -> dict[str, Any]:
    """Import of N .txt articles (hash, dedup, FTS5) vs sqlite-utils ``insert_all`` of the same rows."""
    result: dict[str, Any] = {"docs": n}
    for size in sizes(n):
        folder = corpus_folder(size)
        base_db, ours_db = cache_dir(size) / "baseline.db", cache_dir(size) / "project.db"
        for stale in (*cache_dir(size).glob("baseline.db*"), *cache_dir(size).glob("project.db*")):
            stale.unlink()
        (cache_dir(size) / ".project-complete").unlink(missing_ok=True)
        base = child("import_base", folder, base_db)
        ours = child("import_ours", folder, ours_db)
        (cache_dir(size) / ".project-complete").touch()
        base_db.unlink()
        result[f"at_{size}"] = {"ours_docs_per_s": round(size / ours["seconds"], 1),
                                "baseline_docs_per_s": round(size / base["seconds"], 1),
                                # CPU seconds: steadier than wall time on a shared machine
                                "ours_cpu_s": round(ours["cpu_seconds"], 2),
                                "baseline_cpu_s": round(base["cpu_seconds"], 2),
                                "ours_peak_mb": ours["peak_mb"], "baseline_peak_mb": base["peak_mb"],
                                "project_mb": round(ours_db.stat().st_size / 2**20)}
        result["ratio"] = round(base["seconds"] / ours["seconds"], 3)
        result["cpu_ratio"] = round(base["cpu_seconds"] / ours["cpu_seconds"], 3)
    return result


def tokens_project(n: int) -> Path:
    """The project of ``n`` articles with every document's tokens stored, as pre-annotation leaves them."""
    path = cache_dir(n) / "project-tokens.db"
    marker = cache_dir(n) / ".tokens-complete"
    source = project(n)
    if not marker.exists() or marker.stat().st_mtime < source.stat().st_mtime:
        for stale in cache_dir(n).glob("project-tokens.db*"):
            stale.unlink()
        _copy_project(source, path)
        child("store_tokens", path)
        marker.touch()
    return path


def bench_export(n: int, formats: tuple[str, ...] = ("jsonl", "spacy", "conll", "brat", "oneie")) -> dict[str, Any]:
    """Export of N articles (every document, suggestions included) vs a plain orjson dump of the rows.

    ``write_only_ratio`` is the ceiling of ``ratio``: the baseline against only writing our
    finished JSONL's bytes and fsyncing them, as the export does, with nothing to build.

    Measured on the project with its tokens stored (what pre-annotation leaves); ``jsonl_unstored``
    is the same JSONL export of the project as imported, which tokenises every text.
    """
    result: dict[str, Any] = {"docs": n}
    out_dir = cache_dir(n) / "exports"
    for size in sizes(n):
        db = project(size)
        figures: dict[str, Any] = {}
        base = child("export_base", db, out_dir / "baseline.jsonl")
        figures["baseline_docs_per_s"] = round(size / base["seconds"], 1)
        figures["baseline_peak_mb"] = base["peak_mb"]
        unstored = child("export_ours", db, out_dir / "ours-unstored.jsonl", "jsonl")
        figures["jsonl_unstored_docs_per_s"] = round(size / unstored["seconds"], 1)
        stored = tokens_project(size)
        for fmt in formats if size == n // 10 or size == n and n <= 20_000 else ("jsonl",):
            ours = child("export_ours", stored, out_dir / f"ours-{fmt}", fmt)
            figures[f"{fmt}_docs_per_s"] = round(size / ours["seconds"], 1)
            figures[f"{fmt}_peak_mb"] = ours["peak_mb"]
            if fmt == "jsonl":
                floor = child("export_floor", out_dir / f"ours-{fmt}")
                figures["jsonl_write_only_docs_per_s"] = round(size / floor["seconds"], 1)
                figures["jsonl_mb"] = floor["mb"]
                result["ratio"] = round(base["seconds"] / ours["seconds"], 3)
                result["unstored_ratio"] = round(base["seconds"] / unstored["seconds"], 3)
                result["write_only_ratio"] = round(base["seconds"] / floor["seconds"], 3)
        result[f"at_{size}"] = figures
        shutil.rmtree(out_dir, ignore_errors=True)
    return result


def bench_preannotate(n: int, slice_docs: int, n_processes: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """Pre-annotation of the first ``slice_docs`` documents of the N project vs plain ``nlp.pipe``."""
    source = project(n)
    work = cache_dir(n) / "preannotate.db"
    result: dict[str, Any] = {"docs": slice_docs, "project_docs": n}
    for n_process in n_processes:
        base = child("preannotate_base", source, slice_docs, n_process)
        for stale in cache_dir(n).glob("preannotate.db*"):
            stale.unlink()
        _copy_project(source, work)
        ours = child("preannotate_ours", work, slice_docs, n_process)
        resumed = ours.pop("resumed_with")
        result[f"n_process_{n_process}"] = {
            "ours_docs_per_s": round(ours["docs"] / ours["seconds"], 2),
            "baseline_docs_per_s": round(slice_docs / base["seconds"], 2),
            "ours_peak_mb": ours["peak_mb"], "baseline_peak_mb": base["peak_mb"],
            "ours_rss_mb_after": ours["rss_mb_after"],
        }
        result["resume"] = resumed
        if n_process == 1:
            result["ratio"] = round(base["seconds"] / (ours["seconds"] * slice_docs / ours["docs"]), 3)
        for stale in cache_dir(n).glob("preannotate.db*"):
            stale.unlink()
    return result


def bench_app(n: int) -> dict[str, Any]:
    """The window on the N project (open, scroll, search, filters) vs a QListView and raw SQL."""
    result: dict[str, Any] = {"docs": n}
    for size in sizes(n):
        db = project(size)
        base = child("app_base", db)
        ours = child("app_ours", db)
        counts = ("peak_mb", "search_matches")
        figures = {f"{key}_ms": ours[key] for key in ours if key not in counts}
        figures.update({f"baseline_{key}_ms": base[key] for key in base if key not in counts})
        figures.update(ours_peak_mb=ours["peak_mb"], baseline_peak_mb=base["peak_mb"],
                       search_matches=ours["search_matches"])
        assert ours["search_matches"] == base["search_matches"], (ours, base)
        result[f"at_{size}"] = figures
        result["ratio"] = round(base["shown"] / ours["shown"], 3)
        result["scroll_ratio"] = round(base["scroll_step"] / ours["scroll_step"], 3)
        result["search_ratio"] = round(base["search"] / ours["search"], 3)
    return result


def _copy_project(source: Path, target: Path) -> None:
    import sqlite3

    with sqlite3.connect(str(source)) as src, sqlite3.connect(str(target)) as dst:
        src.backup(dst)
    src.close()
    dst.close()


# -- child side ----------------------------------------------------------------------------------
def _peak_mb() -> float:
    """This process's peak resident memory (``VmHWM``), in MB.

    Not ``ru_maxrss``: Linux carries that over from the parent across fork and exec, so every
    child would report at least the parent's peak. ``VmHWM`` belongs to the address space,
    which starts afresh at exec.
    """
    return round(_status_kb("VmHWM") / 1024, 1)


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field} (not Linux?)")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def _files(folder: Path) -> Iterator[Path]:
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        yield from sorted(sub.glob("*.txt"))


def task_import_ours(folder: str, db: str) -> dict[str, Any]:
    from annotator.importers import import_paths
    from annotator.store import open_project

    with open_project(db) as store:
        cpu = time.process_time()
        seconds, report = _timed(lambda: import_paths(store, [folder]))
        cpu = time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "added": report.added}


def task_import_base(folder: str, db: str) -> dict[str, Any]:
    import sqlite_utils

    def run() -> None:
        database = sqlite_utils.Database(db)
        rows = ({"title": p.stem, "text": p.read_text(encoding="utf-8")} for p in _files(Path(folder)))
        database["documents"].insert_all(rows, pk="id")
        database.close()

    cpu = time.process_time()
    seconds, _ = _timed(run)
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu}


def task_export_ours(db: str, out: str, fmt: str) -> dict[str, Any]:
    from annotator.exporters import ExportOptions, export
    from annotator.store import open_project

    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open_project(db, create=False) as store:
        seconds, count = _timed(lambda: export(store, fmt, out, ExportOptions(status="any", suggestions=True)))
    return {"seconds": seconds, "docs": count}


def task_store_tokens(db: str) -> dict[str, Any]:
    from annotator.store import open_project

    with open_project(db, create=False) as store, store.transaction():
        ids = [r[0] for r in store.conn.execute("SELECT id FROM documents")]
        stored = store.store_missing_tokens(ids)
    return {"stored": stored}


def task_export_base(db: str, out: str) -> dict[str, Any]:
    import sqlite3

    import orjson

    Path(out).parent.mkdir(parents=True, exist_ok=True)

    def run() -> None:
        conn = sqlite3.connect(db)
        cursor = conn.execute("SELECT * FROM documents")
        names = [c[0] for c in cursor.description]
        with open(out, "wb") as fh:
            for row in cursor:
                fh.write(orjson.dumps(dict(zip(names, row))) + b"\n")
        conn.close()

    seconds, _ = _timed(run)
    return {"seconds": seconds}


def task_export_floor(path: str) -> dict[str, Any]:
    """Write the bytes of a finished export again, a line at a time, and fsync: no export can be faster."""
    lines = Path(path).read_bytes().splitlines(keepends=True)
    target = Path(path + ".again")

    def run() -> None:
        with open(target, "wb") as fh:
            for line in lines:
                fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    seconds, _ = _timed(run)
    target.unlink()
    return {"seconds": seconds, "mb": round(sum(map(len, lines)) / 2**20, 1)}


def task_preannotate_ours(db: str, slice_docs: str, n_process: str) -> dict[str, Any]:
    from annotator.preannotate import load_model, preannotate
    from annotator.store import open_project

    limit, rss_after = int(slice_docs), {}
    nlp = load_model()
    checkpoints = {max(limit // 10, 1), limit // 2, limit}

    def progress(done: int, _total: int) -> None:
        for mark in [c for c in checkpoints if done >= c and c not in rss_after]:
            rss_after[mark] = _rss_mb()

    with open_project(db, create=False) as store:
        pending = store.count_pending_preannotation()
        seconds, report = _timed(lambda: preannotate(store, nlp=nlp, n_process=int(n_process), progress=progress,
                                                      should_stop=lambda: len(rss_after) == len(checkpoints)))
        # Resumability: the next run starts at the first document the stopped run left pending.
        left = store.count_pending_preannotation()
        first_left = next(store.pending_preannotation(batch=1), (None,))[0]
        done_ids = store.conn.execute("SELECT MAX(id) FROM documents WHERE preannotated_at IS NOT NULL").fetchone()[0]
    return {"seconds": seconds, "docs": report.documents, "spans": report.spans, "events": report.events,
            "rss_mb_after": {str(k): v for k, v in sorted(rss_after.items())},
            "resumed_with": {"stored": report.documents, "left": left, "pending_before": pending,
                             "exactly_the_rest": left == pending - report.documents and first_left == done_ids + 1}}


def task_preannotate_base(db: str, slice_docs: str, n_process: str) -> dict[str, Any]:
    import sqlite3

    from annotator.preannotate import load_model

    nlp = load_model()
    conn = sqlite3.connect(db)
    texts = [r[0] for r in conn.execute("SELECT text FROM documents ORDER BY id LIMIT ?", (int(slice_docs),))]
    conn.close()

    def run() -> None:
        for _ in nlp.pipe(texts, batch_size=32, n_process=int(n_process)):
            pass

    seconds, _ = _timed(run)
    return {"seconds": seconds}


SCROLL_STEPS = 40


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _scroll(app: Any, view: Any) -> float:
    """Mean seconds per step of scrolling ``view`` from top to bottom in SCROLL_STEPS steps, repainted."""
    bar = view.verticalScrollBar()
    start = time.perf_counter()
    for step in range(1, SCROLL_STEPS + 1):
        bar.setValue(bar.maximum() * step // SCROLL_STEPS)
        view.viewport().repaint()
        app.processEvents()
    return (time.perf_counter() - start) / SCROLL_STEPS


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def task_app_ours(db: str) -> dict[str, Any]:
    from annotator.store import open_project
    from ui.main_window import MainWindow

    app = _app()
    store = open_project(db, create=False)
    start = time.perf_counter()
    window = MainWindow(store, annotator="bench", preannotate=False)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - start  # the constructor opens the first document too
    while window.jobs.threads and time.perf_counter() - start < 60:  # the tokenizer warm-up thread
        app.processEvents()
        time.sleep(0.01)
    scroll = _scroll(app, window.doc_list)
    window.doc_list.scrollToBottom()
    last = window.doc_model.index(window.doc_model.rowCount() - 1, 0)
    open_last, _ = _timed(lambda: (window.doc_list.setCurrentIndex(last), app.processEvents()))

    def reset_count() -> Callable[[], int]:
        """Start counting the list's resets (each is one re-read of the matching documents)."""
        resets: list[float] = []

        def slot() -> None:
            resets.append(time.perf_counter())

        window.doc_model.modelReset.connect(slot)

        def stop() -> int:
            window.doc_model.modelReset.disconnect(slot)
            return len(resets)

        return stop

    def typed(text: str) -> float:
        """Seconds from the search running to the list repainted, as Enter runs it (no typing pause).

        Typing only starts the pause timer (the list follows once typing pauses); Enter stops it
        and searches at once, which is what is timed here. The list must have been re-read.
        """
        counted = reset_count()
        window.search_box.setText(text)
        assert window.documents.search_pause.isActive(), "typing no longer waits for a pause: time that instead"

        def search_now() -> None:
            window.documents.search_pause.stop()  # what Enter does before the pause is over
            window.documents.reload()
            window.doc_list.viewport().repaint()
            app.processEvents()

        seconds, _ = _timed(search_now)
        assert counted() == 1, "the search did not re-read the document list"
        return seconds

    def paused(text: str) -> float:
        """Seconds from setting the words to the list re-read after the typing pause (what a typist waits)."""
        counted = reset_count()
        start = time.perf_counter()
        window.search_box.setText(text)
        while window.documents.search_pause.isActive() and time.perf_counter() - start < 60:
            app.processEvents()
            time.sleep(0.001)
        window.doc_list.viewport().repaint()
        app.processEvents()
        seconds = time.perf_counter() - start
        assert counted() == 1, "the typing pause did not re-read the document list"
        return seconds

    search = typed("odesa drones")
    matches = window.doc_model.rowCount()
    cleared = typed("")
    after_pause = paused("odesa drones")
    assert window.doc_model.rowCount() == matches, "the paused search found other documents than Enter's"
    typed("")

    def filtered(combo: Any, value: str | None) -> float:
        seconds, _ = _timed(lambda: (combo.setCurrentIndex(combo.findData(value)),
                                     window.doc_list.viewport().repaint(), app.processEvents()))
        return seconds

    status = filtered(window.status_filter, "done")
    filtered(window.status_filter, None)
    label = filtered(window.label_filter, "GPE")
    window.close()
    return {"shown": _ms(shown), "scroll_step": _ms(scroll), "open_last": _ms(open_last), "search": _ms(search),
            "search_matches": matches, "search_cleared": _ms(cleared),
            "search_after_typing_pause": _ms(after_pause), "status_filter": _ms(status),
            "label_filter": _ms(label)}


def task_app_base(db: str) -> dict[str, Any]:
    import sqlite3

    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QListView

    from annotator.store import fts_query

    app = _app()
    conn = sqlite3.connect(db)
    start = time.perf_counter()
    titles = [r[0] for r in conn.execute("SELECT title FROM documents ORDER BY id")]
    model = QStringListModel(titles)
    view = QListView()
    view.setUniformItemSizes(True)
    view.setModel(model)
    view.resize(330, 700)
    view.show()
    app.processEvents()
    shown = time.perf_counter() - start
    scroll = _scroll(app, view)
    search, rows = _timed(lambda: conn.execute(
        "SELECT d.id, d.title FROM documents d JOIN documents_fts f ON f.rowid = d.id"
        " WHERE documents_fts MATCH ? ORDER BY d.id", (fts_query("odesa drones"),)).fetchall())
    status, _ = _timed(lambda: conn.execute("SELECT id, title FROM documents WHERE status = 'done'").fetchall())
    view.close()
    return {"shown": _ms(shown), "scroll_step": _ms(scroll), "search": _ms(search), "search_matches": len(rows),
            "status_filter": _ms(status)}


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    name[len("task_"):]: func for name, func in globals().items() if name.startswith("task_")
}


def main(argv: list[str]) -> int:
    """Run one child task and print its JSON line with the process's peak memory."""
    sys.path.insert(0, str(HERE.parent))
    result = TASKS[argv[0]](*argv[1:])
    print(json.dumps({**result, "peak_mb": _peak_mb()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
