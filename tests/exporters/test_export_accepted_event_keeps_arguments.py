"""An accepted event never loses an argument in export, even when its filler is still only suggested.

Such projects exist (imported, or labelled before filling a role accepted its span): every
format that writes events treats the filler of an accepted event's argument as labelled data
and writes it, as accepted. A rejected filler stays out (the app shows that role empty).
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.documents import Argument, Document, Event, Span
from annotator.exporters import ExportOptions, export
from annotator.store import Store

TEXT = "Russian forces shelled Kharkiv on Monday."


def _project(project: Store) -> None:
    """A done document: accepted ATTACK whose Target (Kharkiv) is suggested and Time (Monday) rejected."""
    with project.transaction():
        doc = project.add_document(Document(TEXT, "Shelling")).doc_id
        forces, kharkiv, monday = project.insert_spans(doc, [
            Span(0, 14, "ORG", status="accepted"), Span(23, 30, "GPE", origin="model"),
            Span(34, 40, "DATE", origin="model", status="rejected")])
        project.insert_event(doc, Event("ATTACK", 15, 22, status="accepted", arguments=(
            Argument("Attacker", forces), Argument("Target", kharkiv), Argument("Time", monday))))
        project.update_document(doc, status="done", annotator="ana")


def test_jsonl_writes_the_suggested_filler(project: Store, tmp_path: Path) -> None:
    _project(project)
    out = tmp_path / "out.jsonl"
    export(project, "jsonl", out, ExportOptions())
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    (event,) = record["events"]
    assert [(a["role"], a["text"]) for a in event["arguments"]] == [("Attacker", "Russian forces"), ("Target", "Kharkiv")]
    spans = {s["id"]: s for s in record["spans"]}
    assert all(a["span_id"] in spans for a in event["arguments"])
    assert sorted((s["text"], s["status"]) for s in record["spans"]) == [("Kharkiv", "accepted"),
                                                                         ("Russian forces", "accepted")]


def test_oneie_writes_the_suggested_filler(project: Store, tmp_path: Path) -> None:
    _project(project)
    out = tmp_path / "out.oneie.jsonl"
    export(project, "oneie", out, ExportOptions())
    (line,) = [orjson.loads(row) for row in out.read_bytes().splitlines()]
    (event,) = line["event_mentions"]
    assert [(a["role"], a["text"]) for a in event["arguments"]] == [("Attacker", "Russian forces"), ("Target", "Kharkiv")]
    assert sorted(m["text"] for m in line["entity_mentions"]) == ["Kharkiv", "Russian forces"]


def test_brat_writes_the_suggested_filler(project: Store, tmp_path: Path) -> None:
    _project(project)
    out = tmp_path / "brat"
    export(project, "brat", out, ExportOptions())
    (ann,) = out.glob("*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    shown: dict[str, str] = {}  # text-bound id -> its text
    for row in lines:
        if row.startswith("T"):
            tid, _kind, text = row.split("\t")
            shown[tid] = text
    (event_line,) = [row for row in lines if row.startswith("E")]
    roles = [part.split(":") for part in event_line.split("\t")[1].split()[1:]]
    assert [(role, shown[tid]) for role, tid in roles] == [("Attacker", "Russian forces"), ("Target", "Kharkiv")]
    assert "Monday" not in shown.values()
