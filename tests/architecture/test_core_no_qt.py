"""The core never imports Qt: the CLI and the exporters run on machines without a display."""

from __future__ import annotations

import subprocess
import sys

# Every module of the core, found by walking the package (no hand-kept list to forget one in).
IMPORT_ALL = (
    "import importlib, pkgutil, sys, annotator\n"
    "names = [m.name for m in pkgutil.walk_packages(annotator.__path__, 'annotator.')]\n"
    "assert len(names) > 40, names\n"
    "for name in names:\n"
    "    importlib.import_module(name)\n"
    "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
    "assert not qt, qt\n"
)


def test_core_modules_import_without_pyside6() -> None:
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_cli_help_runs_without_qt() -> None:
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "import" in result.stdout and "export" in result.stdout
