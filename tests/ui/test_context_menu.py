"""Right-clicking a highlight offers accept, reject, delete and relabel; on a selection, labels."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu


def point_at(window, offset: int):
    view = window.article
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(offset) + 1)
    return view.cursorRect(cursor).center()


def open_menu(window, qtbot, point) -> QMenu:
    QTest.mouseClick(window.article.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    menus = [m for m in window.findChildren(QMenu) if m.isVisible()]
    assert menus, "no context menu opened"
    return menus[-1]


def test_menu_on_highlight_relabels(window, project, qtbot, spans_of, first_text):
    menu = open_menu(window, qtbot, point_at(window, first_text.index("Kyiv")))
    texts = [a.text() for a in menu.actions()]
    assert {"&Accept", "Re&ject", "&Delete span"} <= set(texts)
    submenu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    gpe = next(a for a in submenu.actions() if a.text().startswith("GPE"))
    gpe.trigger()
    menu.close()
    assert ("Kyiv", "GPE", "accepted") in spans_of(project, 1)


def test_menu_on_selection_labels_it(window, project, qtbot, spans_of, first_text, select):
    start = first_text.index("forces")
    select(start, start + 6)
    menu = open_menu(window, qtbot, point_at(window, start + 2))
    submenu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert submenu.title() == "Label selection as"
    next(a for a in submenu.actions() if a.text().startswith("ORG")).trigger()
    menu.close()
    assert ("forces", "ORG", "accepted") in spans_of(project, 1)
