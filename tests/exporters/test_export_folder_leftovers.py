"""A folder export (brat, --split, a trained model) killed half-way leaves a hidden folder beside its
target; the next export to that target removes it, but never the files of one still running."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

from annotator.cli import main
from annotator.documents import Document
from annotator.store import Store

KILLED_WRITER = """
import sys, time
from pathlib import Path
from annotator.exporters.atomic import atomic_folder
with atomic_folder(Path(sys.argv[1])) as tmp:
    (tmp / "half.ann").write_text("T1\\tGPE 0 4\\tKyiv")
    print("writing", flush=True)
    time.sleep(60)
"""


def _project(project: Store) -> Path:
    with project.transaction():
        doc_id = project.add_document(Document("Kyiv was hit.", title="t")).doc_id
        project.update_document(doc_id, status="done")
    path = project.path
    project.close()
    return path


def _hidden(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_the_next_export_removes_what_a_killed_one_left(project: Store, tmp_path: Path) -> None:
    db = _project(project)
    out = tmp_path / "exports" / "brat"
    out.parent.mkdir()
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(out)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert _hidden(out.parent)  # the half-written folder and its lock file are there

    assert main(["export", str(db), str(out), "--format", "brat"]) == 0
    assert _hidden(out.parent) == []
    assert any(name.endswith(".ann") for name in os.listdir(out))


def test_a_running_export_is_left_alone(project: Store, tmp_path: Path) -> None:
    db = _project(project)
    out = tmp_path / "brat"
    running = tmp_path / ".brat.0123456789abcdef.part"
    running.mkdir()
    lock = tmp_path / ".brat.0123456789abcdef.lock"
    with open(lock, "w") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the running export holds it
        assert main(["export", str(db), str(out), "--format", "brat"]) == 0
        assert running.is_dir() and lock.exists()
