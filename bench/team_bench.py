"""Team benchmarks: merging three analysts' files of N documents each, and the agreement report over them.

Each as a ratio against a plain SQL copy (merge) or read (agreement) of the same rows, timed
untraced, with tracemalloc's peak (of a second, traced run) at N/4 and N to show whether memory stays flat. Run through bench/run.py
(``--only team_merge``); the analysts' work is written with SQL here, since only the timing matters.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # team_data.py, the tests' helper that builds the team project

from annotator.cli import main as cli  # noqa: E402
from annotator.store import open_project  # noqa: E402
from annotator.team.agreement import agreement  # noqa: E402
from annotator.team.merge import merge  # noqa: E402
from team_data import NAMES, build_project  # noqa: E402

STAMP = "2026-01-01T00:00:00"


def _annotate(path: Path, name: str) -> None:
    """What tests/team_data.annotate does, as four SQL statements over the whole file."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE spans SET status = 'accepted', annotator = ?", (name,))
        if name == "ben":
            conn.execute("UPDATE spans SET status = 'rejected' WHERE label = 'DATE'")
        if name == "cai":
            conn.execute("UPDATE spans SET label = 'LOC' WHERE start = 57")
        if name in ("ana", "ben"):
            conn.execute("INSERT INTO events(doc_id, type, trigger_start, trigger_end, origin, status, annotator,"
                         " created_at, updated_at) SELECT id, 'ATTACK', 17, 24, 'human', 'accepted', ?, ?, ?"
                         " FROM documents", (name, STAMP, STAMP))
            conn.execute("INSERT INTO arguments(event_id, role, span_id, origin, created_at) SELECT e.id, 'Attacker',"
                         " s.id, 'human', ? FROM events e JOIN spans s ON s.doc_id = e.doc_id AND s.start = 0", (STAMP,))
        conn.execute("UPDATE documents SET status = 'done'")
    conn.close()


def _plain_copy(team: Path, files: list[Path]) -> None:
    """The baseline: the same decided rows copied with INSERT ... SELECT from each attached file."""
    conn = sqlite3.connect(team)
    for i, path in enumerate(files):
        conn.execute(f"ATTACH DATABASE ? AS a{i}", (str(path),))
        with conn:
            conn.execute('INSERT INTO spans(doc_id, start, "end", label, origin, status, score, annotator, model,'
                         f' created_at, updated_at, kind) SELECT doc_id, start, "end", label, origin, status, score,'
                         f" annotator, model, created_at, updated_at, kind FROM a{i}.spans WHERE status != 'suggested'")
            conn.execute("INSERT INTO events(doc_id, type, trigger_start, trigger_end, origin, status, annotator,"
                         " created_at, updated_at) SELECT doc_id, type, trigger_start, trigger_end, origin, status,"
                         f" annotator, created_at, updated_at FROM a{i}.events WHERE status != 'suggested'")
        conn.execute(f"DETACH DATABASE a{i}")
    conn.close()


def _plain_read(team: Path) -> int:
    """The agreement baseline: reading the accepted rows and texts it compares."""
    conn = sqlite3.connect(team)
    rows = conn.execute('SELECT doc_id, start, "end", label, annotator FROM spans WHERE status = \'accepted\'').fetchall()
    rows += conn.execute("SELECT id, text FROM documents").fetchall()
    rows += conn.execute("SELECT doc_id, trigger_start, trigger_end, type, annotator FROM events").fetchall()
    conn.close()
    return len(rows)


def _seconds(func: Any) -> float:
    """Seconds of one call (untraced)."""
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _peak(func: Any) -> tuple[float, float]:
    """Seconds and tracemalloc peak (MB) of one call."""
    tracemalloc.start()
    started = time.perf_counter()
    func()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def _one_size(folder: Path, n: int) -> dict[str, Any]:
    folder.mkdir()
    project = folder / "news.db"
    build_project(project, documents=n)
    assert cli(["assign", str(project), "--to", ",".join(NAMES), "--overlap", "1", "--seed", "1",
                str(folder / "out")]) == 0
    files = [folder / "out" / f"{name}.db" for name in NAMES]
    for name, path in zip(NAMES, files):
        _annotate(path, name)
    baseline_team = folder / "baseline.db"
    with open_project(project, create=False) as store:
        from annotator.store import team_rows

        team_rows.copy_file(store, baseline_team)
    started = time.perf_counter()
    _plain_copy(baseline_team, files)
    copy_s = time.perf_counter() - started
    twin = folder / "twin.db"  # the same merge again, traced: tracemalloc slows what it watches
    shutil.copy(project, twin)
    merge_s = _seconds(lambda: merge(project, files))
    _, merge_mb = _peak(lambda: merge(twin, files))
    started = time.perf_counter()
    _plain_read(project)
    read_s = time.perf_counter() - started

    def report() -> None:
        with open_project(project, create=False, read_only=True) as team:
            assert agreement(team).documents == n

    agreement_s = _seconds(report)
    _, agreement_mb = _peak(report)
    return {"documents_per_analyst": n, "merge_s": round(merge_s, 2), "plain_copy_s": round(copy_s, 3),
            "merge_peak_mb": round(merge_mb, 1), "agreement_s": round(agreement_s, 2),
            "plain_read_s": round(read_s, 3), "agreement_peak_mb": round(agreement_mb, 1)}


def bench_team(n: int) -> dict[str, Any]:
    """Merge and agreement at N/4 and N documents per analyst (3 analysts, every document shared)."""
    with tempfile.TemporaryDirectory() as tmp:
        small = _one_size(Path(tmp) / "small", max(n // 4, 1))
        large = _one_size(Path(tmp) / "large", n)
    return {"ratio": round(large["plain_copy_s"] / large["merge_s"], 4),
            "agreement_ratio": round(large["plain_read_s"] / large["agreement_s"], 4),
            "merge_memory_growth": round(large["merge_peak_mb"] / max(small["merge_peak_mb"], 0.1), 2),
            "agreement_memory_growth": round(large["agreement_peak_mb"] / max(small["agreement_peak_mb"], 0.1), 2),
            "sizes": [small, large]}
