"""A pre-annotation killed (SIGKILL) at any moment keeps every batch it acknowledged, never stores half a
document's suggestions, and a re-run pre-annotates exactly the documents still pending, each once."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from killing import Run, annotations_by_text, check_integrity, kill_repeatedly, make_project, run_driver, sentence

pytestmark = pytest.mark.model  # the real small model: its suggestions include events

SEED = 31337
KILLS = 8  # each run loads the model (about 3 s on a busy machine): the file stays near a minute
BATCH = 3


def test_preannotation_killed_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    template = tmp_path / "template.db"
    make_project(template, [sentence(rng, i) for i in range(24)], suggestions=False)
    expected: dict[str, list[Any]] = {}
    acked: set[str] = set()

    def fresh(n: int) -> Path:
        project = tmp_path / f"p{n}.db"
        shutil.copy(template, project)
        acked.clear()
        return project

    def run(project: Path, delay: float | None) -> Run:
        return run_driver(["preannotate", str(project), str(BATCH)], kill_after=delay)

    def check(project: Path, result: Run) -> None:
        check_integrity(project)
        acked.update(result.acks)
        found = annotations_by_text(project)
        ids = dict(_ids_and_texts(project))
        for text, stored in found.items():
            assert len(stored) == 1, f"document stored twice: {text!r}"
            title, done, spans, events = stored[0]
            if done:
                assert stored == expected[text], f"pre-annotated twice or only in part: {text!r}"
            else:
                assert spans == () and events == (), f"suggestions stored for a pending document: {text!r}"
        for doc_id in acked:
            assert found[ids[int(doc_id)]][0][1], f"document {doc_id} was acknowledged but is not pre-annotated"

    def complete(project: Path) -> None:
        check_integrity(project)
        found = annotations_by_text(project)
        assert all(entry[0][1] for entry in found.values()), "a document was left without suggestions"
        assert sum(len(entry[0][2]) for entry in found.values()) > 0  # the model did suggest spans
        assert sum(len(entry[0][3]) for entry in found.values()) > 0  # and the rules events
        if not expected:
            expected.update(found)  # the first run, never killed, is the reference
        assert found == expected

    kills = kill_repeatedly(fresh=fresh, run=run, check=check, complete=complete, kills=KILLS,
                            rng=random.Random(SEED))
    print(f"pre-annotation: {kills} kills", file=sys.stderr)


def _ids_and_texts(project: Path) -> list[tuple[int, str]]:
    import sqlite3

    conn = sqlite3.connect(project)
    try:
        return conn.execute("SELECT id, text FROM documents").fetchall()
    finally:
        conn.close()
