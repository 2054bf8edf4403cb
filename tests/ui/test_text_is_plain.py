"""Markup in a document, its title, a file name, a project path or a name is shown literally, never rendered."""

from __future__ import annotations

from pathlib import Path

import orjson
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolTip

from annotator.documents import Span
from annotator.store import open_project
from ui.main_window import MainWindow

HOSTILE = "<b>bold</b><img src=x><script>alert(1)</script>"
TITLE = f"{HOSTILE} & <i>title</i>"
TEXT = f"Before {HOSTILE} after &amp; &lt;\n<p>second</p>  line   {HOSTILE}"


def as_displayed(text: str) -> str:
    """What Qt shows for a tool tip (or an AutoText label): rich text when it looks like markup."""
    if QtGuiNamespace.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText().replace("\u00a0", " ").replace("\u2029", "\n")
    return text


def test_markup_is_shown_literally_everywhere(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "<b>wire<img src=x>.jsonl").write_text(orjson.dumps({"text": TEXT, "title": TITLE}).decode(), encoding="utf-8")
    (folder / "<b>bad<img src=x>.txt").write_bytes(b"")
    store = open_project(tmp_path / "<i>project<img src=x>.db")
    win = MainWindow(store, annotator=HOSTILE, preannotate=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)

    win.import_paths([str(folder)])
    qtbot.waitUntil(lambda: TITLE in [r.title for r in win.doc_model.rows], timeout=30_000)
    notice = win.findChild(QMessageBox, "notice")
    assert notice is not None and notice.textFormat() == Qt.TextFormat.PlainText
    assert f"{folder}/<b>bad<img src=x>.txt: empty file" in notice.text()
    notice.close()
    win.cancel_job()  # the pre-annotation that follows an import
    qtbot.waitUntil(lambda: not win.busy, timeout=60_000)

    doc_id = next(r.id for r in win.doc_model.rows if r.title == TITLE)
    start = TEXT.index(HOSTILE)
    with store.transaction():
        store.insert_spans(doc_id, [Span(start, start + len(HOSTILE), "ORG", status="suggested")])
    win.open_document(doc_id)

    # The article, the document list and its tool tip.
    assert win.article.toPlainText() == TEXT
    row = win.doc_model.row_of(doc_id)
    assert win.doc_model.data(win.doc_model.index(row, 1)) == TITLE
    tip = win.doc_model.data(win.doc_model.index(row, 1), Qt.ItemDataRole.ToolTipRole)
    assert as_displayed(tip).startswith(TITLE + "\n")

    # The highlight's tool tip quotes the span text literally.
    view = win.article
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(start) + 2)
    point = view.cursorRect(cursor).center()
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=5_000)
    assert f"“{HOSTILE}”" in as_displayed(QToolTip.text())
    QToolTip.hideText()

    # Status bar: the annotator's name and the project path.
    labels = [w for w in win.statusBar().findChildren(QLabel) if HOSTILE in w.text()]
    assert labels and all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)
    assert str(store.path) in as_displayed(win.status_bar.saved_label.toolTip())
    assert HOSTILE in win.windowTitle() or TITLE in win.windowTitle()

    # Help → About names the project and the annotator.
    win.actions_by_id["about"].trigger()
    about = win.findChild(QMessageBox, "about")
    assert about.textFormat() == Qt.TextFormat.PlainText and f"Annotator: {HOSTILE}" in about.text()
    about.close()
    win.close()
    store.close()

