"""Bad project files for tests/store/test_bad_project_files_*.py: how to make them and how to prove them untouched."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from annotator.documents import Document, Span
from annotator.store import SCHEMA_VERSION, open_project

PAGE = 4096


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` by name -> content hash: equal snapshots mean nothing written or left beside."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def real_project(path: Path, *, documents: int = 120) -> Path:
    """A closed project of several pages: documents with accepted spans, one marked done."""
    with open_project(path) as store, store.transaction():
        for i in range(documents):
            doc = Document(f"Article {i}: Russian drones struck Odesa overnight. " * 8,
                           spans=[Span(0, 7 + len(str(i)), "EVENT", status="accepted")])
            doc_id = store.add_document(doc).doc_id
            if i == 0:
                store.update_document(doc_id, status="done")
    return path


def not_sqlite(path: Path) -> None:
    path.write_text("title,text\nA,B\n", encoding="utf-8")


def truncated(size: Callable[[int], int]) -> Callable[[Path], None]:
    """A real project cut to ``size(full size)`` bytes."""
    def make(path: Path) -> None:
        real_project(path)
        data = path.read_bytes()
        path.write_bytes(data[: size(len(data))])
    return make


def corrupted(seed: int) -> Callable[[Path], None]:
    """A real project with random bytes written over the start of a few of its pages (not the header page)."""
    def make(path: Path) -> None:
        real_project(path)
        data = bytearray(path.read_bytes())
        rng = random.Random(seed)
        for page in rng.sample(range(1, len(data) // PAGE), 3):
            offset = page * PAGE + rng.randrange(0, 16)
            data[offset : offset + 12] = rng.randbytes(12)
        path.write_bytes(bytes(data))
    return make


def newer(path: Path) -> None:
    """A project written by a later Annotator (higher user_version)."""
    real_project(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def one_line_error(stderr: str, path: Path) -> str:
    """The single message line a failed command printed last (after any progress bar); fails on a
    traceback, a second error or a message running over several lines."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [i for i, line in enumerate(lines) if line.startswith("error:")]
    assert len(errors) == 1 and errors[0] == len(lines) - 1, f"expected one error line, last:\n{stderr}"
    assert str(path) in lines[-1], lines[-1]
    return lines[-1]


def unprivileged() -> list[str] | None:
    """A command prefix under which a child really meets file permissions: [] when the tests do not run
    as root; as root (where chmod stops no write), ``setpriv`` dropping the capabilities that override
    permissions (the interpreter, often in root's 0700 home, stays readable, unlike with another uid);
    None when neither is possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def run_cli(prefix: list[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``annotator ARGS`` in a child process (as ``prefix`` says), with this checkout importable."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root), "HOME": str(cwd), "XDG_CONFIG_HOME": str(cwd / "config"),
           "XDG_DATA_HOME": str(cwd / "data")}
    return subprocess.run([*prefix, sys.executable, "-m", "annotator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
