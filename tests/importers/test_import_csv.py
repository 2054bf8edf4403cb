"""CSV files: a "text" column (required), other columns go to meta, "title" names the document."""

from __future__ import annotations

from pathlib import Path

from annotator.importers import import_paths
from annotator.store import Store


def test_rows_become_documents_and_columns_become_meta(project: Store, sample_files: dict[str, Path]) -> None:
    report = import_paths(project, [sample_files["csv"]])
    assert report.ok and report.added == 1
    doc = project.document(project.document_ids()[0])
    assert doc.text == "The EU adopted new sanctions.\r\nMore follow."  # quoted newline kept verbatim
    assert doc.title == "Sanctions"
    assert doc.meta["date"] == "2025-01-02"
    assert doc.meta["source"] == str(sample_files["csv"])


def test_without_title_column_the_first_line_is_the_title(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('id,text\n7,"Headline here\nBody, with comma."\n8,Second row\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert report.ok and report.added == 2
    docs = [project.document(i) for i in project.document_ids()]
    assert [d.title for d in docs] == ["Headline here", "Second row"]
    assert docs[0].meta["id"] == "7"


def test_long_cells_are_read(project: Store, tmp_path: Path) -> None:
    body = "word " * 60_000  # 300 kB, over the csv module's default field limit
    path = tmp_path / "long.csv"
    path.write_text(f'text\n"{body}"\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert report.ok
    assert project.document(project.document_ids()[0]).text == body


def test_missing_text_column_names_the_columns(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("headline,body\nA,B\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.added == 0
    (problem,) = report.problems
    assert str(problem).startswith(f"{path}:1: ")
    assert "'headline', 'body'" in problem.message


def test_empty_cell_is_reported_with_its_line_and_other_rows_import(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "gap.csv"
    path.write_text("title,text\nA,first\nB,\nC,third\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.added == 2
    assert [str(p) for p in report.problems] == [f'{path}:3: empty "text" cell']
