"""A burst of edits killed (SIGKILL) at any moment keeps every edit it acknowledged, never half an edit,
and resuming ends in exactly the state of a burst never killed."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from killing import Run, check_integrity, kill_repeatedly, make_project, run_driver, run_edits, sentence, state_digest

from annotator.store import open_project

SEED = 4242
STEPS = 120
KILLS = 20


def test_edit_burst_killed_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    template = tmp_path / "template.db"
    make_project(template, [sentence(rng, i) for i in range(6)], suggestions=True)
    reference = tmp_path / "reference.db"
    shutil.copy(template, reference)
    states = [state_digest(reference)[1]]  # the project after each step of a run never killed
    with open_project(reference, create=False) as store:
        run_edits(store, seed=SEED, steps=STEPS, after=lambda step: states.append(state_digest(reference)[1]))
    assert len(set(states)) > STEPS // 2  # the steps do change the project
    acked = {"step": 0}

    def fresh(n: int) -> Path:
        project = tmp_path / f"p{n}.db"
        shutil.copy(template, project)
        acked["step"] = 0
        return project

    def run(project: Path, delay: float | None) -> Run:
        return run_driver(["edits", str(project), str(SEED), str(STEPS)], kill_after=delay)

    def check(project: Path, result: Run) -> None:
        check_integrity(project)
        acked["step"] = max([acked["step"], *map(int, result.acks)])
        steps, digest = state_digest(project)
        # Every acknowledged edit is there; the one running at the kill is there whole or not at all.
        assert steps in (acked["step"], acked["step"] + 1)
        assert digest == states[steps], f"after {steps} steps the project differs from a run never killed"

    def complete(project: Path) -> None:
        check_integrity(project)
        assert state_digest(project) == (STEPS, states[STEPS])

    kills = kill_repeatedly(fresh=fresh, run=run, check=check, complete=complete, kills=KILLS,
                            rng=random.Random(SEED))
    print(f"edits: {kills} kills", file=sys.stderr)
