"""A native JSONL record (this app's export) comes in with its spans, events, status and annotator."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.importers import import_paths
from annotator.store import Store

TEXT = "Russian drones struck Odesa. Zelensky will meet Erdogan."


def _record(**extra: object) -> dict[str, object]:
    record = {
        "text": TEXT, "meta": {"title": "Odesa", "source": "wire", "status": "in_progress"},
        "spans": [
            {"id": "s7", "start": 0, "end": 7, "label": "NORP", "text": "Russian", "source": "model", "status": "accepted"},
            {"id": "s8", "start": 22, "end": 27, "label": "GPE", "text": "Odesa", "status": "accepted"},
            {"id": "s9", "start": 29, "end": 37, "label": "PERSON", "text": "Zelensky", "status": "suggested"},
        ],
        "events": [{"id": "e3", "type": "ATTACK", "modality": "asserted", "polarity": "negative", "status": "accepted",
                    "trigger": {"start": 15, "end": 21, "text": "struck"},
                    "arguments": [{"role": "Attacker", "span_id": "s7", "start": 0, "end": 7, "text": "Russian"},
                                  {"role": "Target", "span_id": "s8"}]}],
        "answer": "ignore", "_annotator_id": "ana",
    }
    record.update(extra)
    return record


def _import(project: Store, tmp_path: Path, *records: dict[str, object]) -> str:
    path = tmp_path / "labels.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    report = import_paths(project, [path])
    assert report.ok, [str(p) for p in report.problems]
    return report.summary()


def test_spans_events_and_status_are_kept(project: Store, tmp_path: Path) -> None:
    summary = _import(project, tmp_path, _record())
    assert summary == "1 document imported with 4 annotations"
    doc = project.document(project.document_ids()[0])
    assert (doc.title, doc.status) == ("Odesa", "in_progress")  # meta.status wins over answer
    assert [(s.start, s.end, s.label, s.status, s.origin) for s in doc.spans] == [
        (0, 7, "NORP", "accepted", "import"), (22, 27, "GPE", "accepted", "import"),
        (29, 37, "PERSON", "suggested", "import")]
    (event,) = doc.events
    by_id = {s.id: s for s in doc.spans}
    assert (event.type, event.trigger_start, event.trigger_end, event.polarity, event.status) == (
        "ATTACK", 15, 21, "negative", "accepted")
    assert [(a.role, by_id[a.span_id].label) for a in event.arguments] == [("Attacker", "NORP"), ("Target", "GPE")]
    assert project.document_row(doc.id)["annotator"] == "ana"


def test_without_status_a_document_with_annotations_is_done(project: Store, tmp_path: Path) -> None:
    record = _record(meta={"title": "Odesa"})
    del record["answer"]
    _import(project, tmp_path, record)
    assert project.document(project.document_ids()[0]).status == "done"


def test_imported_documents_are_not_pre_annotated_again(project: Store, tmp_path: Path) -> None:
    _import(project, tmp_path, _record())
    assert project.count_pending_preannotation() == 0


def test_a_reviewed_document_with_the_same_text_is_left_alone(project: Store, tmp_path: Path) -> None:
    _import(project, tmp_path, _record())
    other = _record(spans=[{"start": 0, "end": 7, "label": "ORG"}], events=[])
    assert _import(project, tmp_path, other) == "0 documents imported, 1 already present"
    assert [s.label for s in project.document(project.document_ids()[0]).spans] == ["NORP", "GPE", "PERSON"]


def test_an_unreviewed_document_with_the_same_text_receives_them(project: Store, tmp_path: Path,
                                                                  add_suggested) -> None:
    doc_id = add_suggested(TEXT, ("Odesa", "GPE"))
    summary = _import(project, tmp_path, _record())
    assert summary == "0 documents imported, 4 annotations added to 1 document already present"
    doc = project.document(doc_id)
    assert project.document_ids() == [doc_id] and doc.status == "in_progress"
    # the model's GPE suggestion on "Odesa" gave way to the imported GPE on the same characters
    assert sorted((s.label, s.origin, s.status) for s in doc.spans) == [
        ("GPE", "import", "accepted"), ("NORP", "import", "accepted"), ("PERSON", "import", "suggested")]
    assert len(doc.events) == 1
