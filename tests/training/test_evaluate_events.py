"""Event scoring: triggers match by type and overlap, arguments by role and overlap within matched events."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.documents import Argument, Event, Span
from annotator.evaluate import EventMention, evaluate_events, event_mentions, read_events_jsonl

GOLD = [
    EventMention("ATTACK", 10, 16, arguments=(("Attacker", 0, 7), ("Target", 20, 24))),
    EventMention("DIE", 30, 36, arguments=(("Count", 37, 40),)),
    EventMention("MEET", 50, 54, modality="planned"),
]


def test_type_and_overlap_decide_a_trigger_match() -> None:
    predicted = [
        EventMention("ATTACK", 2, 16, arguments=(("Attacker", 0, 7), ("Target", 21, 30), ("Time", 40, 45))),
        EventMention("INJURE", 30, 36),  # right place, wrong type
        EventMention("MEET", 50, 54, modality="hypothetical"),
    ]
    result = evaluate_events(GOLD, predicted)
    t = result.trigger
    assert (t.tp, t.fp, t.fn) == (2, 1, 1)
    # Attacker exact, Target overlapping: right; Time: not in gold; DIE's Count: missed with its event
    a = result.argument
    assert (a.tp, a.fp, a.fn) == (2, 1, 1)
    assert result.per_type["DIE"].fn == 1 and result.per_type["INJURE"].fp == 1
    assert result.per_role["Time"].fp == 1 and result.per_role["Count"].fn == 1
    assert result.modality == (1, 2) and result.polarity == (2, 2)
    assert "trigger P=0.667 R=0.667" in result.summary()


def test_each_gold_event_is_matched_once_and_documents_are_kept_apart() -> None:
    gold = [EventMention("ATTACK", 10, 16, doc="a")]
    predicted = [EventMention("ATTACK", 10, 16, doc="a"), EventMention("ATTACK", 12, 14, doc="a"),
                 EventMention("ATTACK", 10, 16, doc="b")]
    t = evaluate_events(gold, predicted).trigger
    assert (t.tp, t.fp, t.fn) == (1, 2, 0)


def test_empty_inputs() -> None:
    result = evaluate_events([], [])
    assert result.trigger.f1 == 0.0 and result.argument.f1 == 0.0
    assert result.to_dict()["trigger"]["tp"] == 0


def test_events_with_span_indices_and_gold_files(tmp_path: Path) -> None:
    spans = [Span(0, 7, "NORP"), Span(20, 24, "GPE")]
    events = [Event("ATTACK", 10, 16, arguments=(Argument("Attacker", 0), Argument("Target", 1)))]
    mentions = event_mentions(events, spans)
    assert mentions[0].arguments == (("Attacker", 0, 7), ("Target", 20, 24))
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"type": "ATTACK", "trigger": {"start": 10, "end": 16, "text": "struck"}, "modality": "asserted",'
        ' "polarity": "positive", "arguments": [{"role": "Attacker", "start": 0, "end": 7, "text": "Russian"}]}\n\n',
        encoding="utf-8",
    )
    gold = read_events_jsonl(path)
    assert gold == [EventMention("ATTACK", 10, 16, "asserted", "positive", (("Attacker", 0, 7),))]
    assert evaluate_events(gold, mentions).argument.recall == 1.0
    path.write_text('{"type": "ATTACK"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="gold.jsonl:1"):
        read_events_jsonl(path)
