"""The window's menus, toolbars, keys and context menu, built from the action table (ui/actions.py).

Each table row becomes one QAction whose ``triggered`` calls the handler the row names; the
schema's labels (their keys), event types (E, key) and role numbers (R / Shift+R, number)
become actions here at run time and are built again when the schema changes.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from ui import plain
from ui.actions import (
    ACTIONS, CLEAR_ROLE_HELP, EVENT_TYPE_HELP, FILL_ROLE_HELP, LABEL_HELP, MAX_ROLE_KEYS, handler_of, is_checked,
)
from ui.context import WindowContext
from ui.controllers.commands import UndoStack
from ui.controllers.events import EventsController
from ui.controllers.spans import SpansController
from ui.keyed_menu import KeyedMenu, build_label_menu

MENUS = ("File", "Edit", "Span", "Label", "Event", "Document", "Team", "View", "Help")
TOOLBAR = ("prev_doc", "next_doc", None, "accept", "reject", "delete_span", None, "mark_done", "undo", None, "view_filter")


class WindowMenus:
    """Builds the window's actions and keeps the schema's actions up to date."""

    def __init__(self, window: QMainWindow, ctx: WindowContext, spans: SpansController, events: EventsController) -> None:
        self.window = window
        self.ctx = ctx
        self.spans = spans
        self.events = events
        self.actions_by_id = ctx.actions_by_id

    def build(self, root: object, undo_stack: UndoStack, recent_menu: QMenu) -> None:
        """Menus and toolbars: one action per table row, its handler looked up from ``root`` (the window)."""
        window = self.window
        menus: dict[str, QMenu] = {name: window.menuBar().addMenu(f"&{name}") for name in MENUS}
        for action_spec in ACTIONS:
            if action_spec.in_article:
                action = QAction(f"{action_spec.text}\t{', '.join(action_spec.keys)}", window)
            else:
                action = QAction(action_spec.text, window)
                action.setShortcuts([QKeySequence(k) for k in action_spec.keys])
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setObjectName(action_spec.id)
            keys = ", ".join(action_spec.keys)
            action.setToolTip(f"{action_spec.help} ({keys})" if keys else action_spec.help)
            action.setStatusTip(action_spec.help)
            if action_spec.checked:
                action.setCheckable(True)
                action.setChecked(is_checked(action_spec, root))
            action.triggered.connect(handler_of(action_spec, root))
            menus[action_spec.menu].addAction(action)
            window.addAction(action)
            self.actions_by_id[action_spec.id] = action
        undo, redo = self.actions_by_id["undo"], self.actions_by_id["redo"]
        undo_stack.canUndoChanged.connect(undo.setEnabled)
        undo_stack.canRedoChanged.connect(redo.setEnabled)
        undo_stack.undoTextChanged.connect(lambda t: undo.setText(f"&Undo {t}".strip()))
        undo_stack.redoTextChanged.connect(lambda t: redo.setText(f"&Redo {t}".strip()))
        undo.setEnabled(False)
        redo.setEnabled(False)

        toolbar = QToolBar("Actions", window)
        toolbar.setObjectName("actions_toolbar")
        toolbar.setMovable(False)
        for action_id in TOOLBAR:
            if action_id is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.actions_by_id[action_id])
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

        self.labels_bar = QToolBar("Labels", window)
        self.labels_bar.setObjectName("labels_toolbar")
        self.labels_bar.setMovable(False)
        self.labels_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.label_menu = menus["Label"]
        self.build_label_actions()
        window.addToolBarBreak()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.labels_bar)
        self._build_event_actions(menus["Event"])
        menus["File"].insertMenu(self.actions_by_id["export_jsonl"], recent_menu)

    def build_label_actions(self) -> None:
        """One action per schema label: its key, the Label menu and the Labels toolbar."""
        window = self.window
        for name in [n for n in self.actions_by_id if n.startswith("label_")]:
            action = self.actions_by_id.pop(name)
            window.removeAction(action)
            action.deleteLater()
        self.label_menu.clear()
        self.labels_bar.clear()
        for label in self.ctx.store.schema.labels:
            action = QAction(f"{label.key.upper()} {label.name}", window)
            action.setObjectName(f"label_{label.name}")
            action.setShortcut(QKeySequence(label.key.upper()))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(plain.tooltip(f"{LABEL_HELP} ({label.key.upper()}): {label.description}"))
            action.setIcon(swatch(label.color))
            action.triggered.connect(lambda _=False, name=label.name: self.spans.apply_label(name))
            self.label_menu.addAction(action)
            self.labels_bar.addAction(action)
            window.addAction(action)
            self.actions_by_id[f"label_{label.name}"] = action

    def _build_event_actions(self, menu: QMenu) -> None:
        """E then a key: event types; R then a number: fill a role; Shift+R then a number: clear it."""
        types = menu.addMenu("New event / change &type")
        for kind in self.ctx.store.schema.events:
            action = self._window_action(f"event_{kind.name}", f"{kind.name}", f"E, {kind.key.upper()}",
                                         f"{EVENT_TYPE_HELP} ({kind.name})")
            action.setIcon(swatch(kind.color))
            action.triggered.connect(lambda _=False, name=kind.name: self.events.event_type(name))
            types.addAction(action)
        fill = menu.addMenu("&Fill role")
        clear = menu.addMenu("C&lear role")
        for number in range(1, MAX_ROLE_KEYS + 1):
            action = self._window_action(f"fill_role_{number}", f"Role {number}", f"R, {number}", FILL_ROLE_HELP)
            action.triggered.connect(lambda _=False, n=number: self.events.fill_role_number(n))
            fill.addAction(action)
            action = self._window_action(f"clear_role_{number}", f"Role {number}", f"Shift+R, {number}",
                                         CLEAR_ROLE_HELP)
            action.triggered.connect(lambda _=False, n=number: self.events.clear_role_number(n))
            clear.addAction(action)

    def _window_action(self, object_name: str, text: str, keys: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(object_name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip} ({keys})")
        self.window.addAction(action)
        self.actions_by_id[object_name] = action
        return action

    def show_context_menu(self, span_id: int | None, where: QPoint) -> None:
        """The article's right-click (or Menu key) menu: the span's or selection's actions, then the event's."""
        ctx, actions = self.ctx, self.actions_by_id
        menu = KeyedMenu(self.window)  # the keys it shows (A, X, label keys...) work while it is open
        if ctx.article.selection_range() is not None:
            build_label_menu(menu, ctx.store.schema, self.spans.apply_label, title="Label selection as")
        elif span_id is not None:
            for action_id in ("accept", "reject", "delete_span", "toggle_kind"):
                menu.addAction(actions[action_id])
            build_label_menu(menu, ctx.store.schema, self.spans.apply_label, title="Change label to")
        else:
            menu.addAction(actions["next_span"])
            menu.addAction(actions["mark_done"])
        if ctx.state.event_id is not None and ctx.article.selection_range() is None:
            menu.addSeparator()
            for action_id in ("accept_event", "reject_event", "delete_event", "cycle_modality", "toggle_polarity"):
                menu.addAction(actions[action_id])
            types = KeyedMenu("Change event type to", menu)  # E's second key picks a type here
            menu.addMenu(types)
            for kind in ctx.store.schema.events:
                types.addAction(actions[f"event_{kind.name}"])
        menu.popup(where)


def swatch(color: str) -> QIcon:
    """A small square of a label's or event type's colour, for menus and the Labels toolbar."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
