"""Imports keep a span's kind: native JSONL (in spans, or an event's nominal filler left out of them),
brat's Nominal attribute; records that cannot say (Prodigy, doccano) bring names."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.importers import import_paths
from annotator.store import Store

TEXT = "Russian troops shelled residential buildings in Kharkiv."


def _import(project: Store, path: Path) -> list[tuple[str, str, str, float | None]]:
    report = import_paths(project, [path])
    assert report.ok, [str(p) for p in report.problems]
    (doc_id,) = project.document_ids()
    return [(TEXT[s.start:s.end], s.label, s.kind, s.score) for s in project.spans(doc_id)]


def _write(path: Path, *records: dict[str, object]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def test_native_spans_keep_kind_and_score(project: Store, tmp_path: Path) -> None:
    record = {"text": TEXT, "spans": [
        {"id": "s1", "start": 0, "end": 7, "label": "NORP", "kind": "name", "score": 0.875},
        {"id": "s2", "start": 23, "end": 44, "label": "FAC", "kind": "nominal", "status": "suggested"},
        {"id": "s3", "start": 48, "end": 55, "label": "GPE"},
    ]}
    assert _import(project, _write(tmp_path / "a.jsonl", record)) == [
        ("Russian", "NORP", "name", 0.875), ("residential buildings", "FAC", "nominal", None),
        ("Kharkiv", "GPE", "name", None)]


def test_a_nominal_filler_left_out_of_spans_comes_back(project: Store, tmp_path: Path) -> None:
    shelled = TEXT.index("shelled")
    filler = {"role": "Target", "span_id": "s2", "start": 23, "end": 44, "text": "residential buildings",
              "label": "FAC", "kind": "nominal"}
    record = {"text": TEXT, "spans": [{"id": "s1", "start": 0, "end": 7, "label": "NORP"}],
              "events": [{"type": "ATTACK", "status": "accepted", "trigger": {"start": shelled, "end": shelled + 7},
                          "arguments": [{"role": "Attacker", "span_id": "s1"}, filler]},
                         {"type": "ATTACK", "status": "accepted", "trigger": {"start": shelled, "end": shelled + 7},
                          "modality": "planned", "arguments": [filler]}]}
    assert _import(project, _write(tmp_path / "a.jsonl", record)) == [
        ("Russian", "NORP", "name", None), ("residential buildings", "FAC", "nominal", None)]
    (doc_id,) = project.document_ids()
    fac = next(s for s in project.spans(doc_id) if s.kind == "nominal")
    assert fac.status == "accepted"
    assert [[(a.role, a.span_id) for a in e.arguments if a.role == "Target"] for e in project.events(doc_id)] == [
        [("Target", fac.id)], [("Target", fac.id)]]


def test_brat_nominal_attribute(project: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tNORP 0 7\tRussian\nT2\tFAC 23 44\tresidential buildings\n"
                                    "A1\tNominal T2\n", encoding="utf-8")
    assert _import(project, tmp_path / "a.txt") == [
        ("Russian", "NORP", "name", None), ("residential buildings", "FAC", "nominal", None)]


def test_prodigy_and_doccano_bring_names(project: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", {"text": TEXT, "label": [[23, 44, "FAC"]]})
    assert _import(project, path) == [("residential buildings", "FAC", "name", None)]


def test_an_unknown_kind_refuses_the_record(project: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", {"text": TEXT, "spans": [{"start": 0, "end": 7, "label": "NORP",
                                                                  "kind": "pronoun"}]})
    report = import_paths(project, [path])
    assert not report.ok and "kind must be one of name, nominal" in str(report.problems[0])
    assert project.document_ids() == []
