"""An imported span is stored once: not twice when a record repeats it, and not beside a machine
suggestion on the same characters (that suggestion gives way, its event roles move over)."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.documents import Argument, Document, Event, Span
from annotator.importers import import_paths
from annotator.store import Store

TEXT = "Russian drones struck Odesa."


def _import(project: Store, tmp_path: Path, record: dict[str, object]) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_bytes(orjson.dumps(record) + b"\n")
    report = import_paths(project, [path])
    assert report.ok, [str(p) for p in report.problems]


def _spans(project: Store, doc_id: int) -> list[tuple[str, str, str, str]]:
    return sorted((TEXT[s.start:s.end], s.label, s.origin, s.status) for s in project.spans(doc_id))


def test_a_span_given_twice_is_stored_once(project: Store, tmp_path: Path) -> None:
    _import(project, tmp_path, {
        "text": TEXT, "answer": "accept",
        "spans": [{"id": "s1", "start": 22, "end": 27, "label": "GPE"},
                  {"id": "s2", "start": 22, "end": 27, "label": "GPE"}],
        "events": [{"type": "ATTACK", "trigger": {"start": 15, "end": 21},
                    "arguments": [{"role": "Target", "span_id": "s2"}]}],
    })
    (doc_id,) = project.document_ids()
    assert _spans(project, doc_id) == [("Odesa", "GPE", "import", "accepted")]
    (event,) = project.events(doc_id)
    (span,) = project.spans(doc_id)
    assert [(a.role, a.span_id) for a in event.arguments] == [("Target", span.id)]


def test_an_imported_span_replaces_the_suggestion_on_the_same_characters(project: Store, tmp_path: Path) -> None:
    with project.transaction():
        doc_id = project.add_document(Document(TEXT, title="t")).doc_id
    suggested = [Span(0, 7, "NORP", origin="model"), Span(22, 27, "PERSON", origin="model")]
    attack = Event("ATTACK", 15, 21, origin="rule", arguments=(Argument("Target", 1, origin="rule"),))
    project.store_suggestions([(doc_id, suggested, [attack])], model="m-1.0")

    _import(project, tmp_path, {"text": TEXT, "answer": "accept",
                                "spans": [{"start": 22, "end": 27, "label": "GPE", "text": "Odesa"}]})

    assert _spans(project, doc_id) == [("Odesa", "GPE", "import", "accepted"),
                                       ("Russian", "NORP", "model", "suggested")]
    (event,) = project.events(doc_id)
    target = next(s for s in project.spans(doc_id) if s.label == "GPE")
    assert [(a.role, a.span_id) for a in event.arguments] == [("Target", target.id)]
