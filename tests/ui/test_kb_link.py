"""Ctrl+K opens the id typeahead on the focused span: GeoNames places, actor-list entries and NIL;
the id chosen is saved at once (the span counts as accepted), shown in the span list's Id column
with what it names, and one undo step."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.kb import import_actor_list
from ui.kb_dialog import KbDialog


def _kyiv(project):
    text = project.document(1).text
    return next(s for s in project.spans(1) if text[s.start:s.end] == "Kyiv")


def _dialog(window, qtbot) -> KbDialog:
    qtbot.waitUntil(lambda: window.findChild(KbDialog, "kb_dialog") is not None and
                    window.findChild(KbDialog, "kb_dialog").isVisible())
    return window.findChild(KbDialog, "kb_dialog")


def test_ctrl_k_links_the_focused_span_and_undo_unlinks(window, project, press, qtbot):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)  # "Kyiv"
    assert window.article.focused_id == _kyiv(project).id
    press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(window, qtbot)
    assert dialog.search.text() == "Kyiv"
    shown = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
    assert shown[0] == "geonames:703448" and shown[-1] == "NIL"
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _kyiv(project).kb_id == "geonames:703448")
    assert _kyiv(project).status == "accepted"
    row = window.span_model.row_of(_kyiv(project).id)
    assert window.span_model.index(row, 4).data() == "geonames:703448"
    assert "UA" in window.span_model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()  # the dialog had the keyboard; shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.article.setFocus()
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (_kyiv(project).kb_id, _kyiv(project).status) == (None, "suggested")
    assert window.span_model.index(row, 4).data() == ""


def test_typing_finds_actor_list_entries_and_nil(window, project, press, qtbot, tmp_path):
    (tmp_path / "actors.csv").write_text("a:1,Kyiv City Military Administration,KMVA,ORG,\n", encoding="utf-8")
    import_actor_list(project, tmp_path / "actors.csv")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(window, qtbot)
    dialog.search.setText("KMV")
    shown = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
    assert shown == ["a:1", "NIL"]
    QTest.keyClick(dialog.search, Qt.Key.Key_Down)  # to NIL
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _kyiv(project).kb_id == "NIL")
