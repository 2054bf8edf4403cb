"""Regression (issue 11): Ctrl+D with suggestions left unreviewed asks first (they would export as "no entity").

It used to mark the document done at once, dozens of suggestions unreviewed, without a word.
"""

import orjson
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from annotator.cli import main


def the_dialog(window, qtbot) -> QDialog:
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "unreviewed_dialog")))
    dialog = next(d for d in window.findChildren(QDialog, "unreviewed_dialog") if d.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_ctrl_d_asks_and_the_answer_is_kept(window, project, press, qtbot, spans_of, tmp_path):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # Russian accepted; Kyiv, Monday, Zelensky left
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = the_dialog(window, qtbot)
    assert "3 suggestions are not reviewed" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert project.summary(1).status == "in_progress"  # nothing happens before the answer
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # cancel: still nothing
    assert not dialog.isVisible()
    assert project.summary(1).status == "in_progress"

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = the_dialog(window, qtbot)
    for _ in range(8):  # Tab to "Reject them", then Space, as a keyboard user does
        if QApplication.focusWidget() is dialog.buttons["reject"]:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.buttons["reject"]
    QTest.keyClick(dialog.buttons["reject"], Qt.Key.Key_Space)
    assert not dialog.isVisible()
    assert project.summary(1).status == "done"
    assert [s[2] for s in spans_of(project, 1)] == ["accepted", "rejected", "rejected", "rejected"]
    out = tmp_path / "labels.jsonl"
    assert main(["export", str(project.path), str(out)]) == 0
    [record] = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [(s["text"], s["label"]) for s in record["spans"]] == [("Russian", "NORP")]

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo: back as before, not done
    assert project.summary(1).status == "in_progress"
    assert [s[2] for s in spans_of(project, 1)] == ["accepted", "suggested", "suggested", "suggested"]
