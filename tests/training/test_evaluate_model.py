"""`annotator evaluate` scores a model's mapped entities against the accepted spans of done documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.documents import Span
from annotator.store import Store

AGREED = "Volodymyr Zelensky met Emmanuel Macron in Paris on Friday."
CORRECTED = "Russian drones struck Odesa on Monday, the Ukrainian air force said."


def _model_spans(nlp, text: str, schema_names: list[str]) -> list[tuple[str, str]]:  # noqa: ANN001
    """(phrase, label) of the model's own entities whose label the project's schema has."""
    return [(e.text, e.label_) for e in nlp(text).ents if e.label_ in schema_names]


@pytest.mark.model
def test_per_label_and_micro_scores(project: Store, add_reviewed: Callable[..., int], nlp,  # noqa: ANN001
                                    capsys: pytest.CaptureFixture[str]) -> None:
    names = project.schema.names
    agreed = _model_spans(nlp, AGREED, names)
    corrected = _model_spans(nlp, CORRECTED, names)
    assert agreed and len(corrected) >= 2
    # The analyst accepted every entity of the first document; in the second one they dropped the
    # model's first entity (a false positive now) and added a weapon it cannot know (a false negative).
    add_reviewed(AGREED, *agreed)
    weapon = ("drones", "WEAPON")
    doc = add_reviewed(CORRECTED, *corrected[1:], weapon)
    with project.transaction():  # rejected spans and unfinished documents are not gold
        project.insert_spans(doc, [Span(0, 7, "ORG", status="rejected")])
    add_reviewed("Kyiv was shelled again.", ("shelled", "WEAPON"), status="in_progress")
    dropped = corrected[0][1]

    status = main(["evaluate", str(project.path), "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    result = json.loads(captured.out)
    n_gold = len(agreed) + len(corrected)  # minus the dropped one, plus the weapon
    assert result["documents"] == 2
    assert result["overall"]["tp"] == n_gold - 1
    assert (result["overall"]["fp"], result["overall"]["fn"]) == (1, 1)
    assert result["overall"]["f1"] == pytest.approx((n_gold - 1) / n_gold, abs=1e-4)
    assert result["per_label"]["WEAPON"] == {"tp": 0, "fp": 0, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["per_label"][dropped]["fp"] == 1
    for label in {label for _, label in agreed} - {dropped}:
        assert result["per_label"][label]["fn"] == 0 and result["per_label"][label]["fp"] == 0

    status = main(["evaluate", str(project.path)])
    table = capsys.readouterr().out
    assert status == 0
    assert "WEAPON" in table and "all (micro)" in table
    assert f"{result['overall']['f1']:.3f}" in table


def test_no_done_document_is_an_error(project: Store, add_reviewed: Callable[..., int],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    add_reviewed(AGREED, ("Paris", "GPE"), status="in_progress")
    status = main(["evaluate", str(project.path), "--json"])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    assert "No done document" in captured.err


def test_held_out_needs_a_trained_model(project: Store, add_reviewed: Callable[..., int], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    add_reviewed(AGREED, ("Paris", "GPE"))
    status = main(["evaluate", str(project.path), "--model", str(tmp_path), "--split", "held-out"])
    err = capsys.readouterr().err
    assert status == 1 and "was not trained by `annotator train`" in err


def test_damaged_training_figures_are_one_line(project: Store, add_reviewed: Callable[..., int], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    add_reviewed(AGREED, ("Paris", "GPE"))
    (tmp_path / "annotator-training.json").write_text("{", encoding="utf-8")  # before: a JSONDecodeError traceback
    status = main(["evaluate", str(project.path), "--model", str(tmp_path), "--split", "held-out"])
    err = capsys.readouterr().err
    assert status == 1 and "annotator-training.json: cannot be read" in err and "Traceback" not in err
