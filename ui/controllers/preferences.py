"""Preferences: the settings dialog (name, model, theme), what corrections taught (the memory), team agreement."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ui.context import WindowContext
from ui.settings import SettingsDialog


class PreferencesController(QObject):
    """File → Settings, View → What corrections taught and Team → Team agreement."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx

    def show_memory(self) -> None:
        """What corrections taught: switch entries off and on, forget them."""
        from ui.memory_dialog import MemoryDialog

        dialog = MemoryDialog(self.ctx.store, self.ctx.window)
        dialog.open()

    def show_agreement(self) -> None:
        """How far the merged analysts agree (`annotator agreement`), lowest first."""
        from ui.agreement_dialog import AgreementDialog

        dialog = AgreementDialog(self.ctx.store, self.ctx.window)
        dialog.open()

    def show_settings(self) -> None:
        """Name, model and theme, remembered between runs."""
        dialog = SettingsDialog(self.ctx.settings, annotator=self.ctx.annotator, parent=self.ctx.window)
        if dialog.exec():
            self.apply_settings()

    def apply_settings(self) -> None:
        """Use the stored name and model from now on (the next action records the new name)."""
        ctx = self.ctx
        ctx.annotator = ctx.settings.annotator or ctx.annotator
        ctx.model_name = ctx.settings.model or None
        ctx.update_status()
