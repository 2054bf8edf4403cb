"""The core never imports Qt: the CLI and the exporters run on machines without a display."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "annotator", "annotator.cli", "annotator.store", "annotator.importers", "annotator.preannotate",
    "annotator.exporters.jsonl", "annotator.commands", "annotator.textpos", "annotator.tokens",
    "annotator.schema", "annotator.samples", "annotator.rules", "annotator.events", "annotator.evaluate",
    "annotator.about", "annotator.selftest",
]


def test_core_modules_import_without_pyside6() -> None:
    code = (
        f"import {', '.join(CORE)}; import sys; "
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')));"
        "assert not qt, qt"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
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
