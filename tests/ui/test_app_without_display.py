"""Regression (issue 11): `annotator app` with no display says so in one line and exits 1 (was a Qt core dump, exit 134)."""

import os
import subprocess
import sys
from pathlib import Path

from annotator.store import open_project

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_is_one_line_and_exit_1(tmp_path):
    project = tmp_path / "p.db"
    open_project(project).close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "annotator", "app", str(project)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: no display: ")
    assert "desktop session" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
