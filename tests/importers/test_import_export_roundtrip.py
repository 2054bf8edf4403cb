"""Any valid UTF-8 text comes back out of the export exactly as it went in."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.exporters.jsonl import ExportOptions, export_jsonl
from annotator.importers import import_paths
from annotator.store import open_project

# Any code point UTF-8 can hold, minus NUL (binary) and surrogates (not encodable); not blank;
# not starting with U+FEFF, which a file cannot tell apart from a byte-order mark.
TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=80,
).filter(lambda t: t.strip() and not t.startswith("\ufeff"))


def _roundtrip(name: str, data: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / name).write_bytes(data)
        with open_project(folder / "p.db") as store:
            report = import_paths(store, [folder / name])
            assert report.ok, [str(p) for p in report.problems]
            export_jsonl(store, folder / "out.jsonl", ExportOptions(status="any"))
        return [orjson.loads(line)["text"] for line in (folder / "out.jsonl").read_bytes().splitlines()]


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_text_file(text: str) -> None:
    assert _roundtrip("a.txt", text.encode("utf-8")) == [text]


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_jsonl_record(text: str) -> None:
    assert _roundtrip("a.jsonl", orjson.dumps({"text": text, "meta": {"k": text}}) + b"\n") == [text]


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_csv_cell(text: str) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["title", "text"], ["t", text]])
    assert _roundtrip("a.csv", buffer.getvalue().encode("utf-8")) == [text]
