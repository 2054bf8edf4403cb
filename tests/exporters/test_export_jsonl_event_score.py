"""Suggested events and their arguments go out with their scores, and an import keeps them."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.documents import Argument, Document, Event, Span
from annotator.exporters import ExportOptions, export
from annotator.importers import import_paths
from annotator.store import Store, open_project

TEXT = "Russian drones struck Odesa on Monday."


def _records(store: Store, out: Path) -> list[dict]:
    export(store, "jsonl", out, ExportOptions(status="any", suggestions=True))
    return [orjson.loads(line) for line in out.read_bytes().splitlines()]


def test_event_and_argument_scores_go_out_and_come_back(project: Store, tmp_path: Path) -> None:
    with project.transaction():
        doc = project.add_document(Document(TEXT)).doc_id
        project.store_suggestions(
            [(doc, [Span(0, 7, "NORP", origin="model", score=0.9), Span(22, 27, "GPE", origin="model", score=0.8)],
              [Event("ATTACK", 15, 21, origin="rule", score=0.85,
                     arguments=(Argument("Attacker", 0, score=0.7, origin="rule"),
                                Argument("Target", 1, score=0.65, origin="rule")))])],
            model="test")
    (record,) = _records(project, tmp_path / "out.jsonl")
    (event,) = record["events"]
    assert event["score"] == 0.85
    assert [(a["role"], a["score"]) for a in event["arguments"]] == [("Attacker", 0.7), ("Target", 0.65)]

    again = open_project(tmp_path / "again.db")
    with again:
        assert import_paths(again, [tmp_path / "out.jsonl"]).ok
        (back,) = _records(again, tmp_path / "back.jsonl")
    (event,) = back["events"]
    assert event["score"] == 0.85
    assert [(a["role"], a["score"]) for a in event["arguments"]] == [("Attacker", 0.7), ("Target", 0.65)]
