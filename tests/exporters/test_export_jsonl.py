"""The native JSONL export: DESIGN.md's record shape, Prodigy/spaCy conventions, what goes out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator import commands
from annotator.documents import Document, Span
from annotator.exporters.jsonl import ExportOptions, export_jsonl
from annotator.store import Store

TEXT = "Russian drones struck  Odesa 😀 overnight.\r\n\r\nU.S. officials met in Doha on Monday.\n"
RECORD_KEYS = {"text", "meta", "tokens", "spans", "events", "answer",
               "_input_hash", "_task_hash", "_annotator_id", "_timestamp"}
SPAN_KEYS = {"id", "start", "end", "token_start", "token_end", "label", "text", "source", "status", "kind"}


@pytest.fixture
def docs(project: Store) -> dict[str, int]:
    """A done document with accepted, suggested and rejected spans, plus an untouched one."""
    def span(word: str, label: str, origin: str = "model") -> Span:
        start = TEXT.index(word)
        return Span(start, start + len(word), label, origin=origin)

    with project.transaction():
        done = project.add_document(Document(TEXT, title="Drones", meta={"title": "Drones", "source": "wire"}, spans=[
            span("Russian", "NORP"), span("Odesa", "GPE"), span("U.S.", "GPE"), span("Doha", "GPE"),
            span("Monday", "DATE"),
        ])).doc_id
        new = project.add_document(Document("Talks in Doha resumed.", spans=[Span(9, 13, "GPE", origin="model")])).doc_id
    russian, odesa, us, doha, monday = (s.id for s in project.spans(done))
    commands.execute(project, commands.accept(done, [russian, odesa]), annotator="ana")
    commands.execute(project, commands.reject(done, [monday]), annotator="ana")
    commands.execute(project, commands.relabel(done, [us], "GPE"), annotator="ana")
    start = TEXT.index("struck")
    commands.execute(project, commands.AddSpan(done, start, start + 6, "WEAPON"), annotator="ana")
    commands.execute(project, commands.SetDocStatus(done, "done"), annotator="ana")
    return {"done": done, "new": new, "doha": doha, "monday": monday}


def _export(store: Store, path: Path, **options: Any) -> list[dict[str, Any]]:
    count = export_jsonl(store, path, ExportOptions(**options))
    lines = path.read_bytes().splitlines()
    assert count == len(lines)
    return [orjson.loads(line) for line in lines]


def test_default_exports_done_documents_with_accepted_spans(project: Store, docs, tmp_path: Path) -> None:
    (record,) = _export(project, tmp_path / "out.jsonl")
    assert set(record) == RECORD_KEYS
    assert record["text"] == TEXT
    assert [(s["text"], s["label"], s["status"], s["source"]) for s in record["spans"]] == [
        ("Russian", "NORP", "accepted", "model"), ("struck", "WEAPON", "accepted", "human"),
        ("Odesa", "GPE", "accepted", "model"), ("U.S.", "GPE", "accepted", "model"),
    ]
    assert record["events"] == []
    assert record["answer"] == "accept"
    assert record["_annotator_id"] == "ana"
    assert isinstance(record["_timestamp"], int) and record["_timestamp"] > 1_600_000_000
    assert -(2**31) <= record["_input_hash"] < 2**31 and -(2**31) <= record["_task_hash"] < 2**31
    assert record["meta"]["id"] == docs["done"]
    assert (record["meta"]["title"], record["meta"]["source"]) == ("Drones", "wire")


def test_spans_point_at_their_text_and_tokens(project: Store, docs, tmp_path: Path) -> None:
    (record,) = _export(project, tmp_path / "out.jsonl", status="any", suggestions=True)[:1]
    text, tokens = record["text"], record["tokens"]
    for span in record["spans"]:
        assert set(span) == SPAN_KEYS
        assert text[span["start"] : span["end"]] == span["text"]
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]  # token_end is inclusive
        assert span["token_start"] <= span["token_end"]
    import spacy

    doc = spacy.blank("en")(text)
    for span in record["spans"]:
        char_span = doc.char_span(span["start"], span["end"])
        assert (char_span.start, char_span.end - 1) == (span["token_start"], span["token_end"])
    us = next(s for s in record["spans"] if s["text"] == "U.S.")
    assert us["token_start"] == us["token_end"]


def test_tokens_follow_spacy(project: Store, docs, tmp_path: Path) -> None:
    """Tokens rebuild the text exactly (spaCy's words + spaces), so Doc(words, spaces) == text."""
    (record,) = _export(project, tmp_path / "out.jsonl")
    tokens = record["tokens"]
    assert all(set(t) == {"text", "start", "end", "id", "ws"} for t in tokens)
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    assert all(record["text"][t["start"] : t["end"]] == t["text"] for t in tokens)
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == record["text"]
    import spacy

    doc = spacy.blank("en")(record["text"])
    assert [t.text for t in doc] == [t["text"] for t in tokens]


def test_any_status_with_suggestions_never_includes_rejected(project: Store, docs, tmp_path: Path) -> None:
    records = _export(project, tmp_path / "out.jsonl", status="any", suggestions=True)
    assert [r["meta"]["id"] for r in records] == [docs["done"], docs["new"]]
    spans = {(r["meta"]["id"], s["text"]): s["status"] for r in records for s in r["spans"]}
    assert spans[(docs["done"], "Doha")] == "suggested"
    assert spans[(docs["new"], "Doha")] == "suggested"
    assert (docs["done"], "Monday") not in spans
    assert records[1]["answer"] != "accept" and records[1]["meta"]["status"] == "new"


def test_any_status_without_suggestions_has_only_accepted_spans(project: Store, docs, tmp_path: Path) -> None:
    records = _export(project, tmp_path / "out.jsonl", status="any")
    assert len(records) == 2
    assert {s["status"] for r in records for s in r["spans"]} == {"accepted"}
    assert records[1]["spans"] == []


def test_nothing_done_gives_an_empty_file(project: Store, tmp_path: Path) -> None:
    with project.transaction():
        project.add_document(Document("Unreviewed."))
    out = tmp_path / "empty.jsonl"
    assert export_jsonl(project, out) == 0
    assert out.read_bytes() == b""


def test_task_hash_changes_with_the_labels(project: Store, docs, tmp_path: Path) -> None:
    (before,) = _export(project, tmp_path / "a.jsonl")
    russian = next(s.id for s in project.spans(docs["done"]) if s.label == "NORP")
    commands.execute(project, commands.relabel(docs["done"], [russian], "ORG"), annotator="ana")
    (after,) = _export(project, tmp_path / "b.jsonl")
    assert before["_input_hash"] == after["_input_hash"]
    assert before["_task_hash"] != after["_task_hash"]
