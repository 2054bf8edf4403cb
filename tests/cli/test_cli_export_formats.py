"""`annotator export --format jsonl|brat|oneie`: each format where it belongs, clear errors elsewhere."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.exporters import FORMATS
from annotator.store import Store


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    status = main([str(a) for a in argv])
    return status, capsys.readouterr().err


def test_every_format_is_offered(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = capsys.readouterr().out
    for fmt in FORMATS.values():
        assert fmt.name in help_text and fmt.target in ("file", "folder")


def test_each_format_writes(project: Store, events_project, tmp_path: Path, capsys) -> None:
    db = project.path
    project.close()
    status, err = _run(capsys, "export", db, tmp_path / "out.jsonl", "--format", "jsonl")
    assert status == 0 and "1 documents written" in err
    status, err = _run(capsys, "export", db, tmp_path / "brat", "--format", "brat", "--status", "any")
    assert status == 0 and "2 documents written" in err
    assert len(list((tmp_path / "brat").glob("*.ann"))) == 2
    status, _ = _run(capsys, "export", db, tmp_path / "events.jsonl", "--format", "oneie", "--suggestions")
    assert status == 0
    triggers = {e["trigger"]["text"] for line in (tmp_path / "events.jsonl").read_bytes().splitlines()
                for e in orjson.loads(line)["event_mentions"]}
    assert triggers == {"struck", "meet", "attack"}  # --suggestions applies to every format


@pytest.mark.parametrize(("fmt", "target", "message"), [
    ("brat", "file", "is a file; brat export writes a folder"),
    ("brat", "foreign", "holds files this export did not write"),
    ("brat", "missing-parent", "no such folder"),
    ("oneie", "folder", "is a folder; --format oneie writes a file"),
    ("jsonl", "folder", "is a folder; --format jsonl writes a file"),
    ("oneie", "missing-parent", "no such folder"),
])
def test_wrong_targets_fail_with_a_message(project: Store, events_project, tmp_path: Path, capsys,
                                           fmt: str, target: str, message: str) -> None:
    db = project.path
    project.close()
    out = {"file": tmp_path / "x.txt", "foreign": tmp_path / "mine", "folder": tmp_path / "dir",
           "missing-parent": tmp_path / "nope" / "out"}[target]
    if target == "file":
        out.write_text("keep", encoding="utf-8")
    elif target in ("folder", "foreign"):
        out.mkdir()
        if target == "foreign":
            (out / "keep.txt").write_text("keep", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if not p.name.startswith("project.db"))
    status, err = _run(capsys, "export", db, out, "--format", fmt)
    assert status == 1 and err.startswith("error: ") and message in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if not p.name.startswith("project.db")) == before
