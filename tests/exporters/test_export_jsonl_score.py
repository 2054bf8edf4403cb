"""The JSONL export writes each suggestion's confidence as the span's ``score``; a span made by hand has none."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.documents import Document, Span
from annotator.exporters import ExportOptions, export
from annotator.store import Store

TEXT = "Russian drones struck Odesa on Monday."


def test_scores_of_suggestions_go_out(project: Store, tmp_path: Path) -> None:
    with project.transaction():
        doc = project.add_document(Document(TEXT)).doc_id
        project.insert_spans(doc, [Span(0, 7, "NORP", origin="model", score=0.25),
                                   Span(22, 27, "GPE", origin="model", status="accepted", score=0.875),
                                   Span(31, 37, "DATE", origin="human", status="accepted")])
    out = tmp_path / "labels.jsonl"
    export(project, "jsonl", out, ExportOptions(status="any", suggestions=True))
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [(s["text"], s.get("score")) for s in record["spans"]] == [
        ("Russian", 0.25), ("Odesa", 0.875), ("Monday", None)]
    assert "score" not in record["spans"][2]
