"""Another process writes while the window is open: its documents and edits appear, nobody's edit is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.store import Store

# A second program on the same project: imports documents one transaction at a time (as
# `annotator import` and `preannotate` do), gives them suggestions, and rejects a span of the
# document open in the window, all while the analyst keeps working there.
CHILD = textwrap.dedent("""
    import sys, time
    from annotator import commands
    from annotator.documents import Document, Span
    from annotator.store import open_project

    store = open_project(sys.argv[1], create=False)
    for n in range(6):
        with store.transaction():
            doc = store.add_document(Document(f"Shelling of Sumy continued on day {n}.", f"Sumy {n}")).doc_id
        store.store_suggestions([(doc, [Span(12, 16, "GPE", origin="model")])], model="child-model")
        if n == 2:
            start = store.document(1).text.index("Zelensky")
            zelensky = next(s.id for s in store.spans(1) if s.start == start)
            commands.execute(store, commands.reject(1, [zelensky]), annotator="child")
        time.sleep(0.25)
    store.close()
""")


def test_documents_and_edits_from_another_process_appear_and_both_sides_are_kept(
        qtbot, window, project: Store, spans_of, first_text: str) -> None:
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    article = window.article
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(project.path)])
    try:
        QTest.keyClick(article, Qt.Key.Key_Tab)  # the analyst works on meanwhile: Russian, Kyiv, Monday
        for _ in range(3):
            qtbot.wait(250)
            QTest.keyClick(article, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60000)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0

    # The window shows the new documents and the other process's rejection after its next poll.
    qtbot.waitUntil(lambda: len(window.doc_model.rows) == 8, timeout=5000)
    assert [r.title for r in window.doc_model.rows][2:] == [f"Sumy {n}" for n in range(6)]
    assert all(r.n_suggested == 1 for r in list(window.doc_model.rows)[2:])
    zelensky = first_text.index("Zelensky")
    qtbot.waitUntil(lambda: [s.status for s in article.all_spans() if s.start == zelensky] == ["rejected"],
                    timeout=5000)
    assert window.current_id == 1  # the analyst's place is kept
    assert any(m.startswith("Updated") and "pre-annotated" in m for m in messages), messages

    # Both sides' edits are in the project, and the file is sound.
    assert spans_of(project, 1) == [("Russian", "NORP", "accepted"), ("Kyiv", "PERSON", "accepted"),
                                    ("Monday", "DATE", "accepted"), ("Zelensky", "PERSON", "rejected")]
    assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
