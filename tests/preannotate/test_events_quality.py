"""Event pre-annotation quality against hand-annotated articles: trigger and argument P/R/F.

Gold files (tests/data/*.events.gold.jsonl, one event per line) were annotated by hand with
these conventions: the trigger is the word (or phrasal verb) that most clearly names the event;
"launched an attack" and "impose sanctions" are one event; a strike that kills and wounds is
ATTACK + DIE + INJURE, and the deaths/injuries/damage share the attack's attacker, instrument,
place (a place attacked included), time and source; an argument is the named entity where one
exists, else the noun phrase without its count (the count fills Count); pronouns are resolved
to their antecedent; Source is who reports the event (a "said"/"according to" subject).

Scoring (annotator.evaluate.evaluate_events): a trigger is right when type and offsets overlap;
an argument when its event is right and role and offsets overlap.

The seed article and samples 01 and 03 were used while writing the rules (development set);
samples 02 and 04 were annotated before the rules were ever run on them (held out), so their
figures are the fairer estimate. Print the figures with
``python -m pytest tests/preannotate/test_events_quality.py -q -s -p no:cacheprovider``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import orjson
import pytest

from annotator.evaluate import EventEvaluation, EventMention, evaluate_events, event_mentions, read_events_jsonl
from annotator.schema import default_schema

DATA = Path(__file__).parents[1] / "data"


def _sample(name: str) -> str:
    return resources.files("resources.samples").joinpath(f"{name}.txt").read_text(encoding="utf-8")


# name -> (text, floors: trigger P, trigger R, argument P, argument R); floors sit a little
# under what the rules reach today, so a regression fails but noise in a new model does not.
DEVELOPMENT = {
    "kyiv-strike": (lambda: (DATA / "kyiv-strike.txt").read_text(encoding="utf-8"), (0.9, 0.9, 0.85, 0.75)),
    "01-black-sea-drone-attack": (lambda: _sample("01-black-sea-drone-attack"), (0.85, 0.85, 0.8, 0.7)),
    "03-eu-uk-sanctions-russia": (lambda: _sample("03-eu-uk-sanctions-russia"), (0.85, 0.85, 0.85, 0.7)),
}
HELD_OUT = {
    "02-doha-ceasefire-talks": (lambda: _sample("02-doha-ceasefire-talks"), (0.85, 0.75, 0.7, 0.5)),
    "04-sudan-el-fasher-fighting": (lambda: _sample("04-sudan-el-fasher-fighting"), (0.85, 0.75, 0.7, 0.45)),
}
ALL = {**DEVELOPMENT, **HELD_OUT}


def _gold_path(name: str) -> Path:
    return DATA / f"{name}.events.gold.jsonl"


@pytest.mark.parametrize("name", sorted(ALL))
def test_gold_file_is_consistent(name: str) -> None:
    """Every gold trigger and argument points at its text, is token-aligned and fits the schema."""
    import spacy

    text = ALL[name][0]()
    doc = spacy.blank("en")(text)
    schema = default_schema()
    records = [orjson.loads(line) for line in _gold_path(name).read_text(encoding="utf-8").splitlines() if line]
    assert len(records) == len(read_events_jsonl(_gold_path(name))) > 0
    for r in records:
        trigger = r["trigger"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"], r
        assert doc.char_span(trigger["start"], trigger["end"]) is not None, f"trigger not token-aligned: {r}"
        assert schema.event(r["type"]) is not None, r
        assert r["modality"] in schema.modalities and r["polarity"] in schema.polarities, r
        for a in r["arguments"]:
            assert text[a["start"]:a["end"]] == a["text"], (r["type"], a)
            assert doc.char_span(a["start"], a["end"]) is not None, f"argument not token-aligned: {a}"
            role = schema.role(r["type"], a["role"])
            assert role is not None, (r["type"], a["role"])
            assert role.repeat or sum(b["role"] == a["role"] for b in r["arguments"]) == 1, (r["type"], a["role"])


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[list[EventMention], list[EventMention]]]:
    """(gold, predicted) events per article, from the real model plus the rules."""
    from annotator.preannotate import Suggester, load_model

    suggester = Suggester(load_model(), default_schema())
    found = {}
    for name, (text, _) in ALL.items():
        spans, events = suggester.suggest_all(suggester.nlp(text()))
        found[name] = (read_events_jsonl(_gold_path(name), doc=name), event_mentions(events, spans, doc=name))
    return found


def _report(name: str, result: EventEvaluation) -> str:
    types = ", ".join(f"{k} {v.tp}/{v.tp + v.fn}" for k, v in sorted(result.per_type.items()))
    return f"{result.summary(name)}\n    found/gold per type: {types}"


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(ALL))
def test_article_reaches_its_floors(name: str, results) -> None:  # noqa: ANN001
    gold, predicted = results[name]
    result = evaluate_events(gold, predicted)
    summary = _report(name, result)
    print("\n" + summary)
    trigger_p, trigger_r, argument_p, argument_r = ALL[name][1]
    assert result.trigger.precision >= trigger_p, summary
    assert result.trigger.recall >= trigger_r, summary
    assert result.argument.precision >= argument_p, summary
    assert result.argument.recall >= argument_r, summary


@pytest.mark.model
def test_totals_and_seed_expectations(results) -> None:  # noqa: ANN001
    """The events issue 3 says an analyst expects in the seed article are all found."""
    for label, names in (("development", DEVELOPMENT), ("held out", HELD_OUT)):
        gold = [e for n in names for e in results[n][0]]
        predicted = [e for n in names for e in results[n][1]]
        print("\n" + evaluate_events(gold, predicted).summary(f"all {label}"))
    text = (DATA / "kyiv-strike.txt").read_text(encoding="utf-8")
    _, predicted = results["kyiv-strike"]
    found = {(e.type, text[e.start:e.end], e.modality) for e in predicted}
    expected = {
        ("ATTACK", "Strike", "asserted"), ("ATTACK", "strike", "asserted"), ("ATTACK", "launched", "asserted"),
        ("DIE", "Killed", "asserted"), ("INJURE", "injuries", "asserted"),
        ("INTERCEPT", "intercepted", "asserted"), ("PROPOSE", "exchanges", "hypothetical"),
        ("REJECT", "dismissed", "asserted"), ("THREATEN", "caution", "asserted"),
        ("SANCTION", "impose", "hypothetical"), ("MEET", "meet", "planned"),
    }
    assert expected <= found, sorted(expected - found)
    assert sum(e.type == "ATTACK" and text[e.start:e.end] == "attacks" for e in predicted) >= 2  # incl. Kryvyi Rih
    counts = {text[s:t] for e in predicted if e.type == "INTERCEPT" for r, s, t in e.arguments if r == "Count"}
    assert {"six", "71"} <= counts
