"""OneIE/TextEE export: token offsets that slice to the mention texts, arguments that name existing entities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.documents import Argument, Document, Event, Span
from annotator.exporters import ExportOptions, export
from annotator.exporters.common import DocumentExport
from annotator.exporters.oneie import mention_type, oneie_lines
from annotator.store import Store
from annotator.tokens import tokenize

LINE_KEYS = {"doc_id", "sent_id", "wnd_id", "lang", "tokens", "token_ids", "sentence", "text",
             "entity_mentions", "relation_mentions", "event_mentions"}


def _lines(store: Store, path: Path, **options: Any) -> list[dict[str, Any]]:
    count = export(store, "oneie", path, ExportOptions(**options))
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert count == len({line["doc_id"] for line in lines})
    return lines


def _char_range(line: dict[str, Any], start: int, end: int) -> tuple[int, int]:
    """Article offsets of tokens [start, end) from their token_ids ("doc:first-last", last inclusive)."""
    first = int(line["token_ids"][start].rsplit(":", 1)[1].split("-")[0])
    last = int(line["token_ids"][end - 1].rsplit("-", 1)[1])
    return first, last + 1


def check_line(line: dict[str, Any], text: str) -> None:
    """Every offset and reference of one OneIE line, against the article text."""
    import spacy

    nlp = spacy.blank("en")
    assert set(line) == LINE_KEYS and line["relation_mentions"] == []
    tokens = line["tokens"]
    assert [text[slice(*_char_range(line, i, i + 1))] for i in range(len(tokens))] == tokens
    start, end = _char_range(line, 0, len(tokens))
    assert line["sentence"] == line["text"] == text[start:end]
    entity_ids = {m["id"] for m in line["entity_mentions"]}
    assert len(entity_ids) == len(line["entity_mentions"])
    for item in line["entity_mentions"] + [e["trigger"] for e in line["event_mentions"]]:
        assert 0 <= item["start"] < item["end"] <= len(tokens)
        assert text[slice(*_char_range(line, item["start"], item["end"]))] == item["text"]
        assert " ".join(tokens[item["start"] : item["end"]]) == " ".join(t.text for t in nlp(item["text"]) if not t.is_space)
    for event in line["event_mentions"]:
        for argument in event["arguments"]:
            assert argument["entity_id"] in entity_ids
            entity = next(m for m in line["entity_mentions"] if m["id"] == argument["entity_id"])
            assert (argument["text"], argument["start"], argument["end"]) == (entity["text"], entity["start"], entity["end"])


def test_sentences_with_token_offsets(project: Store, events_project, tmp_path: Path) -> None:
    lines = _lines(project, tmp_path / "out.jsonl", suggestions=True)
    text = project.document(events_project["doc"]).text
    for line in lines:
        check_line(line, text)
    assert [line["sentence"] for line in lines] == [
        "Russian missiles struck Kyiv 😀 overnight, officials said.",
        "Zelensky will meet Vance in Munich on Friday.",
        "Ukraine did not attack Kyiv\r\nOblast.",
    ]
    assert [line["sent_id"] for line in lines] == [f"doc-{events_project['doc']}-{k}" for k in range(3)]
    events = {e["trigger"]["text"]: e for line in lines for e in line["event_mentions"]}
    assert sorted(events) == ["attack", "meet", "struck"]  # the rejected INTERCEPT stays out
    assert events["struck"]["event_type"] == "Conflict:Attack" and events["meet"]["event_type"] == "Contact:Meet"
    assert [(a["role"], a["text"]) for a in events["struck"]["arguments"]] == [
        ("Attacker", "Russian"), ("Target", "Kyiv"), ("Instrument", "missiles"), ("Source", "officials")]
    assert [(a["role"], a["text"]) for a in events["meet"]["arguments"]] == [
        ("Participant", "Zelensky"), ("Participant", "Vance"), ("Time", "Friday")]  # Munich is rejected
    assert (events["attack"]["polarity"], events["meet"]["modality"]) == ("negative", "planned")
    mentions = {m["text"]: m for line in lines for m in line["entity_mentions"]}
    assert "Munich" not in mentions
    assert mentions["Kyiv\r\nOblast"]["entity_type"] == "LOC"
    assert (mentions["Russian"]["mention_type"], mentions["officials"]["mention_type"]) == ("NAM", "NOM")


def test_default_export_keeps_to_accepted(project: Store, events_project, tmp_path: Path) -> None:
    lines = _lines(project, tmp_path / "out.jsonl")
    assert {e["trigger"]["text"] for line in lines for e in line["event_mentions"]} == {"struck", "meet"}
    mentions = {m["text"] for line in lines for m in line["entity_mentions"]}
    assert "Munich" not in mentions  # rejected
    assert "Vance" in mentions  # only suggested, but it fills a role of the accepted MEET


def test_types_without_an_ace_code_keep_their_name(project: Store, tmp_path: Path) -> None:
    text = "Air defences shot down 71 drones."
    with project.transaction():
        doc = project.add_document(Document(text, spans=[Span(26, 32, "WEAPON", status="accepted")])).doc_id
        (drones,) = [s.id for s in project.spans(doc)]
        project.insert_event(doc, Event("INTERCEPT", 13, 22, status="accepted", arguments=(Argument("Weapon", drones),)))
    (line,) = _lines(project, tmp_path / "out.jsonl", status="any")
    check_line(line, text)
    (event,) = line["event_mentions"]
    assert event["event_type"] == "INTERCEPT" and event["trigger"]["text"] == "shot down"
    assert event["arguments"] == [{"entity_id": f"doc-{doc}-s{drones}", "text": "drones", "role": "Weapon",
                                   "start": 5, "end": 6}]


def test_sentences_join_when_an_event_reaches_across(project: Store, tmp_path: Path) -> None:
    text = "Missiles hit Kyiv\n\nOn Monday, Russia struck again. Officials counted six dead. The end."
    monday, russia = text.index("Monday"), text.index("Russia")
    struck, officials = text.index("struck"), text.index("Officials")
    with project.transaction():
        doc = project.add_document(Document(text, spans=[
            Span(monday, monday + 6, "DATE", status="accepted"), Span(russia, russia + 6, "GPE", status="accepted"),
            Span(officials, officials + 9, "PERSON", status="accepted")])).doc_id
        ids = {project.span_row(s.id)["label"]: s.id for s in project.spans(doc)}
        project.insert_event(doc, Event("ATTACK", struck, struck + 6, status="accepted", arguments=(
            Argument("Attacker", ids["GPE"]), Argument("Time", ids["DATE"]), Argument("Source", ids["PERSON"]))))
    lines = _lines(project, tmp_path / "out.jsonl", status="any")
    for line in lines:
        check_line(line, text)
    # the title stands alone (blank line); the event's Source reaches into the next sentence: joined
    assert [line["sentence"] for line in lines] == [
        "Missiles hit Kyiv", "On Monday, Russia struck again. Officials counted six dead.", "The end."]
    (event,) = lines[1]["event_mentions"]
    assert [a["role"] for a in event["arguments"]] == ["Attacker", "Time", "Source"]


def test_mention_type_is_the_kind() -> None:
    assert mention_type(["Volodymyr", "Zelensky"]) == "NAM"
    assert mention_type(["the", "Ukrainian", "military"], "nominal") == "NOM"
    assert mention_type(["They"]) == mention_type(["they"], "nominal") == "PRO"
    assert mention_type(["71"]) == "NAM"


def test_an_empty_project_gives_an_empty_file(project: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert export(project, "oneie", out) == 0
    assert out.read_bytes() == b""


# -- any text, any spans and events: each appears once, offsets always slice the text ----------------
_WORDS = st.sampled_from(["Kyiv", "struck", "U.S.", "😀", "e\u0301", ".", "!", " ", "\r\n", "\n\n", "\t", "'s", "a"])


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, list[Span], list[Event]]:
    text = "".join(draw(st.lists(_WORDS, min_size=1, max_size=30)))
    n = len(text)
    spans = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, n - 1))
        spans.append(Span(start, draw(st.integers(start + 1, n)), "GPE", status="accepted", id=i + 1))
    events = []
    for j in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, n - 1))
        fillers = draw(st.lists(st.sampled_from(spans), max_size=3, unique=True)) if spans else []
        events.append(Event("ATTACK", start, draw(st.integers(start + 1, n)), status="accepted", id=j + 1,
                            arguments=tuple(Argument("Target", s.id) for s in fillers)))
    return text, spans, events


@settings(max_examples=300, deadline=None)
@given(doc=_documents())
def test_every_mention_once_with_consistent_offsets(doc: tuple[str, list[Span], list[Event]]) -> None:
    text, spans, events = doc
    lines = oneie_lines(DocumentExport({"id": 7, "title": "", "text": text}, spans, events))
    covered = [i for line in lines for i in range(len(line["tokens"]))]
    assert len(covered) == sum(1 for t in tokenize(text))  # every token in exactly one line
    entity_ids = [m["id"] for line in lines for m in line["entity_mentions"]]
    assert sorted(entity_ids) == sorted(f"doc-7-s{s.id}" for s in spans if text[s.start : s.end].strip())
    event_ids = [e["id"] for line in lines for e in line["event_mentions"]]
    assert sorted(event_ids) == sorted(f"doc-7-e{e.id}" for e in events if text[e.trigger_start : e.trigger_end].strip())
    for line in lines:
        tokens = line["tokens"]
        assert [text[slice(*_char_range(line, i, i + 1))] for i in range(len(tokens))] == tokens
        ids = {m["id"] for m in line["entity_mentions"]}
        for item in line["entity_mentions"] + [e["trigger"] for e in line["event_mentions"]]:
            assert 0 <= item["start"] < item["end"] <= len(tokens)
            assert text[slice(*_char_range(line, item["start"], item["end"]))] == item["text"]
        for event in line["event_mentions"]:
            assert {a["entity_id"] for a in event["arguments"]} <= ids
