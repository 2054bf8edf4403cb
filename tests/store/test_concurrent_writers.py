"""Several processes writing to one project at once (windows, terminal commands): nothing lost, file sound."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import orjson

from annotator import commands
from annotator.documents import Document
from annotator.store import open_project

WORDS = ["Kyiv", "Odesa", "Kharkiv", "Lviv", "Dnipro", "Sumy", "Poltava", "Mykolaiv"]
TEXT = " and ".join(WORDS * 6) + "."

# One writer: labels every occurrence of its words with its own label, undoing and redoing
# every third action, the way an analyst's window would; prints what it left in the project.
WRITER = textwrap.dedent("""
    import re, sys
    import orjson
    from annotator import commands
    from annotator.store import open_project

    path, label, words = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    store = open_project(path, create=False)
    text = store.document(1).text
    kept = []
    for n, match in enumerate(m for w in words for m in re.finditer(w, text)):
        add = commands.AddSpan(1, match.start(), match.end(), label)
        commands.execute(store, add, annotator=label)
        if n % 3 == 0:
            commands.undo(store, add, annotator=label)
            commands.redo(store, add, annotator=label)
        kept.append([match.start(), match.end()])
    print(orjson.dumps(kept).decode())
    store.close()
""")


def test_two_processes_and_this_one_writing_at_once_keep_every_edit(tmp_path: Path) -> None:
    store = open_project(tmp_path / "p.db")
    with store.transaction():
        store.add_document(Document(TEXT, "Cities"))
        store.add_document(Document("Talks resumed in Doha.", "Talks"))
    labels = {"GPE": WORDS[:4], "LOC": WORDS[4:]}
    writers = {label: subprocess.Popen([sys.executable, "-c", WRITER, str(store.path), label, ",".join(words)],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for label, words in labels.items()}
    for n in range(20):  # this process writes too, meanwhile: marks and unmarks another document
        commands.execute(store, commands.SetDocStatus(2, "done" if n % 2 == 0 else "in_progress"), annotator="me")
    results = {}
    for label, process in writers.items():
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
        results[label] = [tuple(r) for r in orjson.loads(out)]

    stored = {label: sorted((s.start, s.end) for s in store.spans(1) if s.label == label) for label in labels}
    assert stored == {label: sorted(kept) for label, kept in results.items()}
    assert len(stored["GPE"]) == len(stored["LOC"]) == 24
    assert all(s.status == "accepted" for s in store.spans(1))
    assert store.summary(2).status == "in_progress"
    counts = dict(store.conn.execute("SELECT annotator, COUNT(*) FROM history GROUP BY annotator"))
    assert counts == {"GPE": 24 + 2 * 8, "LOC": 24 + 2 * 8, "me": 20}
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
