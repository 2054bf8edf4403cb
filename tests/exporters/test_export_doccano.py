"""`--format doccano`: each line parses back to the text and spans a doccano project would show."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.cli import main
from annotator.store import Store


def test_doccano_lines_hold_the_exported_spans(project: Store, events_project: dict[str, int], tmp_path: Path) -> None:
    doc = project.document(events_project["doc"])
    names = [s for s in project.spans(doc.id) if s.kind == "name"]  # the nominal "officials" stays out
    # Accepted spans, and suggested Vance: it fills a role of the accepted MEET event, so it is labelled data.
    accepted = sorted((s.start, s.end, s.label) for s in names if s.status == "accepted" or s.id == events_project["vance"])
    suggested = sorted((s.start, s.end, s.label) for s in names if s.status != "rejected")
    db = project.path
    project.close()
    out = tmp_path / "labels.jsonl"
    assert main(["export", str(db), str(out), "--format", "doccano"]) == 0
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert record["text"] == doc.text  # CRLF and emoji verbatim; offsets count code points
    assert [tuple(label) for label in record["label"]] == accepted
    texts = {record["text"][s:e] for s, e, _ in record["label"]}
    assert {"Russian", "missiles", "Kyiv", "Kyiv\r\nOblast", "Zelensky"} <= texts
    assert record["meta"]["id"] == doc.id and record["meta"]["source"] == "wire"

    assert main(["export", str(db), str(out), "--format", "doccano", "--status", "any", "--suggestions"]) == 0
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [tuple(label) for label in records[0]["label"]] == suggested  # Vance too, never rejected Munich
    assert records[1]["text"] == "Talks in Doha resumed." and records[1]["label"] == [[9, 13, "GPE"]]
