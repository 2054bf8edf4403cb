"""The bundled sample articles, and the default project they fill on first run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.samples import default_project_path, open_default_project, sample_documents

LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_DATA_HOME is read on Linux")


def test_samples_are_news_articles_of_useful_length() -> None:
    docs = sample_documents()
    assert 4 <= len(docs) <= 5
    for doc in docs:
        words = len(doc.text.split())
        assert 300 <= words <= 900, (doc.title, words)
        assert doc.title == doc.text.splitlines()[0].strip() != ""
        assert doc.meta["source"].startswith("sample:")
    assert len({d.content_hash for d in docs}) == len(docs)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


@LINUX_ONLY
def test_default_project_is_filled_once(data_home: Path) -> None:
    assert default_project_path().is_relative_to(data_home)
    with open_default_project() as store:
        first = [(s.title, s.status) for s in store.summaries()]
    assert [t for t, _ in first] == [d.title for d in sample_documents()]
    assert {s for _, s in first} == {"new"}
    with open_default_project() as store:
        assert [(s.title, s.status) for s in store.summaries()] == first


@LINUX_ONLY
def test_samples_deleted_by_the_user_stay_deleted(data_home: Path) -> None:
    """Reopening never re-adds samples to a project the user has already started."""
    with open_default_project() as store, store.transaction():
        store.conn.execute("DELETE FROM documents WHERE id = ?", (store.document_ids()[0],))
    with open_default_project() as store:
        assert len(store.document_ids()) == len(sample_documents()) - 1
