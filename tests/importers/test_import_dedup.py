"""An article is stored once: identical text is recognised however it arrives."""

from __future__ import annotations

from pathlib import Path

from annotator.importers import import_paths
from annotator.store import Store


def test_reimporting_the_same_files_adds_nothing(project: Store, sample_files: dict[str, Path]) -> None:
    first = import_paths(project, list(sample_files.values()))
    assert first.ok and (first.added, first.present) == (5, 0)
    second = import_paths(project, [sample_files["txt"].parent])
    assert second.ok and (second.added, second.present) == (0, 5)
    assert len(project.document_ids()) == 5


def test_same_text_in_other_files_and_formats_is_one_document(project: Store, tmp_path: Path) -> None:
    text = "Troops withdrew from Kherson."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())  # a BOM is not content
    (tmp_path / "c.jsonl").write_text(f'{{"text": "{text}", "title": "Other title"}}\n', encoding="utf-8")
    (tmp_path / "d.csv").write_text(f"text\n{text}\n", encoding="utf-8")
    report = import_paths(project, [tmp_path])
    assert (report.added, report.present) == (1, 3)
    assert [project.document(i).text for i in project.document_ids()] == [text]


def test_texts_that_differ_only_in_whitespace_are_distinct(project: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kyiv shelled.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Kyiv shelled.\r\n", encoding="utf-8")
    report = import_paths(project, [tmp_path])
    assert (report.added, report.present) == (2, 0)


def test_duplicate_keeps_the_existing_annotations(project: Store, article_doc: int, tmp_path: Path) -> None:
    before = project.spans(article_doc)
    path = tmp_path / "again.txt"
    path.write_text(project.document(article_doc).text, encoding="utf-8")
    report = import_paths(project, [path])
    assert (report.added, report.present) == (0, 1)
    assert project.document_ids() == [article_doc] and project.spans(article_doc) == before
