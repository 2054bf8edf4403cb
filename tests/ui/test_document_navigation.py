"""PageDown / PageUp move between documents, and the list follows."""

from PySide6.QtCore import Qt


def test_page_down_up(window, press):
    assert window.current_id == 1
    press(Qt.Key.Key_PageDown)
    assert window.current_id == 2
    assert window.doc_list.currentIndex().row() == 1
    assert window.article.toPlainText().startswith("Talks in Geneva")
    press(Qt.Key.Key_PageDown)  # no further document: stays
    assert window.current_id == 2
    press(Qt.Key.Key_PageUp)
    assert window.current_id == 1
