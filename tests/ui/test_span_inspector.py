"""Under the span list, the inspector shows the focused span's id and what it names: a place's kind,
country and coordinates, an actor-list entry's name and description, NIL (no entry), and the score of
a suggested id. It follows the focus and the id Ctrl+K chooses."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from annotator.kb import import_actor_list
from ui.kb_dialog import KbDialog


def _span(project, phrase: str):
    text = project.document(1).text
    return next(s for s in project.spans(1) if text[s.start:s.end] == phrase)


def _open_dialog(window, press, qtbot) -> KbDialog:
    window.activateWindow()  # a dialog closed before had the keyboard; shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.article.setFocus()
    press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(KbDialog, "kb_dialog")))
    return next(d for d in window.findChildren(KbDialog, "kb_dialog") if d.isVisible())


def test_the_inspector_follows_focus_and_the_typeahead(window, project, press, qtbot, tmp_path):
    (tmp_path / "actors.csv").write_text("a:1,Volodymyr Zelensky,Zelensky,PERSON,President of Ukraine\n",
                                         encoding="utf-8")
    import_actor_list(project, tmp_path / "actors.csv")
    with project.transaction():  # a suggested id, as pre-annotation stores it
        project.update_span(_span(project, "Kyiv").id, kb_id="geonames:703448", kb_score=0.87)
    window.open_document(1)
    inspector = window.findChild(QLabel, "span_inspector")
    assert inspector.isVisible() and inspector.text() == "Id: no span focused."

    window.focus_span(_span(project, "Kyiv").id)
    assert inspector.text() == ("Id: geonames:703448: Kyiv, city in UA, 50.4547, 30.5238"
                                " · suggested id, score 0.87")
    window.focus_span(_span(project, "Monday").id)
    assert inspector.text().startswith("Id: none. Ctrl+K")

    window.focus_span(_span(project, "Zelensky").id)
    dialog = _open_dialog(window, press, qtbot)
    assert dialog.list.item(0).data(Qt.ItemDataRole.UserRole) == "a:1"
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _span(project, "Zelensky").kb_id == "a:1")
    assert window.state.span_id == _span(project, "Zelensky").id
    assert inspector.text() == "Id: a:1: Volodymyr Zelensky (PERSON), President of Ukraine [actors.csv]"

    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.focus_span(_span(project, "Zelensky").id)
    dialog = _open_dialog(window, press, qtbot)
    dialog.search.setText("nothing like it")
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)  # NIL, the only candidate left
    qtbot.waitUntil(lambda: _span(project, "Zelensky").kb_id == "NIL")
    assert inspector.text() == "Id: NIL (no entry)"
