"""ANNOTATOR_STARTUP_TIMES=1 prints when the window shows and the model is loaded (the README's start-up figures)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.model
def test_startup_times_are_printed_window_first(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               QT_QPA_PLATFORM="offscreen", ANNOTATOR_STARTUP_TIMES="1")
    result = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "app", "--screenshot", str(tmp_path / "shot.png")],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    window = re.search(r"^startup: window shown after (\d+\.\d\d) s$", result.stderr, re.M)
    model = re.search(r"^startup: model \S+ loaded after (\d+\.\d\d) s$", result.stderr, re.M)
    assert window and model, result.stderr
    assert 0 < float(window.group(1)) < float(model.group(1))  # the model loads in the background
