"""The document list filters by status and label and searches the full text (FTS5)."""

from annotator import commands
from annotator.documents import Document, Span
from annotator.store import Store, open_project


def fill(project: Store) -> None:
    with project.transaction():
        a = project.add_document(Document("Drones struck Odesa's port overnight.", "Odesa port hit")).doc_id
        b = project.add_document(Document("Talks in Doha ended without a ceasefire.", "Doha talks")).doc_id
        project.add_document(Document("Protesters gathered in Manila on Sunday.", "Manila protest"))
        project.insert_spans(a, [Span(0, 6, "WEAPON", origin="rule")])
        project.insert_spans(b, [Span(9, 13, "GPE", origin="model", status="rejected")])
    commands.execute(project, commands.SetDocStatus(b, "done"))


def titles(rows) -> list[str]:
    return [r.title for r in rows]


def test_search_words_and_prefix(project):
    fill(project)
    assert titles(project.summaries(search="ceasefire")) == ["Doha talks"]
    assert titles(project.summaries(search="odes")) == ["Odesa port hit"]  # prefix of the last word
    assert titles(project.summaries(search="port drones")) == ["Odesa port hit"]  # every word, any order
    assert titles(project.summaries(search='"; DROP TABLE documents; --')) == []  # quoted, never SQL
    assert len(project.summaries()) == 3


def test_filters_by_status_and_label(project):
    fill(project)
    assert titles(project.summaries(status="done")) == ["Doha talks"]
    assert titles(project.summaries(label="WEAPON")) == ["Odesa port hit"]
    assert titles(project.summaries(label="GPE")) == []  # the only GPE span is rejected
    assert titles(project.summaries(status="new", search="manila")) == ["Manila protest"]


def test_search_index_follows_new_documents_and_old_projects(tmp_path):
    store = open_project(tmp_path / "p.db")
    with store.transaction():
        store.add_document(Document("Sanctions on shipping firms.", "EU sanctions"))
    store.close()
    with open_project(tmp_path / "p.db") as again:
        assert titles(again.summaries(search="shipping")) == ["EU sanctions"]
