"""Import and export run in the background with a progress bar and can be cancelled without harm."""

import orjson
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator import commands


def test_import_in_the_window_then_listed(window, project, qtbot, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Strike on Odesa\n\nDrones hit the port.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")  # bad input: reported, the rest imported
    window.import_paths([str(folder)])
    assert window.busy and window.status_bar.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.jobs.job is None or "imported" in window.status_bar.progress_label.text(), timeout=30_000)
    qtbot.waitUntil(lambda: "Strike on Odesa" in [r.title for r in window.doc_model.rows], timeout=30_000)
    notice = window.findChild(QMessageBox, "notice")
    assert notice is not None and "b.txt: empty file" in notice.text()  # told, not blocked
    notice.close()
    window.cancel_job()  # stop the pre-annotation that follows, harmlessly
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)


def test_cancelled_import_keeps_whole_files(window, project, qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(30):
        (folder / f"{n:02}.txt").write_text(f"Article {n}\n\nText {n}.", encoding="utf-8")
    window.import_paths([str(folder)])
    window.cancel_job()  # asked before the first file is read, or soon after
    qtbot.waitUntil(lambda: "imported" in window.status_bar.progress_label.text() or not window.busy, timeout=30_000)
    qtbot.waitUntil(lambda: not window.busy or window.status_bar.progress_label.text().startswith("Pre-"), timeout=30_000)
    window.cancel_job()
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)
    titles = [t for (t,) in project.conn.execute("SELECT title FROM documents WHERE title LIKE 'Article %'")]
    assert len(titles) < 30  # stopped early; and every imported article is whole
    for (text,) in project.conn.execute("SELECT text FROM documents WHERE title LIKE 'Article %'"):
        assert text.startswith("Article ") and text.endswith(".")


def test_export_in_background_and_cancelled_export_writes_nothing(window, project, qtbot, tmp_path):
    commands.execute(project, commands.finish_document(project, 1))
    out = tmp_path / "labels.jsonl"
    window.export_to(out)
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert "1 done documents exported" in window.status_bar.progress_label.text()
    assert [orjson.loads(line)["meta"]["id"] for line in out.read_bytes().splitlines()] == [1]

    cancelled = tmp_path / "cancelled.jsonl"
    window.export_to(cancelled)
    window.jobs.job.stop()  # before the first document is written
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert window.status_bar.progress_label.text() == "Export cancelled: nothing was written."
    assert not cancelled.exists() and not list(tmp_path.glob(".cancelled.jsonl*"))


def test_ctrl_period_cancels(window, press):
    assert not window.busy
    press(Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)  # nothing running: harmless
    assert not window.busy
