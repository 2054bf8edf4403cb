"""Bad input never stops an import: each problem names the file (and line), good parts still import."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.documents import Document
from annotator.importers import ImportProblem, import_paths, read_file
from annotator.store import Store, open_project

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\r\n", "blank"),
        ("latin1.txt", "Café".encode("latin-1"), "not valid UTF-8 at byte 3"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("odd.txt", b"\xff\xfeA", "UTF-16"),
        ("scan.docx", b"PK\x03\x04", "unsupported file type .docx"),
        ("noext", b"text", "unsupported file type (none)"),
    ],
)
def test_unreadable_files_are_reported(project: Store, tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    report = import_paths(project, [path])
    assert report.added == 0 and project.document_ids() == []
    (problem,) = report.problems
    assert str(problem).startswith(f"{path}: ") and expected in problem.message


def test_bad_jsonl_lines_are_reported_by_number_and_good_lines_import(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"text": "good one"}\n'
        '{"text": "truncated\n'
        '["not", "an object"]\n'
        '{"title": "no text"}\n'
        '{"text": "   "}\n'
        '{"text": "bad meta", "meta": [1]}\n'
        '{"text": "bad title", "title": 5}\n'
        '{"text": "good two"}\n',
        encoding="utf-8",
    )
    report = import_paths(project, [path])
    assert report.added == 2
    assert [p.line for p in report.problems] == [2, 3, 4, 5, 6, 7]
    assert all(str(p).startswith(f"{path}:{p.line}: ") for p in report.problems)
    assert [project.document(i).text for i in project.document_ids()] == ["good one", "good two"]


def test_missing_paths_are_reported_and_the_rest_imports(project: Store, tmp_path: Path, sample_files) -> None:
    missing = tmp_path / "nope.txt"
    report = import_paths(project, [missing, sample_files["txt"]])
    assert report.added == 1
    assert [str(p) for p in report.problems] == [f"{missing}: no such file or folder"]


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".md", ".jsonl", ".csv"]))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in read_file(path):
        assert isinstance(item, (Document, ImportProblem))
        if isinstance(item, Document):
            assert item.text.strip() and "\x00" not in item.text
        else:
            assert item.path == path and item.message


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _TEXT,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(["text", "meta", "title", "x"]), c, max_size=3),
    max_leaves=6,
)


@FUZZ
@given(lines=st.lists(_TEXT | _JSON.map(lambda v: orjson.dumps(v).decode()), max_size=6))
def test_random_jsonl_lines_never_stop_the_import(tmp_path: Path, lines: list[str]) -> None:
    """Every non-blank line ends up as a document or a problem naming its line."""
    path = tmp_path / "fuzz.jsonl"
    content = "\n".join(lines)
    path.write_text(content, encoding="utf-8", newline="")
    db = tmp_path / "fuzz.db"
    for leftover in tmp_path.glob("fuzz.db*"):
        leftover.unlink()
    with open_project(db) as store:
        report = import_paths(store, [path])
        stored = len(store.document_ids())
    assert report.added == stored
    if any(p.line is None for p in report.problems):  # the whole file is unreadable (blank, NUL)
        assert stored == 0 and len(report.problems) == 1
    else:
        non_blank = [n for n, line in enumerate(content.split("\n"), 1) if line.strip()]
        per_line = [p.line for p in report.problems]
        assert report.added + report.present + len(per_line) == len(non_blank)
        assert set(per_line) <= set(non_blank)
