"""The window's process keeps every save while its own background jobs reopen the project and commands
run in other processes, and a SIGKILL of it afterwards loses nothing (regression: a job's file check
closed a plain descriptor of the project, which drops every SQLite lock the process holds, so the
next command to exit deleted the -wal and -shm the window still wrote to)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from killing import (
    APP_JOBS, DRIVER, ROOT, annotations_by_text, check_integrity, make_project, open_descriptors, sentence,
    state_digest, write_import_files,
)

SEED = 1111
CLI_COMMANDS = ("stats", "export", "import", "preannotate")


def cli(*args: str, cwd: Path) -> None:
    """``annotator ARGS`` in a process of its own, as a terminal runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(cwd / "config"),
           "XDG_DATA_HOME": str(cwd / "data")}
    done = subprocess.run([sys.executable, "-m", "annotator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"annotator {args[0]} failed:\n{done.stderr}"


def pending_project(path: Path, rng: random.Random) -> None:
    """Six pre-annotated documents to edit and two that still wait for pre-annotation."""
    make_project(path, [sentence(rng, i) for i in range(6)], suggestions=True)
    from annotator.documents import Document
    from annotator.store import open_project

    with open_project(path, create=False) as store, store.transaction():
        for i in range(6, 8):
            store.add_document(Document(sentence(rng, i)))


@pytest.mark.model
@pytest.mark.parametrize("command", CLI_COMMANDS)
@pytest.mark.parametrize("job", APP_JOBS)
def test_app_jobs_and_other_processes_then_kill(tmp_path: Path, job: str, command: str) -> None:
    rng = random.Random(f"{SEED}:{job}:{command}")
    project = tmp_path / "project.db"
    pending_project(project, rng)
    names = write_import_files(tmp_path / "terminal", files=2, seed=rng.randrange(1 << 30))
    terminal = {
        "stats": ["stats", str(project)],
        "export": ["export", str(project), str(tmp_path / "terminal.jsonl"), "--status", "any"],
        "import": ["import", str(project), *(str(tmp_path / "terminal" / n) for n in names)],
        "preannotate": ["preannotate", str(project)],
    }[command]
    app = subprocess.Popen([sys.executable, str(DRIVER), "app", str(project), str(SEED), job, str(tmp_path)],
                           cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    assert app.stdin is not None and app.stdout is not None
    acked: list[str] = []
    try:
        for line in app.stdout:
            if line.startswith("ACK "):
                acked.append(line[4:].strip())
            elif line.strip() == "WAIT":  # the in-app job has run and closed its connection
                cli(*terminal, cwd=tmp_path)
                app.stdin.write("go\n")
                app.stdin.flush()
            elif line.strip() == "IDLE":
                break
        else:
            pytest.fail(f"the app's process ended early:\n{app.communicate(timeout=30)[1]}")
        # The window's process still writes to the files in the folder, not to deleted ones.
        assert not [f for f in open_descriptors(app.pid, project) if f.endswith("(deleted)")]
        seen_elsewhere = state_digest(project)
    finally:
        app.send_signal(signal.SIGKILL)
        app.communicate(timeout=30)
    last_steps, last_digest = acked[-1].split()
    assert len(acked) == 10
    assert seen_elsewhere == (int(last_steps), last_digest)  # another process saw every save at once
    check_integrity(project)
    assert state_digest(project) == (int(last_steps), last_digest)  # and the kill lost none
    if command == "import":  # what the terminal imported meanwhile is kept too
        stored = "".join(annotations_by_text(project))
        assert all(text.strip() in stored for texts in names.values() for text in texts)
