"""An import killed (SIGKILL) at any moment keeps every file it acknowledged, never half a file or half a
document, and a re-run adds exactly what is missing: each document once."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from annotator.importers import import_paths
from annotator.store import open_project
from killing import (
    Run, annotations_by_text, check_integrity, kill_repeatedly, run_command, run_driver, write_import_files,
)

SEED = 20240607
KILLS = 14  # of the driver, which commits every 3 documents
CLI_KILLS = 6  # of the real `annotator import` (default batching)


class Expected:
    """What a clean import of a folder stores (by text), and the texts of each file."""

    def __init__(self, folder: Path, files: dict[str, list[str]], tmp_path: Path) -> None:
        reference = tmp_path / "reference.db"
        with open_project(reference) as store:
            import_paths(store, [folder])
        self.documents = annotations_by_text(reference)
        self.files = files
        self.acked: set[str] = set()

    def check(self, project: Path, result: Run) -> None:
        """After a kill: whole, nothing acknowledged lost, no file or document half there, none twice."""
        self.acked.update(result.acks)
        if not project.exists():
            return
        check_integrity(project)
        found = annotations_by_text(project)
        for text, stored in found.items():
            assert stored == self.documents[text], f"stored twice or with other annotations: {text!r}"
        for name, texts in self.files.items():
            present = [t in found for t in texts]
            assert all(present) or not any(present), f"{name} is half imported"
            assert name not in self.acked or all(present), f"{name} was acknowledged but is missing"

    def complete(self, project: Path) -> None:
        """After a run that got through: every document exactly once, as a clean import stores it."""
        check_integrity(project)
        assert annotations_by_text(project) == self.documents
        self.acked.clear()


def test_import_killed_at_random_moments(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = Expected(folder, write_import_files(folder, files=45, seed=SEED), tmp_path)

    def run(project: Path, delay: float | None) -> Run:
        return run_driver(["import", str(project), "3", str(folder)], kill_after=delay)

    kills = kill_repeatedly(fresh=lambda n: tmp_path / f"p{n}.db", run=run, check=expected.check,
                            complete=expected.complete, kills=KILLS, rng=random.Random(SEED))
    print(f"import driver: {kills} kills", file=sys.stderr)


def test_cli_import_killed_at_random_moments(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = Expected(folder, write_import_files(folder, files=45, seed=SEED + 1), tmp_path)

    def run(project: Path, delay: float | None) -> Run:
        return run_command([sys.executable, "-m", "annotator", "import", str(project), str(folder)], kill_after=delay)

    kills = kill_repeatedly(fresh=lambda n: tmp_path / f"cli{n}.db", run=run, check=expected.check,
                            complete=expected.complete, kills=CLI_KILLS, rng=random.Random(SEED + 1))
    print(f"import command: {kills} kills", file=sys.stderr)
