"""After the window's own export ran and a terminal command read the project, the window's next saves
still reach the file: other processes see them, and quitting leaves a sound project (regression: the
export job's reopen dropped the window's locks, `annotator stats` then deleted the -wal and -shm the
window kept writing to, and "All changes saved" was shown for saves nobody else could see)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

ROOT = Path(__file__).resolve().parents[2]


def in_another_process(project: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of ``sql`` as a separate program reads them from the project file."""
    code = ("import sqlite3, sys, json; c = sqlite3.connect(sys.argv[1]); "
            "print(json.dumps(c.execute(sys.argv[2]).fetchall()))")
    done = subprocess.run([sys.executable, "-c", code, str(project), sql], capture_output=True, text=True,
                          timeout=60, check=True)
    import json

    return [tuple(row) for row in json.loads(done.stdout)]


def terminal(*args: str, cwd: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "annotator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def deleted_files_held(project: Path) -> list[str]:
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(project)) and target.endswith("(deleted)"):
            held.append(target)
    return held


def test_saves_after_in_app_export_and_terminal_stats(window, project, press, qtbot, tmp_path: Path) -> None:
    path = Path(project.path)
    window.export_to(tmp_path / "labels.jsonl")  # the window's own background job reopens the project
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    terminal("stats", str(path), cwd=tmp_path)  # a terminal command opens and closes it meanwhile

    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # accept the focused suggestion: saved at once
    accepted = project.conn.execute("SELECT id FROM spans WHERE status = 'accepted'").fetchall()
    assert len(accepted) == 1
    assert not deleted_files_held(path)
    assert in_another_process(path, "SELECT id FROM spans WHERE status = 'accepted'") == [tuple(accepted[0])]

    terminal("import", str(path), *[str(p) for p in _articles(tmp_path)], cwd=tmp_path)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)
    assert len(in_another_process(path, "SELECT id FROM spans WHERE status = 'accepted'")) == 2

    window.close()
    project.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT COUNT(*) FROM spans WHERE status = 'accepted'").fetchone()[0] == 2
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 5
    finally:
        conn.close()


def _articles(folder: Path) -> list[Path]:
    paths = []
    for n in range(3):
        p = folder / f"article-{n}.txt"
        p.write_text(f"Drones hit Sumy {n}\n\nOfficials said {n + 2} people were hurt.\n", encoding="utf-8")
        paths.append(p)
    return paths
