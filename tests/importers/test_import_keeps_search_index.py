"""Every document an import adds is found by search, however the import ends (several batches,
a file stopped half-way, Ctrl+C), and documents added after it are indexed as before: the import
indexes each batch in one statement, which must leave the search index and the schema whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest

from annotator import importers
from annotator.documents import Document
from annotator.importers import import_paths
from annotator.store import Store, open_project


def _schema(store: Store) -> list[tuple[str, str]]:
    return sorted(store.conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))


def _found(store: Store, word: str) -> list[str]:
    return [store.document(i).title for i in store.matching_ids(search=word)]


def _index_is_whole(path: Path) -> None:
    with sqlite3.connect(path) as conn:  # raises "database disk image is malformed" if not
        conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()


def test_documents_of_every_batch_are_found_and_later_ones_too(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "COMMIT_EVERY_DOCS", 2)  # five files: three transactions
    folder = tmp_path / "in"
    folder.mkdir()
    words = ["alpha", "bravo", "charlie", "delta", "echo"]
    for n, word in enumerate(words):
        (folder / f"{n}.txt").write_text(f"Report {word}\n\nShelling near {word}ville on Monday.\n", encoding="utf-8")
    project = tmp_path / "project.db"
    with open_project(project) as store:
        before = _schema(store)
        report = import_paths(store, [folder])
        assert report.added == 5
        assert _schema(store) == before
        for word in words:
            assert _found(store, f"{word}ville") == [f"Report {word}"]
        with store.transaction():  # one document added the ordinary way, after the import
            store.add_document(Document(text="Later news from Foxtrotton.\n", title="later"))
        assert _found(store, "foxtrotton") == ["later"]
        assert _found(store, "shelling") == [f"Report {w}" for w in words]
    _index_is_whole(project)


def test_a_stopped_import_leaves_only_whole_files_and_a_whole_index(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "PROGRESS_EVERY_DOCS", 2)
    first = tmp_path / "a.txt"
    first.write_text("Kept article about Golfburg.\n", encoding="utf-8")
    big = tmp_path / "b.jsonl"  # stopped inside: left out whole
    big.write_bytes(b"".join(orjson.dumps({"text": f"Dropped {n} about Hotelham."}) + b"\n" for n in range(6)))
    asked = iter([False, False, True])  # before a.txt, before b.jsonl, then inside b.jsonl
    project = tmp_path / "project.db"
    with open_project(project) as store:
        before = _schema(store)
        report = import_paths(store, [first, big], should_stop=lambda: next(asked, True))
        assert report.cancelled and report.added == 1
        assert _schema(store) == before
        assert _found(store, "golfburg") == ["Kept article about Golfburg."]
        assert _found(store, "hotelham") == []
    _index_is_whole(project)


def test_ctrl_c_keeps_the_finished_files_searchable(tmp_path: Path) -> None:
    files = []
    for n, word in enumerate(["india", "juliet", "kilo"]):
        path = tmp_path / f"{n}.txt"
        path.write_text(f"Talks in {word}grad.\n", encoding="utf-8")
        files.append(path)
    seen: list[Path] = []

    def progress(_done: int, _total: int, path: Path) -> None:
        seen.append(path)
        if len(seen) == 2:
            raise KeyboardInterrupt

    project = tmp_path / "project.db"
    with open_project(project) as store:
        before = _schema(store)
        with pytest.raises(KeyboardInterrupt):
            import_paths(store, files, progress=progress)
    with open_project(project) as store:
        assert _schema(store) == before
        assert _found(store, "talks") == ["Talks in indiagrad.", "Talks in julietgrad."]
        with store.transaction():
            store.add_document(Document(text="Talks in Limaton.\n", title="later"))
        assert _found(store, "limaton") == ["later"]
    _index_is_whole(project)
