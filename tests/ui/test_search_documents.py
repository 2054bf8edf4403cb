"""Ctrl+F searches the document list; typing there never triggers single-key actions."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def test_ctrl_f_search_filters_and_enter_opens(window, project, press, spans_of, qtbot):
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.search_box
    QTest.keyClicks(window.search_box, "geneva agree")  # letters that are also action keys
    qtbot.waitUntil(lambda: [r.title for r in window.doc_model.rows] == ["Geneva talks"])
    assert {s[2] for s in spans_of(project, 1)} == {"suggested"}  # no "a" accepted, no "x" rejected
    assert window.search_box.text() == "geneva agree"
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current_id == 2
    assert "1 shown" in window.status_bar.done_label.text()


def test_status_and_label_filters(window, project, press, answer_unreviewed):
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # document 1 done
    answer_unreviewed("leave")
    window.status_filter.setCurrentIndex(window.status_filter.findData("done"))
    assert [r.id for r in window.doc_model.rows] == [1]
    window.status_filter.setCurrentIndex(0)
    window.label_filter.setCurrentIndex(window.label_filter.findData("DATE"))
    assert [r.id for r in window.doc_model.rows] == [1, 2]
    window.label_filter.setCurrentIndex(window.label_filter.findData("WEAPON"))
    assert window.doc_model.rows == []
