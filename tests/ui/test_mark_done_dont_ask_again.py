"""Issue 11: "Don't ask again" in the unreviewed-suggestions dialog is remembered in the settings and applied from then on."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from ui.settings import AppSettings, SettingsDialog


def test_dont_ask_again_is_remembered(window, project, press, qtbot, spans_of):
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "unreviewed_dialog")))
    dialog = next(d for d in window.findChildren(QDialog, "unreviewed_dialog") if d.isVisible())
    dialog.remember.setChecked(True)
    dialog.buttons["accept"].click()
    assert project.summary(1).status == "done"
    assert {s[2] for s in spans_of(project, 1)} == {"accepted"}
    assert AppSettings().unreviewed == "accept"  # in the settings file, for the next runs too

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(Qt.Key.Key_PageDown)  # Geneva talks: two suggestions
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not any(d.isVisible() for d in window.findChildren(QDialog, "unreviewed_dialog"))  # not asked again
    assert project.summary(2).status == "done"
    assert {s[2] for s in spans_of(project, 2)} == {"accepted"}

    settings = SettingsDialog(window.settings, annotator=window.annotator, parent=window)  # where to undo the choice
    qtbot.addWidget(settings)
    assert settings.unreviewed_box.currentData() == "accept"
    settings.unreviewed_box.setCurrentIndex(settings.unreviewed_box.findData("ask"))
    settings.accept()
    assert AppSettings().unreviewed == "ask"
