"""`annotator learn --use 0` (back to the base model, which re-suggests) killed at random moments loses nothing,
and a plain `annotator learn` afterwards finishes what it began.

After each kill the project is whole: the done documents are as they were and every new document
carries either all its old suggestions or all the base model's. The plain run then leaves it
either as it was before the kill (killed before the switch) or wholly on the base model: never a
project back on the base model with some documents still carrying the learned model's suggestions.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest
from killing import check_integrity, run_command

from annotator.learning import LearnOptions, learn
from annotator.store import open_project
from learning_data import TINY
from test_kill_learn import _make, _state

pytestmark = pytest.mark.model

SEED = 1415
KILLS = 4


def _learned(project: Path) -> Path:
    """The kill test's project with model 1 learned, adopted and used to re-suggest every new document."""
    _make(project)
    with open_project(project, create=False) as store:
        report, count = learn(store, LearnOptions(**TINY), force=True)
    assert report is not None and report.adopted and count == 12
    return project


def _use_base(project: Path, kill_after: float | None) -> float:
    return run_command([sys.executable, "-m", "annotator", "learn", str(project), "--use", "0"],
                       kill_after=kill_after).seconds


def test_learn_use_killed_then_resumed(tmp_path: Path) -> None:
    template = _learned(tmp_path / "template.db")
    before = _state(template)
    assert before["models"] == [(1, "template-models/model-1", 1, 1)]
    rng = random.Random(SEED)

    def fresh(n: int) -> Path:
        project = tmp_path / f"p{n}" / "template.db"
        project.parent.mkdir()
        shutil.copy(template, project)
        shutil.copytree(tmp_path / "template-models", project.parent / "template-models")
        return project

    duration = _use_base(fresh(0), None)
    for n in range(1, KILLS + 1):
        project = fresh(n)
        _use_base(project, rng.uniform(0, duration))
        check_integrity(project)
        killed = _state(project)
        assert killed["done"] == before["done"] and killed["mixed"] == []

        run_command([sys.executable, "-m", "annotator", "learn", str(project), "--every", "100"], kill_after=None)
        after = _state(project)
        assert after["done"] == before["done"] and after["mixed"] == []
        ((_, _, adopted, in_use),) = after["models"]
        names = after["suggested_with"]
        if in_use:  # killed before the switch: as it was
            assert names == before["suggested_with"]
        else:  # back on the base model, every document re-suggested with it
            assert len(names) == 1 and "learned" not in names[0]
