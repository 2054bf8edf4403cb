"""An export killed (SIGKILL) at any moment leaves the previous output byte for byte (or the whole new one,
once acknowledged), the project untouched, and no temporary file that outlives the next export."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from killing import check_integrity, make_project, run_driver, sentence, sha256

from annotator.cli import main

SEED = 99
KILLS = 18


def _parts(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".part"))


def test_export_killed_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    project = tmp_path / "project.db"
    make_project(project, [sentence(rng, i) for i in range(500)], suggestions=True)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "labels.jsonl"
    assert main(["export", str(project), str(out), "--status", "any"]) == 0  # the previous export: no suggestions
    previous = out.read_bytes()
    reference = tmp_path / "labels.jsonl"
    duration = run_driver(["export", str(project), str(reference)], kill_after=None).seconds
    expected = reference.read_bytes()
    assert expected != previous
    project_hash = sha256(project)

    kills, left_parts = 0, 0
    while kills < KILLS:
        result = run_driver(["export", str(project), str(out)], kill_after=rng.uniform(0, duration))
        content = out.read_bytes()
        if result.acks:
            assert content == expected
        else:
            assert content in (previous, expected), "a killed export left a partial file"
        assert sha256(project) == project_hash  # exporting never writes to the project
        check_integrity(project)
        if result.killed:
            kills += 1
            left_parts += bool(_parts(folder))
        else:
            assert _parts(folder) == []  # a finished export removed what killed ones left
        if content == expected:  # put the previous export back, so the next kill has one to spare
            out.write_bytes(previous)

    result = run_driver(["export", str(project), str(out)], kill_after=None)
    assert out.read_bytes() == expected and _parts(folder) == []
    print(f"export: {kills} kills, {left_parts} left a temporary file", file=sys.stderr)
