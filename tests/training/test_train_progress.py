"""`annotator train` reports progress while the base model labels the rehearsal documents, not only per epoch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.store import Store
from annotator.training import TrainOptions, train


@pytest.mark.model
def test_rehearsal_is_counted_document_by_document(project: Store, add_reviewed: Callable[..., int],
                                                   tmp_path: Path) -> None:
    add_reviewed("Russian forces fired a Kalibr missile at Odesa.", ("Kalibr missile", "WEAPON"), ("Odesa", "GPE"))
    add_reviewed("Ukraine shot down 12 Shahed drones over Kyiv.", ("Shahed drones", "WEAPON"), ("Kyiv", "GPE"))
    for n in range(3):
        add_reviewed(f"Iran fired drones at Haifa on day {n}, officials in Jerusalem said.", status="new")
    steps: list[tuple[str, int, int]] = []

    report = train(project, tmp_path / "model", TrainOptions(epochs=1, eval_split=0, rehearse=1.0),
                   on_step=lambda what, done, total: steps.append((what, done, total)))

    assert report.documents["rehearsal"] == 2
    # before: nothing between loading the model and the first epoch, however many documents
    assert [s for s in steps if s[0].startswith("rehearsal")] == [("rehearsal (base model)", 1, 2),
                                                                   ("rehearsal (base model)", 2, 2)]
