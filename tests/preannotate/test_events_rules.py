"""Rule-based event pre-annotation on hand-made sentences, with the real English model.

Each sentence checks one behaviour of annotator/preannotate/events/: trigger types, arguments through the
dependency parse (including fillers that are not named entities), counts, modality and polarity.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest

from annotator.documents import Event, Span
from annotator.schema import default_schema


@dataclass
class Found:
    """One sentence's events with their arguments spelled out as (role, text, label)."""

    text: str
    spans: list[Span]
    events: list[Event]

    def of(self, event_type: str) -> list[Event]:
        return [e for e in self.events if e.type == event_type]

    def one(self, event_type: str) -> Event:
        found = self.of(event_type)
        assert len(found) == 1, (event_type, self.describe())
        return found[0]

    def args(self, event: Event) -> set[tuple[str, str]]:
        return {(a.role, self.text[self.spans[a.span_id].start:self.spans[a.span_id].end]) for a in event.arguments}

    def labels(self, event: Event) -> dict[str, str]:
        return {self.text[self.spans[a.span_id].start:self.spans[a.span_id].end]: self.spans[a.span_id].label
                for a in event.arguments}

    def trigger(self, event: Event) -> str:
        return self.text[event.trigger_start:event.trigger_end]

    def describe(self) -> str:
        return "; ".join(f"{e.type}[{self.trigger(e)}] {e.modality}/{e.polarity} {sorted(self.args(e))}"
                         for e in self.events)


@pytest.fixture(scope="module")
def suggester():  # noqa: ANN201 - annotator.preannotate.Suggester
    from annotator.preannotate import Suggester, load_model

    return Suggester(load_model(), default_schema())


@pytest.fixture
def run(suggester):  # noqa: ANN001, ANN201
    def go(text: str) -> Found:
        spans, events = suggester.suggest_all(suggester.nlp(text))
        return Found(text, spans, events)

    return go


@pytest.mark.model
def test_shelling_that_kills_and_wounds_is_three_events(run) -> None:  # noqa: ANN001
    found = run("Russian forces shelled Kharkiv on Monday, killing three civilians and wounding 12.")
    attack, die, injure = found.one("ATTACK"), found.one("DIE"), found.one("INJURE")
    assert found.trigger(attack) == "shelled"
    assert {("Attacker", "Russian forces"), ("Target", "Kharkiv"), ("Time", "Monday")} <= found.args(attack)
    assert found.labels(attack)["Russian forces"] == "ORG"  # not an entity: a new span from the lexicon
    assert {("Count", "three"), ("Victim", "civilians")} <= found.args(die)
    assert found.labels(die)["civilians"] == "PERSON"
    assert ("Count", "12") in found.args(injure)
    # the killing and wounding happened where and when the shelling did, by the same forces
    assert {("Place", "Kharkiv"), ("Time", "Monday"), ("Killer", "Russian forces")} <= found.args(die)
    assert {e.origin for e in found.events} == {"rule"}
    assert all(e.score and 0 < e.score <= 1 for e in found.events)
    assert all(a.origin == "rule" and a.score and 0 < a.score <= 1 for e in found.events for a in e.arguments)


@pytest.mark.model
def test_interception_with_count_and_weapon(run) -> None:  # noqa: ANN001
    found = run("Air defences shot down 40 of 52 drones.")
    event = found.one("INTERCEPT")
    assert found.trigger(event) == "shot down"
    assert {("Interceptor", "Air defences"), ("Count", "40"), ("Weapon", "drones")} <= found.args(event)
    assert ("Count", "52") not in found.args(event)  # the total, not the number intercepted


@pytest.mark.model
def test_counts_in_words_and_coordinated_weapons(run) -> None:  # noqa: ANN001
    found = run("The Ukrainian military said it intercepted six out of seven ballistic missiles and 71 drones.")
    event = found.one("INTERCEPT")
    args = found.args(event)
    assert {("Count", "six"), ("Count", "71"), ("Weapon", "ballistic missiles"), ("Weapon", "drones")} <= args
    assert ("Interceptor", "The Ukrainian military") in args  # "it" resolved to the reporting subject
    assert ("Count", "seven") not in args


@pytest.mark.model
def test_planned_meeting_with_both_participants(run) -> None:  # noqa: ANN001
    found = run("Zelensky is scheduled to meet Vance on Friday.")
    event = found.one("MEET")
    assert event.modality == "planned"
    assert {("Participant", "Zelensky"), ("Participant", "Vance"), ("Time", "Friday")} <= found.args(event)


@pytest.mark.model
def test_might_consider_is_a_hypothetical_proposal(run) -> None:  # noqa: ANN001
    found = run("Ukraine might consider territorial exchanges with Russia.")
    event = found.one("PROPOSE")
    assert event.modality == "hypothetical"
    assert {("Proposer", "Ukraine"), ("Recipient", "Russia")} <= found.args(event)


@pytest.mark.model
def test_negation_gives_negative_polarity(run) -> None:  # noqa: ANN001
    found = run("Russia did not attack the city.")
    event = found.one("ATTACK")
    assert event.polarity == "negative"
    assert {("Attacker", "Russia"), ("Target", "the city")} <= found.args(event)
    found = run("Neither of the ballistic missiles was intercepted.")
    event = found.one("INTERCEPT")
    assert event.polarity == "negative" and ("Weapon", "ballistic missiles") in found.args(event)


@pytest.mark.model
def test_warning_that_he_would_impose_tariffs_is_a_threat(run) -> None:  # noqa: ANN001
    found = run("Trump warned that he would impose tariffs on China.")
    threat, sanction = found.one("THREATEN"), found.one("SANCTION")
    assert ("Threatener", "Trump") in found.args(threat)
    assert found.trigger(sanction) == "impose"  # "impose tariffs": the verb carries the event
    assert sanction.modality == "hypothetical"
    assert {("Imposer", "Trump"), ("Target", "China")} <= found.args(sanction)


@pytest.mark.model
def test_a_warning_about_things_is_not_a_threat(run) -> None:  # noqa: ANN001
    found = run("The ministry warned that repeated storms could damage the harvest.")
    assert not found.of("THREATEN"), found.describe()


@pytest.mark.model
def test_light_verb_lends_its_subject_and_source_comes_from_according_to(run) -> None:  # noqa: ANN001
    found = run("Russian forces launched an attack on Pokrovsk, according to the governor.")
    event = found.one("ATTACK")
    assert found.trigger(event) == "attack"  # "launched" is not a second attack
    assert {("Attacker", "Russian forces"), ("Target", "Pokrovsk"), ("Source", "the governor")} <= found.args(event)


@pytest.mark.model
def test_noun_trigger_with_nationality_and_weapon_modifiers(run) -> None:  # noqa: ANN001
    found = run("A Russian missile strike on the capital overnight killed one person.")
    attack, die = found.one("ATTACK"), found.one("DIE")
    assert {("Attacker", "Russian"), ("Instrument", "missile"), ("Target", "the capital")} <= found.args(attack)
    assert {("Count", "one"), ("Victim", "person")} <= found.args(die)
    assert ("Time", "overnight") in found.args(attack)  # "overnight" becomes a TIME span if the model missed it


@pytest.mark.model
def test_damage_to_buildings_creates_facility_spans(run) -> None:  # noqa: ANN001
    found = run("Officials reported damage to residential structures and infrastructure.")
    event = found.one("DAMAGE")
    assert {("Artifact", "residential structures"), ("Artifact", "infrastructure")} <= found.args(event)
    assert found.labels(event)["residential structures"] == "FAC"
    assert ("Source", "Officials") in found.args(event)


@pytest.mark.model
def test_arrest_and_protest(run) -> None:  # noqa: ANN001
    found = run("Police arrested seven protesters in Minsk on Sunday.")
    event = found.one("ARREST")
    assert {("Agent", "Police"), ("Person", "protesters"), ("Place", "Minsk"), ("Time", "Sunday")} <= found.args(event)
    found = run("Thousands of people protested against the war.")
    assert ("Protester", "people") in found.args(found.one("PROTEST"))


@pytest.mark.model
def test_modifier_uses_are_not_events(run) -> None:  # noqa: ANN001
    found = run("A sanctions expert inspected the attack drones.")
    assert not found.events, found.describe()


@pytest.mark.model
def test_only_schema_roles_and_fitting_labels(run, suggester) -> None:  # noqa: ANN001
    schema = suggester.schema
    text = ("Russian drones and missiles struck Odesa overnight, killing four people and injuring 19, "
            "the governor said. Hungary rejected the EU proposal on Tuesday.")
    found = run(text)
    assert found.events
    for event in found.events:
        for argument in event.arguments:
            role = schema.role(event.type, argument.role)
            assert role is not None, (event.type, argument.role)
            label = found.spans[argument.span_id].label
            assert not role.labels or role.fits(label), (event.type, argument.role, label)


def test_every_trigger_word_comes_from_resources() -> None:
    """The lexicons are data: a trigger type in resources/events.json must exist in the schema."""
    from annotator.events import load_event_config

    config = load_event_config()
    schema = default_schema()
    assert set(config["triggers"]) == {e.name for e in schema.events}
    for event_type, roles in config["roles"].items():
        for slot, role in roles.items():
            names = role.values() if isinstance(role, dict) else [role] if isinstance(role, str) else []
            for name in names:
                assert schema.role(event_type, name) is not None, (event_type, slot, name)


def test_events_module_imports_without_spacy() -> None:
    code = "import annotator.events, sys; assert 'spacy' not in sys.modules, 'spacy imported eagerly'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_no_parse_no_events() -> None:
    """A blank pipeline (tokenizer only) gives no events and no new spans, rather than guesses."""
    import spacy

    from annotator.events import EventRules

    nlp = spacy.blank("en")
    assert EventRules.build(nlp.vocab).find(nlp("Russia attacked Kyiv."), [], default_schema()) == ([], [])


@pytest.mark.model
def test_new_spans_are_only_those_arguments_use(suggester) -> None:  # noqa: ANN001
    from pathlib import Path

    text = (Path(__file__).parents[1] / "data" / "kyiv-strike.txt").read_text(encoding="utf-8")
    doc = suggester.nlp(text)
    entities = suggester.suggest(doc)
    spans, events = suggester.suggest_all(doc)
    assert spans[:len(entities)] == entities  # the entity suggestions come first, unchanged
    used = {a.span_id for e in events for a in e.arguments}
    assert set(range(len(entities), len(spans))) <= used
    assert all(s.origin == "rule" and s.score is not None for s in spans[len(entities):])
