"""brat standoff: NAME.txt beside NAME.ann is one document with its entities and events."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.importers import import_paths
from annotator.store import Store

TEXT = "Russian missiles struck Kyiv\r\nOblast 😀 and Zelensky will meet Vance.\r\n"
# Offsets count the text as brat reads it: the CRLF is one character.
ANN = (
    "T1\tNORP 0 7\tRussian\n"
    "T2\tWEAPON 8 16\tmissiles\n"
    "T3\tATTACK 17 23\tstruck\n"
    "T4\tLOC 24 28;29 35\tKyiv Oblast\n"
    "T5\tPERSON 42 50\tZelensky\n"
    "T6\tPERSON 61 66\tVance\n"
    "T7\tMEET 56 60\tmeet\n"
    "E1\tATTACK:T3 Attacker:T1 Instrument:T2 Target:T4\n"
    "E2\tMEET:T7 Participant:T5 Participant2:T6\n"
    "A1\tModality E2 planned\n"
    "A2\tNegated E1\n"
    "R1\tRelated Arg1:T5 Arg2:T6\n"
    "#1\tAnnotatorNotes T1\tleft out\n"
)


def _write(folder: Path, name: str = "strike", ann: str = ANN) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(TEXT.encode("utf-8"))
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8", newline="\n")
    (folder / "annotation.conf").write_text("[entities]\nNORP\n", encoding="utf-8")
    return folder


def test_a_collection_folder(project: Store, tmp_path: Path) -> None:
    report = import_paths(project, [_write(tmp_path / "brat")])
    assert report.ok, [str(p) for p in report.problems]
    assert report.summary() == "1 document imported with 7 annotations"  # .ann and .conf are not "skipped"
    doc = project.document(project.document_ids()[0])
    assert doc.text == TEXT and doc.status == "done"  # the .txt verbatim, CRLF kept
    spans = {s.id: (doc.span_text(s), s.label) for s in doc.spans}
    assert sorted(spans.values()) == [("Kyiv\r\nOblast", "LOC"), ("Russian", "NORP"), ("Vance", "PERSON"),
                                      ("Zelensky", "PERSON"), ("missiles", "WEAPON")]
    attack, meet = doc.events
    assert (doc.text[attack.trigger_start:attack.trigger_end], attack.polarity, attack.modality) == (
        "struck", "negative", "asserted")
    assert [(a.role, spans[a.span_id][0]) for a in attack.arguments] == [
        ("Attacker", "Russian"), ("Instrument", "missiles"), ("Target", "Kyiv\r\nOblast")]
    assert (doc.text[meet.trigger_start:meet.trigger_end], meet.modality) == ("meet", "planned")
    assert [(a.role, spans[a.span_id][0]) for a in meet.arguments] == [
        ("Participant", "Zelensky"), ("Participant", "Vance")]


def test_a_file_pair_named_directly_is_read_once(project: Store, tmp_path: Path) -> None:
    folder = _write(tmp_path / "brat")
    report = import_paths(project, [folder / "strike.txt", folder / "strike.ann"])
    assert report.ok and report.summary() == "1 document imported with 7 annotations"


def test_an_empty_ann_gives_a_plain_new_document(project: Store, tmp_path: Path) -> None:
    report = import_paths(project, [_write(tmp_path / "brat", ann="")])
    assert report.ok and report.summary() == "1 document imported"
    doc = project.document(project.document_ids()[0])
    assert doc.status == "new" and not doc.spans


def test_a_truly_discontinuous_span_is_refused(project: Store, tmp_path: Path) -> None:
    folder = _write(tmp_path / "brat", ann="T1\tGPE 0 7;24 28\tRussian Kyiv\n")
    report = import_paths(project, [folder])
    assert project.document_ids() == []
    (problem,) = report.problems
    assert str(problem).startswith(f"{folder / 'strike.ann'}:1: T1 (GPE): discontinuous span")


def test_a_pair_with_an_undecodable_name_is_imported(project: Store, tmp_path: Path) -> None:
    folder = _write(tmp_path / "brat", name=os.fsdecode(b"caf\xe9"))  # before: TypeError, "unexpected error"
    report = import_paths(project, [folder])
    assert report.ok, [str(p) for p in report.problems]
    assert project.document(project.document_ids()[0]).meta["source"] == str(folder / "caf\\xe9.txt")


def test_an_ann_named_beside_a_pipe_is_refused_not_read(project: Store, tmp_path: Path) -> None:
    folder = _write(tmp_path / "brat")
    (folder / "strike.txt").unlink()
    os.mkfifo(folder / "strike.txt")  # before: reading it waited forever
    report = import_paths(project, [folder / "strike.ann"])
    assert project.document_ids() == []
    assert [str(p) for p in report.problems] == [f"{folder / 'strike.txt'}: a named pipe (FIFO), not a file"]
