"""`annotator train` fine-tunes the model on done documents; `preannotate --model OUT_DIR` then uses it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import Store

DONE = [
    ("Russian forces fired a Kalibr missile at Odesa on Monday.",
     ("Russian", "NORP"), ("Kalibr missile", "WEAPON"), ("Odesa", "GPE"), ("Monday", "DATE")),
    ("Ukraine shot down 12 Shahed drones over Kyiv overnight.",
     ("Ukraine", "GPE"), ("12", "CARDINAL"), ("Shahed drones", "WEAPON"), ("Kyiv", "GPE")),
    ("Hamas fired rockets at Tel Aviv, the Israeli military said.",
     ("Hamas", "ORG"), ("rockets", "WEAPON"), ("Tel Aviv", "GPE"), ("Israeli", "NORP")),
    ("A Storm Shadow missile hit Sevastopol, Andriy Yermak said on Friday.",
     ("Storm Shadow missile", "WEAPON"), ("Sevastopol", "GPE"), ("Andriy Yermak", "PERSON"), ("Friday", "DATE")),
    ("The Houthis launched a ballistic missile toward Eilat on Sunday.",
     ("Houthis", "ORG"), ("ballistic missile", "WEAPON"), ("Eilat", "GPE"), ("Sunday", "DATE")),
    ("Shahed drones and a Kalibr missile struck Lviv, Maksym Kozytskyi said.",
     ("Shahed drones", "WEAPON"), ("Kalibr missile", "WEAPON"), ("Lviv", "GPE"), ("Maksym Kozytskyi", "PERSON")),
]
UNREVIEWED = "Iran fired Shahed drones at Haifa on Tuesday, officials in Jerusalem said."


@pytest.mark.model
def test_train_saves_a_model_that_preannotate_uses(
    project: Store, add_reviewed: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    ids = [add_reviewed(text, *gold) for text, *gold in DONE]
    unreviewed = add_reviewed(UNREVIEWED, status="new")
    db, out_dir = project.path, tmp_path / "model"

    status = main(["train", str(db), str(out_dir), "--epochs", "2", "--eval-split", "0.34", "--seed", "3",
                   "--rehearse", "1"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    for epoch in (0, 1, 2):  # epoch 0 is the base model, so the user sees the gain
        assert f"epoch {epoch:>2}" in captured.out + captured.err
    assert "held-out  P " in captured.out + captured.err

    import spacy

    trained = spacy.load(out_dir)
    assert "WEAPON" in trained.get_pipe("ner").labels
    assert "PERSON" in trained.get_pipe("ner").labels  # what the base knew is still there

    figures = json.loads((out_dir / "annotator-training.json").read_text(encoding="utf-8"))
    assert figures["seed"] == 3
    assert figures["new_labels"] == ["WEAPON"]
    assert figures["documents"] == {"done": 6, "train": 4, "held_out": 2, "rehearsal": 1}
    assert set(figures["held_out_ids"]) < set(ids)
    assert [e["epoch"] for e in figures["epochs"]] == [0, 1, 2]
    assert figures["epochs"][0]["loss"] is None and figures["epochs"][2]["loss"] > 0
    assert set(figures["epochs"][0]["held_out"]) == {"overall", "per_label"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".model")]  # no temp folder left

    status = main(["evaluate", str(db), "--model", str(out_dir), "--split", "held-out", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert status == 0
    assert result["documents"] == 2
    assert result["overall"] == figures["epochs"][-1]["held_out"]["overall"]  # the same figures both ways

    status = main(["preannotate", str(db), "--model", str(out_dir)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "_trained-" in captured.err  # suggestions are recorded with the trained model's name
    assert project.document_row(unreviewed)["preannotated_with"].startswith(trained.meta["lang"] + "_")
    labels = {s.label for s in project.spans(unreviewed)}
    assert labels and labels <= set(project.schema.names)


@pytest.mark.model
def test_force_replaces_an_existing_model(
    project: Store, add_reviewed: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    for text, *gold in DONE[:3]:
        add_reviewed(text, *gold)
    out_dir = tmp_path / "model"
    out_dir.mkdir()
    (out_dir / "old.txt").write_text("an earlier model", encoding="utf-8")

    status = main(["train", str(project.path), str(out_dir), "--epochs", "1", "--eval-split", "0", "--force"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert not (out_dir / "old.txt").exists()
    figures = json.loads((out_dir / "annotator-training.json").read_text(encoding="utf-8"))
    assert figures["documents"]["held_out"] == 0 and figures["epochs"][1]["held_out"] is None
    assert "no held-out documents" in captured.out + captured.err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "project.db" and "project.db" not in p.name) == ["model"]
