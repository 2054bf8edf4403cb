"""`--labels` and `--annotator` choose what goes out in every format; unknown names are refused, nothing written."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.exporters import FORMATS
from annotator.store import Store
from export_data import add_labelled_documents


def _lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_labels_keep_only_those_spans_and_their_arguments(project: Store, events_project: dict[str, int],
                                                          tmp_path: Path) -> None:
    db = project.path
    project.close()
    out = tmp_path / "labels.jsonl"
    assert main(["export", str(db), str(out), "--labels", "GPE, PERSON"]) == 0
    (record,) = _lines(out)
    assert {s["label"] for s in record["spans"]} == {"GPE", "PERSON"}
    span_ids = {s["id"] for s in record["spans"]}
    attack = next(e for e in record["events"] if e["trigger"]["text"] == "struck")
    assert [(a["role"], a["text"]) for a in attack["arguments"]] == [("Target", "Kyiv"), ("Source", "officials")]
    # every argument points at an exported span, or at a nominal filler left out of spans
    assert all(a["span_id"] in span_ids or a["kind"] == "nominal" for e in record["events"] for a in e["arguments"])

    conll = tmp_path / "labels.conll"
    assert main(["export", str(db), str(conll), "--format", "conll", "--labels", "WEAPON"]) == 0
    tags = {line.split(" ")[-1] for line in conll.read_text(encoding="utf-8").splitlines() if line}
    assert tags == {"O", "B-WEAPON"}
    brat = tmp_path / "brat"
    assert main(["export", str(db), str(brat), "--format", "brat", "--labels", "NORP"]) == 0
    (ann,) = brat.glob("*.ann")
    assert [line.split("\t")[1].split(" ")[0] for line in ann.read_text(encoding="utf-8").splitlines()
            if line.startswith("T") and "Russian" in line] == ["NORP"]
    assert "GPE" not in ann.read_text(encoding="utf-8")


def test_annotator_keeps_only_their_documents(project: Store, tmp_path: Path) -> None:
    ids = add_labelled_documents(project, 9, seed=1, annotators=("ana", "bo", "cy"))
    db = project.path
    project.close()
    out = tmp_path / "bo.jsonl"
    assert main(["export", str(db), str(out), "--annotator", "bo"]) == 0
    records = _lines(out)
    assert [r["meta"]["id"] for r in records] == ids[1::3]
    assert {r["_annotator_id"] for r in records} == {"bo"}
    doccano = tmp_path / "bo.doccano.jsonl"
    assert main(["export", str(db), str(doccano), "--format", "doccano", "--annotator", "bo"]) == 0
    assert [r["meta"]["annotator"] for r in _lines(doccano)] == ["bo"] * 3


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize(("argv", "message"), [
    (["--labels", "GPE,PLACE"], "unknown label PLACE; the project's labels are CARDINAL, DATE,"),
    (["--annotator", "zoe"], "no document was last edited by 'zoe'; annotators in this project: ana"),
])
def test_unknown_names_are_refused(project: Store, events_project: dict[str, int], tmp_path: Path, capsys,
                                   fmt: str, argv: list[str], message: str) -> None:
    db = project.path
    project.close()
    before = sorted(tmp_path.iterdir())
    assert main(["export", str(db), str(tmp_path / "out"), "--format", fmt, *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert sorted(tmp_path.iterdir()) == before
