"""Property tests of the importers: any bytes give documents or one-line problems, never an exception;
good records come back verbatim; each document goes in whole or not at all.

Run with ``--hypothesis-show-statistics`` to see how many cases each property tried.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.documents import Document
from annotator.importers import ImportProblem, decode, import_paths, read_file
from annotator.importers.csv import rows as csv_rows
from annotator.importers.jsonl import records as jsonl_records
from annotator.safe_read import Unreadable
from annotator.store import open_project

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text as articles hold it: any code point but lone surrogates, with the awkward ones made likely.
AWKWARD = ["\r\n", "\r", "\n", "\t", "\u2028", "\u2029", "\x85", "\ufeff", "😀", "👩\u200d👩\u200d👧", "🇺🇦", "e\u0301",
           "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645", "\u202e", '"', ",", "=1+1", "<b>x</b>"]
TEXT = st.lists(st.sampled_from(AWKWARD) | st.text(st.characters(exclude_categories=["Cs"]), max_size=4),
                max_size=12).map("".join)
ARTICLE = TEXT.filter(lambda t: t.strip() != "" and "\x00" not in t)
SUFFIXES = [".txt", ".md", ".jsonl", ".csv"]


def one_line(problem: ImportProblem, path: Path) -> None:
    text = str(problem)
    assert problem.path == path and problem.message and "\n" not in text and "\r" not in text


@FUZZ
@given(data=st.binary(max_size=400))
def test_decode_returns_text_or_a_reason(data: bytes) -> None:
    try:
        text = decode(data)
    except Unreadable as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert text.strip() and "\x00" not in text


@FUZZ
@given(text=ARTICLE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom"]))
def test_decode_gives_back_the_text_in_every_supported_encoding(text: str, encoding: str) -> None:
    if encoding == "utf-8":
        assume(not text.startswith("\ufeff"))  # a leading U+FEFF in UTF-8 *is* the byte-order mark
    data = b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    assert decode(data) == text


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_supported_file_give_documents_or_problems(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in read_file(path):
        if isinstance(item, ImportProblem):
            one_line(item, path)
        else:
            assert isinstance(item, Document) and item.text.strip() and "\x00" not in item.text


@FUZZ
@given(records=st.lists(st.fixed_dictionaries({"text": ARTICLE}, optional={
    "title": TEXT, "meta": st.dictionaries(st.text(max_size=5), TEXT | st.integers(-(2**63), 2**63 - 1) | st.none(), max_size=3)}),
    min_size=1, max_size=5))
def test_jsonl_records_come_back_verbatim(tmp_path: Path, records: list[dict]) -> None:
    path = tmp_path / "r.jsonl"
    items = list(jsonl_records(path, "\n".join(orjson.dumps(r).decode() for r in records)))
    assert [i.text for i in items] == [r["text"] for r in records]  # type: ignore[union-attr]
    for item, record in zip(items, records):
        assert isinstance(item, Document)
        for key, value in (record.get("meta") or {}).items():
            if key not in ("title", "source"):
                assert item.meta[key] == value


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers(-(2**63), 2**63 - 1) | TEXT,
                          lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(["text", "title", "meta", "x"]), c, max_size=3),
                          max_leaves=8)


@FUZZ
@given(values=st.lists(JSON_VALUE, min_size=1, max_size=6))
def test_any_json_value_is_a_document_or_a_problem_on_its_line(tmp_path: Path, values: list) -> None:
    path = tmp_path / "v.jsonl"
    lines = [orjson.dumps(v).decode() for v in values]
    items = list(jsonl_records(path, "\n".join(lines)))
    assert len(items) == len(lines)
    # The value as the line holds it: orjson writes an infinite float as null.
    for number, (item, value) in enumerate(zip(items, map(orjson.loads, lines)), start=1):
        good = (isinstance(value, dict) and isinstance(value.get("text"), str) and value["text"].strip() != ""
                and "\x00" not in value["text"] and isinstance(value.get("meta", {}), (dict, type(None)))
                and isinstance(value.get("title", ""), (str, type(None))))
        if good:
            assert isinstance(item, Document) and item.text == value["text"]
        else:
            assert isinstance(item, ImportProblem) and item.line == number
            one_line(item, path)


CELL = TEXT.filter(lambda t: "\x00" not in t)


@FUZZ
@given(rows=st.lists(st.tuples(ARTICLE, CELL, CELL), min_size=1, max_size=5),
       dialect=st.sampled_from([("\r\n", csv.QUOTE_MINIMAL), ("\n", csv.QUOTE_ALL), ("\r\n", csv.QUOTE_ALL)]))
def test_csv_cells_come_back_verbatim_and_formulas_stay_text(tmp_path: Path, rows: list[tuple[str, str, str]],
                                                             dialect: tuple[str, int]) -> None:
    # Not "\n" with minimal quoting: Python's writer then leaves a lone CR unquoted, which every reader takes as a line end.
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=dialect[0], quoting=dialect[1])
    writer.writerow(["text", "title", "note"])
    writer.writerows(rows)
    items = list(csv_rows(tmp_path / "t.csv", out.getvalue()))
    assert all(isinstance(i, Document) for i in items)
    assert [(i.text, i.meta["note"]) for i in items] == [(t, n) for t, _, n in rows]  # type: ignore[union-attr]


@FUZZ
@given(text=st.text(st.sampled_from('ab",\r\n =+-@\t'), max_size=60))
def test_any_csv_gives_whole_rows_or_a_problem_on_a_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.csv"
    items = list(csv_rows(path, "text,note\n" + text))
    for item in items:
        if isinstance(item, ImportProblem):
            one_line(item, path)
            assert item.line is not None and 1 <= item.line <= text.count("\n") + text.count("\r") + 2
        else:
            assert item.text.strip() and set(item.meta) == {"note", "title", "source"}


FILE = st.one_of(
    st.binary(max_size=200),
    st.lists(ARTICLE, min_size=1, max_size=3).map(lambda ts: "\n".join(orjson.dumps({"text": t}).decode() for t in ts).encode()),
    ARTICLE.map(lambda t: t.encode("utf-8")),
)


@FEW
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES), FILE), min_size=1, max_size=6))
def test_a_folder_of_anything_imports_whole_documents_and_reports_the_rest(tmp_path_factory: pytest.TempPathFactory,
                                                                          files: list[tuple[str, bytes]]) -> None:
    """Every document a file yields on its own is stored exactly; nothing else is; no exception escapes."""
    folder = tmp_path_factory.mktemp("in")
    for n, (suffix, data) in enumerate(files):
        (folder / f"f{n}{suffix}").write_bytes(data)
    expected: set[str] = set()
    problems = 0
    for path in sorted(folder.iterdir()):
        for item in read_file(path):
            if isinstance(item, Document):
                expected.add(item.text)
            else:
                problems += 1
    with open_project(tmp_path_factory.mktemp("db") / "p.db") as store:
        report = import_paths(store, [folder])
        stored = {store.document(i).text for i in store.document_ids()}
    assert stored == expected and report.added == len(expected) and len(report.problems) == problems
    for problem in report.problems:
        assert "\n" not in str(problem) and problem.path.parent == folder

