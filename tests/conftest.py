"""Shared fixtures for the core suite (tests/ui has its own Qt fixtures)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.documents import Document, Span
from annotator.store import Store, open_project

ARTICLE = (
    "Russian drones struck Odesa on Monday.\n"
    "Ukraine's air force said 12 Shahed drones were shot down over the Black Sea.\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty project file in tmp_path."""
    store = open_project(tmp_path / "project.db")
    yield store
    store.close()


@pytest.fixture
def article_doc(project: Store) -> int:
    """Id of one stored article with two model suggestions (NORP "Russian", GPE "Odesa")."""
    doc = Document(
        text=ARTICLE, title="Russian drones struck Odesa on Monday.",
        meta={"title": "Russian drones struck Odesa on Monday.", "source": "test"},
        spans=[Span(0, 7, "NORP", origin="model"), Span(22, 27, "GPE", origin="model")],
    )
    with project.transaction():
        return project.add_document(doc).doc_id


@pytest.fixture
def sample_files(tmp_path: Path) -> dict[str, Path]:
    """One small valid file of each supported type, in tmp_path/input."""
    folder = tmp_path / "input"
    folder.mkdir()
    files = {
        "txt": folder / "kyiv.txt",
        "md": folder / "talks.md",
        "jsonl": folder / "wire.jsonl",
        "csv": folder / "feed.csv",
    }
    files["txt"].write_text("Missiles hit Kyiv\n\nRussian missiles hit Kyiv overnight.\n", encoding="utf-8")
    files["md"].write_text("# Talks in Doha\n\nNegotiators met in Doha on Tuesday.\n", encoding="utf-8")
    files["jsonl"].write_text(
        '{"text": "Sudan: fighting in El Fasher.", "meta": {"source": "wire", "url": "http://x"}}\n'
        '{"text": "Manila protests water cannon use.", "title": "Water cannon"}\n',
        encoding="utf-8",
    )
    files["csv"].write_text(
        'title,text,date\r\nSanctions,"The EU adopted new sanctions.\r\nMore follow.",2025-01-02\r\n',
        encoding="utf-8", newline="",
    )
    return files
