"""Prodigy JSONL: accept -> done with accepted spans, reject -> spans kept as rejected, ignore -> skipped."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.exporters import ExportOptions, export
from annotator.importers import import_paths
from annotator.store import Store

TEXT = "Shahed drones hit Kharkiv overnight."


def _prodigy(answer: str, text: str = TEXT) -> dict[str, object]:
    """A record as Prodigy's ner.manual writes it to db-out: token offsets, no span text."""
    return {
        "text": text, "_input_hash": 1, "_task_hash": 2, "_view_id": "ner_manual", "answer": answer,
        "tokens": [{"text": "Shahed", "start": 0, "end": 6, "id": 0, "ws": True}],
        "spans": [{"start": 0, "end": 13, "token_start": 0, "token_end": 1, "label": "WEAPON"},
                  {"start": 18, "end": 25, "token_start": 3, "token_end": 3, "label": "GPE"}],
        "meta": {"source": "feed"}, "_annotator_id": "news-ana", "_session_id": "news-ana",
    }


def _import(project: Store, tmp_path: Path, *records: dict[str, object]) -> None:
    path = tmp_path / "db-out.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    report = import_paths(project, [path])
    assert report.ok, [str(p) for p in report.problems]


def _state(project: Store) -> list[tuple[str, str, list[tuple[str, str]]]]:
    docs = [project.document(i) for i in project.document_ids()]
    return [(d.text[:6], d.status, [(s.label, s.status) for s in d.spans]) for d in docs]


def test_accept_reject_and_ignore(project: Store, tmp_path: Path) -> None:
    _import(project, tmp_path, _prodigy("accept"), _prodigy("reject", "Rejected: " + TEXT),
            _prodigy("ignore", "Ignored: " + TEXT))
    assert _state(project) == [
        ("Shahed", "done", [("WEAPON", "accepted"), ("GPE", "accepted")]),
        ("Reject", "new", [("WEAPON", "rejected"), ("GPE", "rejected")]),
        ("Ignore", "skipped", [("WEAPON", "suggested"), ("GPE", "suggested")]),
    ]


def test_accepted_spans_export_as_training_data(project: Store, tmp_path: Path) -> None:
    _import(project, tmp_path, _prodigy("accept"), _prodigy("reject", "Rejected: " + TEXT))
    export(project, "jsonl", tmp_path / "out.jsonl", ExportOptions())
    (record,) = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [(s["text"], s["label"]) for s in record["spans"]] == [("Shahed drones", "WEAPON"), ("Kharkiv", "GPE")]
    assert record["answer"] == "accept" and record["_annotator_id"] == "news-ana"


def test_a_rejected_document_is_still_to_be_pre_annotated(project: Store, tmp_path: Path) -> None:
    _import(project, tmp_path, _prodigy("accept"), _prodigy("reject", "Rejected: " + TEXT))
    assert [text[:6] for _, text in project.pending_preannotation()] == ["Reject"]
