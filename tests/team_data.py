"""A small team project and three analysts' work on it, for the team tests (assign, merge, agreement, kill)."""

from __future__ import annotations

from pathlib import Path

from annotator.documents import Document, Span
from annotator.editing import event_operations as events
from annotator.editing import operations as ops
from annotator.editing.session import EditingSession
from annotator.store import Store, open_project

TEXT = "Ukrainian forces shelled Donetsk on Monday, officials in Kyiv said. Report {n}."
SUGGESTED = (("Ukrainian", "NORP"), ("Donetsk", "GPE"), ("Monday", "DATE"), ("Kyiv", "GPE"))
NAMES = ("ana", "ben", "cai")


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def build_project(path: Path, documents: int = 10) -> None:
    """A project of ``documents`` pre-annotated reports, each with the four SUGGESTED spans."""
    with open_project(path) as store:
        with store.transaction():
            ids = [store.add_document(Document(TEXT.format(n=n), title=f"Report {n}")).doc_id
                   for n in range(documents)]
        store.store_suggestions(
            [(doc_id, [Span(*at(TEXT, p), label, origin="model", score=0.9) for p, label in SUGGESTED])
             for doc_id in ids], model="test_model-1.0.0")


def _find(store: Store, doc_id: int, phrase: str) -> Span | None:
    start, end = at(store.document(doc_id).text, phrase)
    return next((s for s in store.spans(doc_id) if (s.start, s.end) == (start, end)), None)


def _span(store: Store, doc_id: int, phrase: str) -> int:
    found = _find(store, doc_id, phrase)
    assert found is not None and found.id is not None, phrase
    return found.id


def annotate(path: Path, name: str) -> None:
    """What each analyst does on every document of their file, through the editing session as the app does it.

    ana accepts every suggestion and adds ATTACK "shelled" (Attacker Ukrainian, Target Donetsk);
    ben rejects Monday and adds the same event with Target Kyiv; cai widens Ukrainian to
    "Ukrainian forces" and relabels Kyiv LOC, no event. Each then finishes the document (Ctrl+Enter).
    """
    with open_project(path, create=False) as store:
        session = EditingSession(store, annotator=f"login-{name}")
        for doc_id in store.document_ids():
            text = store.document(doc_id).text
            monday, kyiv = _find(store, doc_id, "Monday"), _find(store, doc_id, "Kyiv")
            # What a correction taught may have done it already on the later documents (the memory).
            if name == "ben" and monday is not None and monday.status != "rejected" and monday.id is not None:
                session.run(ops.reject(doc_id, [monday.id]))
            if name == "cai":
                session.run(ops.move_span(doc_id, _span(store, doc_id, "Ukrainian"), *at(text, "Ukrainian forces")))
                if kyiv is not None and kyiv.label != "LOC" and kyiv.id is not None:
                    session.run(ops.relabel(doc_id, [kyiv.id], "LOC"))
            if name in ("ana", "ben"):
                add = events.AddEvent(doc_id, *at(text, "shelled"), "ATTACK")
                session.run(add)
                assert add.event_id is not None
                session.run(events.FillRole(doc_id, add.event_id, "Attacker", _span(store, doc_id, "Ukrainian")))
                target = "Donetsk" if name == "ana" else "Kyiv"
                session.run(events.FillRole(doc_id, add.event_id, "Target", _span(store, doc_id, target)))
            session.run(ops.finish_document(store, doc_id))


def build_team(folder: Path, documents: int = 10) -> Path:
    """``news.db`` assigned to ana, ben and cai (3 in 10 documents shared by all), annotated and merged back."""
    from annotator.cli import main

    project = folder / "news.db"
    build_project(project, documents)
    assert main(["assign", str(project), "--to", ",".join(NAMES), "--overlap", "0.3", "--seed", "7",
                 str(folder / "out")]) == 0
    files = [folder / "out" / f"{name}.db" for name in NAMES]
    for name, path in zip(NAMES, files):
        annotate(path, name)
    assert main(["merge", str(project), *map(str, files)]) == 0
    return project


def shared_documents(store: Store) -> list[int]:
    """The team project's documents all three analysts finished."""
    from annotator.store import team_rows

    return [d for d, _names in team_rows.finished_documents(store, at_least=len(NAMES))]
