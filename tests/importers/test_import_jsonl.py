"""JSONL files: one document per line with "text", optional "meta" and "title"."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.importers import import_paths
from annotator.store import Store


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_line_becomes_a_document_with_its_meta(project: Store, tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "w.jsonl", [
        orjson.dumps({"text": "Strike on Odesa.", "meta": {"source": "Reuters", "url": "u1"}}).decode(),
        orjson.dumps({"text": "Talks in Doha.", "title": "Doha talks"}).decode(),
        orjson.dumps({"text": "Protest in Manila.", "meta": {"title": "From meta"}}).decode(),
    ])
    report = import_paths(project, [path])
    assert report.ok and report.added == 3
    docs = [project.document(i) for i in project.document_ids()]
    assert [d.text for d in docs] == ["Strike on Odesa.", "Talks in Doha.", "Protest in Manila."]
    assert [d.title for d in docs] == ["Strike on Odesa.", "Doha talks", "From meta"]
    assert docs[0].meta["source"] == "Reuters" and docs[0].meta["url"] == "u1"
    assert docs[1].meta["source"] == str(path)  # no source given: the file


def test_text_with_line_separators_and_crlf_is_kept_whole(project: Store, tmp_path: Path) -> None:
    text = "First para\u2028still first\r\nsecond\u2029third\u0085fourth"
    path = tmp_path / "sep.jsonl"
    path.write_bytes(orjson.dumps({"text": text}) + b"\r\n")  # CRLF line endings, too
    report = import_paths(project, [path])
    assert report.ok and report.added == 1
    assert project.document(project.document_ids()[0]).text == text


def test_blank_lines_are_ignored(project: Store, tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "gaps.ndjson", ["", '{"text": "one"}', "   ", '{"text": "two"}', ""])
    report = import_paths(project, [path])
    assert report.ok and report.added == 2
