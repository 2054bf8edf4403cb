"""The sample articles that ship in ``resources/samples`` and the default project they fill."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

from annotator.documents import Document
from annotator.importers.reading import title_of
from annotator.store import Store, open_project


def sample_documents() -> list[Document]:
    """The bundled sample articles, in file-name order."""
    folder = resources.files("resources.samples")
    docs = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            text = entry.read_text(encoding="utf-8")
            title = title_of(text)
            docs.append(Document(text=text, title=title, meta={"title": title, "source": f"sample:{entry.name}"}))
    return docs


def add_samples(store: Store) -> int:
    """Import the bundled samples into a project; returns how many were new."""
    added = 0
    with store.transaction():
        for doc in sample_documents():
            added += store.add_document(doc).added
    return added


def default_project_path() -> Path:
    """Where ``annotator`` with no argument keeps its project (the user data directory)."""
    return platformdirs.user_data_path("annotator", appauthor=False) / "default-project.db"


def open_default_project() -> Store:
    """Open the default project, filling it with the samples when it is first created."""
    return open_project(default_project_path(), on_create=add_samples)
