"""Curation killed (SIGKILL) at any moment loses nothing: each document is curated whole or not at all,
no analyst's row changes, and curating again afterwards gives what an unkilled run gives.

The real ``annotator curate`` is killed; it runs the same operations, through the same editing
session and transactions, as the picks of the app's curation panel.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from killing import check_integrity, run_command

from team_data import NAMES, build_team

SEED = 21
KILLS = 6


def _state(path: Path) -> tuple[dict[int, tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Each document's status with the team's own rows; and every analyst's row, as stored."""
    conn = sqlite3.connect(path)
    try:
        names = ", ".join("?" * len(NAMES))
        team = f"(annotator IS NULL OR annotator NOT IN ({names}))"
        documents: dict[int, tuple[Any, ...]] = {}
        for doc_id, status in conn.execute("SELECT id, status FROM documents ORDER BY id"):
            spans = conn.execute(f'SELECT start, "end", label, status FROM spans WHERE doc_id = ? AND {team}'
                                 ' ORDER BY start, "end", label, status', (doc_id, *NAMES)).fetchall()
            events = conn.execute(f"SELECT trigger_start, type, status, (SELECT COUNT(*) FROM arguments a"
                                  f" WHERE a.event_id = e.id) FROM events e WHERE doc_id = ? AND {team}"
                                  " ORDER BY 1, 2, 3", (doc_id, *NAMES)).fetchall()
            documents[doc_id] = (status, tuple(spans), tuple(events))
        analysts = conn.execute(f"SELECT * FROM spans WHERE annotator IN ({names}) ORDER BY id", NAMES).fetchall()
        analysts += conn.execute(f"SELECT * FROM events WHERE annotator IN ({names}) ORDER BY id", NAMES).fetchall()
        return documents, analysts
    finally:
        conn.close()


def test_curation_killed_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    pristine = build_team(tmp_path / "team", documents=400)
    before, analysts = _state(pristine)

    def curate(project: Path, kill_after: float | None) -> bool:
        return run_command([sys.executable, "-m", "annotator", "curate", str(project), "--annotator", "lead"],
                           kill_after=kill_after).killed

    reference = tmp_path / "reference.db"
    shutil.copy(pristine, reference)
    started = time.perf_counter()
    assert not curate(reference, None)
    duration = time.perf_counter() - started
    after, _ = _state(reference)
    assert sum(after[d] != before[d] for d in before) > 300  # the run curated most documents

    changed = sum(after[d] != before[d] for d in before)
    kills = partial = 0
    for attempt in range(KILLS * 3):
        if kills == KILLS:
            break
        project = tmp_path / f"killed{attempt}.db"
        shutil.copy(pristine, project)
        killed = curate(project, rng.uniform(0, duration))
        check_integrity(project)
        found, found_analysts = _state(project)
        assert found_analysts == analysts  # no analyst's decision was touched
        for doc_id, state in found.items():  # whole or not at all
            assert state in (before[doc_id], after[doc_id]), doc_id
        kills += killed
        partial += 0 < sum(found[d] != before[d] for d in found) < changed
        assert not curate(project, None)  # curating again completes the rest, nothing twice
        assert _state(project) == (after, analysts)
    assert kills == KILLS and partial > 0  # some kills landed in the middle of the work
    print(f"curate: {kills} kills, {partial} in the middle", file=sys.stderr)
