"""Messages print user text as it is: a path or value with ``:name:`` in it is not turned into an emoji
(regression: rich's emoji codes made "local:x:" print as "local❌")."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main


def test_a_path_with_colon_codes_prints_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "notes:x:smile:.db"
    project.write_text("not a project at all, just notes\n" * 40, encoding="utf-8")
    assert main(["stats", str(project)]) == 1
    err = capsys.readouterr().err
    assert "notes:x:smile:.db" in err
    assert "\N{CROSS MARK}" not in err and "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in err
