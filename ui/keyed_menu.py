"""Popup menus whose shown keys work while they are open (the context menu, the label chooser)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QKeyCombination, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.schema import Schema


class KeyedMenu(QMenu):
    """A popup menu whose shown keys work while it is open.

    A popup takes the keyboard, so window shortcuts never fire while it shows: the keys a menu
    lists beside its entries (an action's own shortcuts, or a key written after a tab) are
    matched here and trigger their entry. Arrows, Enter, Space and Esc keep their menu meaning
    once an entry is highlighted.
    """

    _chosen: QAction | None = None
    NAVIGATION = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Escape,
                  Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = Qt.Key(event.key())
        if key in self.NAVIGATION and (self.activeAction() is not None or key == Qt.Key.Key_Escape):
            super().keyPressEvent(event)
            return
        action = self.action_for(event)
        if action is None:
            super().keyPressEvent(event)
            return
        if action.menu() is not None:
            self.setActiveAction(action)
            action.menu().popup(self.actionGeometry(action).topRight() + self.mapToGlobal(QPoint(0, 0)))
            return
        self._chosen = action
        menu: QWidget | None = self
        while isinstance(menu, QMenu):  # this menu and the menus it opened from
            menu.close()
            menu = menu.parentWidget()
        action.trigger()  # after closing: the action may open a dialog

    def action_for(self, event) -> QAction | None:  # type: ignore[no-untyped-def]
        """The enabled entry whose shown key is the one pressed."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(mods, Qt.Key(event.key())))
        entries = [a for a in self.actions() if a.isEnabled() and not a.isSeparator()]
        keys_of = {}
        for action in entries:
            keys = list(action.shortcuts())
            if "\t" in action.text():
                keys += [QKeySequence(k.strip()) for k in action.text().split("\t", 1)[1].split(",") if k.strip()]
            keys_of[action] = keys
            if any(k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for k in keys):
                return action
        # Two-key sequences ("E, A" for an event type): inside the menu, the last key is enough.
        for action in entries:
            for k in keys_of[action]:
                if k.count() > 1 and k[k.count() - 1] == pressed[0]:
                    return action
        return None

    def exec_keyed(self, where: QPoint) -> QAction | None:
        """Like ``exec``, but an entry chosen by its key counts as chosen too."""
        self._chosen = None
        chosen = self.exec(where)
        return chosen or self._chosen


def build_label_menu(menu: QMenu, schema: Schema, on_label: Callable[[str], None], *, title: str) -> QMenu:
    """A submenu with one entry per label, showing each label's key (which works while it is open)."""
    sub = KeyedMenu(title, menu)
    menu.addMenu(sub)
    for label in schema.labels:
        action = sub.addAction(f"{label.name}\t{label.key.upper()}")
        action.triggered.connect(lambda _=False, name=label.name: on_label(name))
    return sub
