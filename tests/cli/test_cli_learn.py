"""`annotator learn` trains when enough documents are done, `annotator stats` lists the models, `--use N` goes back."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from annotator.cli import main
from annotator.store import Store
from learning_data import fill

TINY = ["--epochs", "2", "--eval-split", "0.34", "--seed", "1", "--rehearse", "0.5"]


@pytest.mark.model
def test_learn_from_the_command_line(
    project: Store, add_reviewed: Callable[..., int], add_suggested: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, new = fill(add_reviewed, add_suggested)
    db = str(project.path)

    assert main(["learn", db, *TINY]) == 0  # 6 done, 10 needed: nothing trained
    assert "No model due: 6 of 10 documents" in capsys.readouterr().err
    assert project.models() == []

    assert main(["learn", db, "--every", "5", *TINY]) == 0
    err = capsys.readouterr().err
    assert "Model 1, trained on " in err and "3 documents re-suggested" in err
    assert project.get_setting("learn_every") == 5  # the setting stays with the project

    assert main(["stats", db]) == 0
    out = capsys.readouterr().out
    assert "Models (learned from done documents)" in out
    assert main(["stats", db, "--json"]) == 0
    (model,) = json.loads(capsys.readouterr().out)["models"]
    assert model["id"] == 1 and model["in_use"] and model["adopted"] and model["seed"] == 1
    assert model["path"] == "project-models/model-1"

    assert main(["learn", db, "--use", "0"]) == 0
    assert "Model in use: the base model; 3 documents re-suggested." in capsys.readouterr().err
    assert all("learned" not in project.document_row(i)["preannotated_with"] for i in new)
    assert main(["learn", db, "--use", "1"]) == 0
    assert "Model in use: model 1; 3 documents re-suggested." in capsys.readouterr().err

    assert main(["learn", db, "--use", "4"]) == 1
    assert "no model 4" in capsys.readouterr().err
