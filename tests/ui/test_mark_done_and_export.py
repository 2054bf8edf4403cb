"""Ctrl+D marks a document done (asking about suggestions left); the JSONL export then holds its accepted spans."""

import orjson
from PySide6.QtCore import Qt

from annotator.cli import main


def test_correct_mark_done_export(window, project, press, tmp_path, answer_unreviewed):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # Russian NORP
    press(Qt.Key.Key_3)  # Kyiv -> GPE
    press(Qt.Key.Key_X)  # Monday rejected
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    answer_unreviewed("leave")  # Zelensky left unreviewed, knowingly
    assert project.summary(1).status == "done"
    assert window.doc_model.data(window.doc_model.index(0, 0)) == "done"
    assert window.status_bar.done_label.text().startswith("1 of 2 done")
    out = tmp_path / "labels.jsonl"
    assert main(["export", str(project.path), str(out)]) == 0
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(records) == 1
    spans = [(s["text"], s["label"]) for s in records[0]["spans"]]
    assert spans == [("Russian", "NORP"), ("Kyiv", "GPE")]
    assert records[0]["answer"] == "accept"
    assert records[0]["_annotator_id"] == "tester"


def test_ctrl_d_again_reopens(window, project, press, answer_unreviewed):
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    answer_unreviewed("leave")
    assert project.summary(1).status == "done"
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert project.summary(1).status == "in_progress"
