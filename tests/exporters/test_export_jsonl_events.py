"""The native JSONL carries events: DESIGN.md's shape, the export rule, arguments that point at exported spans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator import event_commands
from annotator.commands import execute
from annotator.exporters.jsonl import ExportOptions, export_jsonl, records
from annotator.store import Store

EVENT_KEYS = {"id", "type", "modality", "polarity", "status", "source", "trigger", "arguments", "codes"}
TRIGGER_KEYS = {"start", "end", "token_start", "token_end", "text"}
ARGUMENT_KEYS = {"role", "span_id", "start", "end", "text", "label", "kind"}


def _record(store: Store, path: Path, **options: Any) -> dict[str, Any]:
    export_jsonl(store, path, ExportOptions(**options))
    return orjson.loads(path.read_bytes().splitlines()[0])


def _by_type(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{e['type']}:{e['trigger']['text']}": e for e in record["events"]}


def test_accepted_events_in_designs_shape(project: Store, events_project, tmp_path: Path) -> None:
    record = _record(project, tmp_path / "out.jsonl")
    events = _by_type(record)
    assert sorted(events) == ["ATTACK:struck", "MEET:meet"]  # suggested and rejected ones stay out
    attack = events["ATTACK:struck"]
    assert set(attack) == EVENT_KEYS and set(attack["trigger"]) == TRIGGER_KEYS
    assert attack["id"] == f"e{events_project['attack']}"
    assert (attack["modality"], attack["polarity"], attack["status"], attack["source"]) == (
        "asserted", "positive", "accepted", "rule")
    assert [(a["role"], a["text"], a["label"]) for a in attack["arguments"]] == [
        ("Attacker", "Russian", "NORP"), ("Target", "Kyiv", "GPE"), ("Instrument", "missiles", "WEAPON"),
        ("Source", "officials", "PERSON")]  # in the schema's role order
    assert attack["codes"] == {"ace": "Conflict.Attack", "acled": "Explosions/Remote violence; Battles",
                               "cameo": "19x", "plover": "ASSAULT"}
    meet = events["MEET:meet"]
    assert meet["modality"] == "planned"
    assert meet["codes"]["ace"] == "Contact.Meet" and meet["codes"]["acled"] is None
    # Vance is only suggested but fills a role of the accepted event, so it goes out; Munich is rejected: empty
    assert [(a["role"], a["text"]) for a in meet["arguments"]] == [
        ("Participant", "Zelensky"), ("Participant", "Vance"), ("Time", "Friday")]


def test_suggestions_bring_suggested_events_and_fillers_never_rejected(project: Store, events_project,
                                                                        tmp_path: Path) -> None:
    record = _record(project, tmp_path / "out.jsonl", suggestions=True)
    events = _by_type(record)
    assert sorted(events) == ["ATTACK:attack", "ATTACK:struck", "MEET:meet"]
    negated = events["ATTACK:attack"]
    assert (negated["status"], negated["polarity"]) == ("suggested", "negative")
    assert [a["text"] for a in negated["arguments"]] == ["Ukraine", "Kyiv\r\nOblast"]
    assert [(a["role"], a["text"]) for a in events["MEET:meet"]["arguments"]] == [
        ("Participant", "Zelensky"), ("Participant", "Vance"), ("Time", "Friday")]
    assert all(e["status"] != "rejected" for e in record["events"])


@pytest.mark.parametrize("suggestions", [False, True])
def test_every_offset_and_reference_holds(project: Store, events_project, tmp_path: Path, suggestions: bool) -> None:
    record = _record(project, tmp_path / "out.jsonl", suggestions=suggestions)
    text, tokens = record["text"], record["tokens"]
    spans = {s["id"]: s for s in record["spans"]}
    for event in record["events"]:
        trigger = event["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
        assert tokens[trigger["token_start"]]["start"] == trigger["start"]
        assert tokens[trigger["token_end"]]["end"] == trigger["end"]  # token_end is inclusive
        for argument in event["arguments"]:
            assert set(argument) == ARGUMENT_KEYS
            if argument["kind"] == "nominal":  # officials: an event's filler, left out of the NER spans
                assert argument["span_id"] not in spans
                assert text[argument["start"] : argument["end"]] == argument["text"] == "officials"
                continue
            span = spans[argument["span_id"]]  # every other argument points at an exported span
            assert (argument["start"], argument["end"], argument["label"]) == (span["start"], span["end"], span["label"])
            assert text[argument["start"] : argument["end"]] == argument["text"] == span["text"]


def test_rejecting_a_filler_empties_its_role(project: Store, events_project, tmp_path: Path) -> None:
    from annotator import commands

    execute(project, commands.reject(events_project["doc"], [events_project["missiles"]]), annotator="ana")
    attack = _by_type(_record(project, tmp_path / "out.jsonl"))["ATTACK:struck"]
    assert [a["role"] for a in attack["arguments"]] == ["Attacker", "Target", "Source"]
    assert f"s{events_project['missiles']}" not in {a["span_id"] for a in attack["arguments"]}


def test_event_edits_change_the_task_hash(project: Store, events_project, tmp_path: Path) -> None:
    before = _record(project, tmp_path / "a.jsonl")
    execute(project, event_commands.set_modality(events_project["doc"], events_project["attack"], "hypothetical"))
    after = _record(project, tmp_path / "b.jsonl")
    assert _by_type(after)["ATTACK:struck"]["modality"] == "hypothetical"
    assert before["_input_hash"] == after["_input_hash"] and before["_task_hash"] != after["_task_hash"]


def test_records_stream_one_document_at_a_time(project: Store, events_project, monkeypatch) -> None:
    calls: list[int] = []
    real = project.events
    monkeypatch.setattr(project, "events", lambda doc_id: calls.append(doc_id) or real(doc_id))
    stream = records(project, ExportOptions(status="any"))
    first = next(stream)
    assert calls == [events_project["doc"]] and first["meta"]["id"] == events_project["doc"]
    second = next(stream)
    assert calls == [events_project["doc"], events_project["new"]] and second["events"] == []
