"""Regression (issue 11): with DISPLAY set but no window possible, `annotator app` names the cause in one line, exit 1.

Either the xcb platform plugin lacks libraries (they are named, with the apt-get command), or
no X server answers there; Qt itself printed several lines naming the wrong library and aborted.
"""

import os
import subprocess
import sys
from pathlib import Path

from annotator.store import open_project

ROOT = Path(__file__).resolve().parents[2]


def test_display_without_server_or_libraries(tmp_path):
    project = tmp_path / "p.db"
    open_project(project).close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(ROOT), DISPLAY=":93")  # nobody serves display 93 here
    done = subprocess.run([sys.executable, "-m", "annotator", "app", str(project)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith("error: ")
    if "xcb platform plugin needs" in line:
        assert "apt-get install lib" in line
    else:
        assert "cannot connect to the X server at DISPLAY=:93" in line
