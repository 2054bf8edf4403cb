"""The architecture contracts in pyproject.toml hold: `lint-imports` (import-linter) finds none broken.

The core never imports Qt or the window (but for its two doors to it), the layers (ui -> editing
-> store -> model) are kept, the store imports nothing built on it, no importer imports an
exporter, and the importer modules import each other without cycles. CI runs `lint-imports`
too; this test makes plain `pytest` catch a broken contract. It checks this checkout (put first
on the path), not whichever copy of the package is installed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = (
    "The core never imports Qt or the window",
    "Layers: ui -> editing -> store -> model",
    "The store never imports what is built on it",
    "Importers never import exporters",
    "No import cycles among the importer modules",
    "The window is built on its controllers, never the other way",
    "The views never import the controllers or the window",
    "No import cycles among the window's modules",
)


@pytest.mark.skipif(importlib.util.find_spec("importlinter") is None,
                    reason="import-linter is not installed (pip install -e \".[test]\")")
def test_no_architecture_contract_is_broken() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
         "--no-cache", "--no-logo"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACTS:
        assert f"{name} KEPT" in result.stdout, result.stdout
