"""doccano sequence-labelling JSONL: ``label`` / ``labels`` triples and newer ``entities`` objects."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.importers import import_paths
from annotator.store import Store

TEXT = "Protesters gathered in Tbilisi 😀 on Sunday."


def _spans(project: Store) -> list[list[tuple[str, str, str, str]]]:
    out = []
    for doc_id in project.document_ids():
        doc = project.document(doc_id)
        out.append([(doc.span_text(s), s.label, s.status, doc.status) for s in doc.spans])
    return out


def test_label_triples_entities_objects_and_labels(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "doccano.jsonl"
    lines = [
        {"id": 1, "text": TEXT, "label": [[23, 30, "GPE"], [36, 42, "DATE"]], "Comments": []},
        {"text": "B " + TEXT, "labels": [[25, 32, "GPE"]]},
        {"id": 7, "text": "C " + TEXT, "entities": [{"id": 3, "label": "GPE", "start_offset": 25, "end_offset": 32}],
         "relations": []},
    ]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in lines))
    report = import_paths(project, [path])
    assert report.ok, [str(p) for p in report.problems]
    assert report.summary() == "3 documents imported with 4 annotations"
    assert _spans(project) == [
        [("Tbilisi", "GPE", "accepted", "done"), ("Sunday", "DATE", "accepted", "done")],
        [("Tbilisi", "GPE", "accepted", "done")],
        [("Tbilisi", "GPE", "accepted", "done")],
    ]


def test_an_empty_label_list_is_a_reviewed_document_without_spans(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "doccano.jsonl"
    path.write_bytes(orjson.dumps({"text": TEXT, "label": []}) + b"\n")
    assert import_paths(project, [path]).ok
    assert _spans(project) == [[]] and project.document(project.document_ids()[0]).status == "new"
