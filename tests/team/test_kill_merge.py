"""A merge killed (SIGKILL) at any moment loses nothing: each analyst's file is in whole or not at all,
and merging again afterwards gives what an unkilled merge gives."""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from pathlib import Path

from killing import annotations_by_text, check_integrity, run_command

from annotator.cli import main
from annotator.editing import operations as ops
from annotator.editing.session import EditingSession
from annotator.store import open_project
from team_data import NAMES, build_project

SEED = 15
KILLS = 8


def _finish_all(path: Path, name: str) -> None:
    with open_project(path, create=False) as store:
        session = EditingSession(store, annotator=name)
        for doc_id in store.document_ids():
            session.run(ops.finish_document(store, doc_id))


def _by_analyst(path: Path) -> dict[str, int]:
    """Spans per analyst; none in a team project killed while it was being created (it has no tables yet)."""
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'spans'").fetchone():
            return {}
        return dict(conn.execute("SELECT annotator, COUNT(*) FROM spans WHERE annotator IS NOT NULL GROUP BY annotator"))
    finally:
        conn.close()


def test_merge_killed_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    project = tmp_path / "news.db"
    build_project(project, documents=300)
    assert main(["assign", str(project), "--to", ",".join(NAMES), "--overlap", "0.2", "--seed", "1",
                 str(tmp_path / "out")]) == 0
    files = [tmp_path / "out" / f"{n}.db" for n in NAMES]
    for name, path in zip(NAMES, files):
        _finish_all(path, name)

    def merge(team: Path, kill_after: float | None) -> bool:
        """The real command in its own process; True if it was killed."""
        return run_command([sys.executable, "-m", "annotator", "merge", str(team), *map(str, files)],
                           kill_after=kill_after).killed

    reference = tmp_path / "reference.db"
    started = time.perf_counter()
    merge(reference, None)
    duration = time.perf_counter() - started
    expected, expected_rows = _by_analyst(reference), annotations_by_text(reference)

    kills = 0
    while kills < KILLS:
        team = tmp_path / f"team{kills}.db"
        killed = merge(team, rng.uniform(0, duration))
        if team.exists():
            check_integrity(team)
            found = _by_analyst(team)
            for name in NAMES:  # each analyst's work is in whole or not at all, in the order given
                assert found.get(name, 0) in (0, expected[name])
            merged = [found.get(n, 0) > 0 for n in NAMES]
            assert merged == sorted(merged, reverse=True)
        kills += killed
        merge(team, None)  # merging again completes the work, nothing twice
        assert _by_analyst(team) == expected
        assert annotations_by_text(team) == expected_rows
    print(f"merge: {kills} kills", file=sys.stderr)
