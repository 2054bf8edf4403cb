"""Regression (issue 11): Ctrl+Q quits even while a notice (e.g. "Pre-annotation failed") shows.

The notice was window-modal, so the window's Ctrl+Q did nothing until it was closed.
"""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def test_ctrl_q_with_a_notice_open(window, qtbot):
    notice = window.notify("Pre-annotation failed", "Cannot load the spaCy model 'en_core_web_sm'.")
    qtbot.waitExposed(notice)
    notice.activateWindow()
    QTest.keyClick(notice, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.closed and not window.isVisible()
