"""`annotator learn` killed at random moments (training, recording, re-suggesting) loses nothing.

After each kill the project is whole: the done documents are as they were, every new document
carries either all its old suggestions or all the new model's (never a mix), every recorded
model's folder is there, and the next run finishes what the killed one began.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from killing import Run, check_integrity, kill_repeatedly, run_command

from annotator.documents import Document, Span
from annotator.store import open_project
from learning_data import DONE, NEW

pytestmark = pytest.mark.model

SEED = 1414
KILLS = 4  # each run loads the model and trains: about 10 s a run on a busy machine


def _make(path: Path) -> None:
    with open_project(path) as store:
        for text, *gold in DONE:
            spans = [Span(text.index(p), text.index(p) + len(p), label, origin="human", status="accepted")
                     for p, label in gold]
            with store.transaction():
                doc_id = store.add_document(Document(text, title=text[:40], spans=spans)).doc_id
                store.update_document(doc_id, status="done", annotator="ana")
        for copy in range(4):  # 12 new documents, so a kill can fall inside re-suggestion
            for text, *suggested in NEW:
                text = f"{text} ({copy})"
                with store.transaction():
                    doc_id = store.add_document(Document(text, title=text[:40])).doc_id
                store.store_suggestions([(doc_id, [Span(text.index(p), text.index(p) + len(p), label, origin="model",
                                                        score=0.9) for p, label in suggested])],
                                        model="test_model-1.0.0")


def _state(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        done = conn.execute('SELECT doc_id, start, "end", label, status FROM spans WHERE doc_id IN'
                            " (SELECT id FROM documents WHERE status = 'done') ORDER BY id").fetchall()
        mixed = conn.execute(
            "SELECT d.id FROM documents d JOIN spans s ON s.doc_id = d.id WHERE d.status = 'new'"
            " AND s.status = 'suggested' AND s.model IS NOT d.preannotated_with").fetchall()
        models = conn.execute("SELECT id, path, adopted, in_use FROM models ORDER BY id").fetchall()
        suggested_with = sorted({r[0] for r in conn.execute(
            "SELECT preannotated_with FROM documents WHERE status = 'new'")})
        return {"done": done, "mixed": mixed, "models": models, "suggested_with": suggested_with}
    finally:
        conn.close()


def test_learn_killed_at_random_moments(tmp_path: Path) -> None:
    template = tmp_path / "template.db"
    _make(template)
    reviewed = _state(template)["done"]

    def fresh(n: int) -> Path:
        project = tmp_path / f"p{n}" / "project.db"
        project.parent.mkdir()
        shutil.copy(template, project)
        return project

    def run(project: Path, delay: float | None) -> Run:
        return run_command([sys.executable, "-m", "annotator", "learn", str(project), "--every", "6", "--epochs", "2",
                            "--eval-split", "0.34", "--seed", "1", "--rehearse", "0.5"], kill_after=delay)

    def check(project: Path, result: Run) -> None:
        check_integrity(project)
        state = _state(project)
        assert state["done"] == reviewed
        assert state["mixed"] == []  # each document: the old suggestions or the new, whole
        assert len(state["models"]) <= 1
        for _, path, _, _ in state["models"]:
            assert (project.parent / path / "meta.json").is_file()

    def complete(project: Path) -> None:
        state = _state(project)
        ((_, _, adopted, in_use),) = state["models"]
        assert adopted == in_use == 1
        (name,) = state["suggested_with"]
        assert "learned_1" in name

    kills = kill_repeatedly(fresh=fresh, run=run, check=check, complete=complete, kills=KILLS,
                            rng=random.Random(SEED))
    print(f"learn: {kills} kills", file=sys.stderr)
