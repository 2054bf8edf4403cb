"""`annotator train` refuses what it cannot do with a one-line error, and writes nothing then."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import Store

TEXT = "Russian forces fired a Kalibr missile at Odesa on Monday."


def _train(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    status = main(["train", *(str(a) for a in argv)])
    return status, capsys.readouterr().err


def _left_alone(tmp_path: Path, before: set[str]) -> bool:
    return {p.name for p in tmp_path.iterdir()} == before


def test_no_done_document(project: Store, add_reviewed: Callable[..., int], tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    add_reviewed(TEXT, ("Odesa", "GPE"), status="in_progress")
    before = {p.name for p in tmp_path.iterdir()}
    status, err = _train(capsys, project.path, tmp_path / "model")
    assert status == 1
    assert "No document is marked done" in err and len(err.strip().splitlines()) == 1
    assert _left_alone(tmp_path, before)


def test_too_few_documents_to_hold_out(project: Store, add_reviewed: Callable[..., int], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    add_reviewed(TEXT, ("Odesa", "GPE"))
    add_reviewed("Drones hit Kyiv.", ("Kyiv", "GPE"))
    before = {p.name for p in tmp_path.iterdir()}
    status, err = _train(capsys, project.path, tmp_path / "model", "--eval-split", "0.2")
    assert status == 1
    assert "2 done documents are too few to hold out 20%" in err and "--eval-split 0" in err
    assert _left_alone(tmp_path, before)
    status, err = _train(capsys, project.path, tmp_path / "model", "--eval-split", "1")
    assert status == 1 and "--eval-split 1.0" in err


def test_unknown_base_model(project: Store, add_reviewed: Callable[..., int], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    add_reviewed(TEXT, ("Odesa", "GPE"))
    before = {p.name for p in tmp_path.iterdir()}
    status, err = _train(capsys, project.path, tmp_path / "model", "--eval-split", "0",
                         "--base", "no_such_model_xx")
    assert status == 1
    assert "--base" in err and "no_such_model_xx" in err
    assert _left_alone(tmp_path, before)


def test_existing_model_folder_is_not_overwritten(project: Store, add_reviewed: Callable[..., int],
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_reviewed(TEXT, ("Odesa", "GPE"))
    out_dir = tmp_path / "model"
    out_dir.mkdir()
    (out_dir / "meta.json").write_text("{}", encoding="utf-8")
    status, err = _train(capsys, project.path, out_dir, "--eval-split", "0")
    assert status == 1
    assert "model is not empty" in err and "--force" in err
    assert [p.name for p in out_dir.iterdir()] == ["meta.json"]
    a_file = tmp_path / "model.txt"
    a_file.write_text("x", encoding="utf-8")
    status, err = _train(capsys, project.path, a_file, "--eval-split", "0", "--force")
    assert status == 1 and "is a file" in err
    assert a_file.read_text(encoding="utf-8") == "x"


def test_missing_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _train(capsys, tmp_path / "nope.db", tmp_path / "model")
    assert status == 1 and "nope.db" in err
    assert not (tmp_path / "nope.db").exists() and not (tmp_path / "model").exists()
