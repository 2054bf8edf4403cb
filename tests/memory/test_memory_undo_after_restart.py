"""A correction that taught and changed other documents is undone whole from the history after a restart."""

from __future__ import annotations

from pathlib import Path

from annotator import commands, history, memory
from annotator.documents import Document, Span
from annotator.store import Store, open_project


def _dump(store: Store) -> dict[str, list[tuple]]:
    q = store.conn.execute
    return {t: q(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("documents", "spans", "memory")}


def test_teaching_is_undone_and_redone_from_the_log(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store = open_project(path)
    with store.transaction():
        docs = [store.add_document(Document(f"Kyiv report {n}.")).doc_id for n in range(3)]
    store.store_suggestions([(d, [Span(0, 4, "PERSON", origin="model")]) for d in docs], model="m-1.0.0")
    before = _dump(store)
    commands.execute(store, memory.teach(commands.relabel(docs[0], [store.spans(docs[0])[0].id], "GPE")),
                     annotator="ana")
    after = _dump(store)
    store.close()

    store = open_project(path, create=False)
    (entry,), _ = history.restore_stack(store.conn)
    restored = commands.Restored(entry)
    changes = commands.undo(store, restored)
    assert _dump(store) == before
    assert changes.doc_id == docs[0] and changes.other_doc_ids == set(docs[1:])
    commands.redo(store, restored)
    assert _dump(store) == after
    store.close()
