"""`--split`: train/dev/test parts by document, the same for the same seed, written all or nothing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.store import Store
from export_data import add_labelled_documents


def _ids(path: Path) -> list[int]:
    return [orjson.loads(line)["meta"]["id"] for line in path.read_bytes().splitlines()]


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if "project.db" not in p.name)


@pytest.fixture
def db(project: Store) -> Path:
    add_labelled_documents(project, 40, seed=3)
    path = project.path
    project.close()
    return path


def test_parts_cover_every_document_once_and_repeat_with_the_seed(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "split"
    assert main(["export", str(db), str(out), "--split", "0.6,0.2,0.2", "--seed", "5"]) == 0
    parts = {name: _ids(out / f"{name}.jsonl") for name in ("train", "dev", "test")}
    every = [i for ids in parts.values() for i in ids]
    assert len(every) == len(set(every)) == 40 and sorted(every) == list(range(1, 41))
    assert [len(ids) for ids in parts.values()] == [24, 8, 8]
    assert main(["export", str(db), str(out), "--split", "0.6,0.2,0.2", "--seed", "5"]) == 0  # replaces itself
    assert {name: _ids(out / f"{name}.jsonl") for name in parts} == parts
    other = tmp_path / "other"
    assert main(["export", str(db), str(other), "--split", "0.6,0.2,0.2", "--seed", "6"]) == 0
    assert _ids(other / "train.jsonl") != parts["train"]
    assert "40 documents written" in capsys.readouterr().err


def test_folder_formats_get_a_subfolder_per_part(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert main(["export", str(db), str(out), "--format", "brat", "--split", "0.5,0.5"]) == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["dev", "train"]
    assert len(list((out / "train").glob("*.ann"))) + len(list((out / "dev").glob("*.ann"))) == 40
    conll = tmp_path / "conll"
    assert main(["export", str(db), str(conll), "--format", "conll", "--split", "0.8,0.1,0.1"]) == 0
    counts = [(conll / f"{n}.conll").read_text(encoding="utf-8").count("-DOCSTART-") for n in ("train", "dev", "test")]
    assert counts == [32, 4, 4]


@pytest.mark.parametrize(("argv", "message"), [
    (["--split", "0.8,0.3"], "must be 0 or more and add up to 1"),
    (["--split", "train"], "give two or three fractions"),
    (["--split", "0.5,0.5", "--format", "spacy"], "is a file; --split writes a folder"),
    (["--seed", "3"], "give --split as well"),
])
def test_bad_split_writes_nothing(db: Path, tmp_path: Path, capsys, argv: list[str], message: str) -> None:
    out = tmp_path / "out"
    out.write_text("keep", encoding="utf-8")
    before = _tree(tmp_path)
    assert main(["export", str(db), str(out), *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert _tree(tmp_path) == before and out.read_text(encoding="utf-8") == "keep"


def test_failing_part_leaves_nothing(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from annotator.exporters import doccano

    calls = []

    def record(doc):  # noqa: ANN001, ANN202
        calls.append(doc)
        if len(calls) > 35:  # well into the last part
            raise OSError(28, "No space left on device")
        return {"text": doc.text}

    monkeypatch.setattr(doccano, "doccano_record", record)
    before = _tree(tmp_path)
    assert main(["export", str(db), str(tmp_path / "split"), "--format", "doccano", "--split", "0.8,0.2"]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert _tree(tmp_path) == before
