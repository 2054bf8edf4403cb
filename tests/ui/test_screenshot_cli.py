"""`annotator` with no project opens the sample project; --screenshot saves the window as a PNG."""

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from annotator.store import open_project

pytestmark = pytest.mark.model


def test_default_project_screenshot(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "app", "--screenshot", str(out)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull() and image.width() > 800 and image.height() > 500
    project = tmp_path / "data" / "annotator" / "default-project.db"
    with open_project(project, create=False) as store:
        stats = store.stats()
        assert sum(stats["documents"].values()) == 5
        assert store.count_pending_preannotation() == 0  # pre-annotated before the shot
        assert stats["spans"]["WEAPON"]["suggested"] > 0


def test_screenshot_of_missing_project_fails_clearly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "app", str(tmp_path / "nope.db"), "--screenshot", str(tmp_path / "x.png")],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "no such project" in result.stderr
    assert not (tmp_path / "x.png").exists()
