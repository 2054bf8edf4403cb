"""Event arguments the parse gives beyond subject and object: adjective complements, bare counts,
noun triggers that drive a verb, directed verbs and explosions."""

from __future__ import annotations

import pytest

from annotator.schema import default_schema


@pytest.fixture(scope="module")
def suggester():  # noqa: ANN201 - annotator.preannotate.Suggester
    from annotator.preannotate import Suggester, load_model

    return Suggester(load_model(), default_schema())


def events(suggester, text: str) -> list[tuple[str, str, set[tuple[str, str]]]]:  # noqa: ANN001
    """(type, trigger, {(role, filler text)}) of each event found in ``text``."""
    spans, found = suggester.suggest_all(suggester.nlp(text))
    return [(e.type, text[e.trigger_start:e.trigger_end],
             {(a.role, text[spans[a.span_id].start:spans[a.span_id].end]) for a in e.arguments}) for e in found]


def roles_of(found: list[tuple[str, str, set[tuple[str, str]]]], event_type: str) -> set[tuple[str, str]]:
    return set().union(*[args for t, _, args in found if t == event_type])


@pytest.mark.model
def test_victim_of_an_adjective_trigger(suggester) -> None:  # noqa: ANN001
    found = events(suggester, "Later, a man was shot dead when he opened his door.")
    assert ("Victim", "a man") in roles_of(found, "DIE")


@pytest.mark.model
def test_a_bare_count_is_also_the_victim(suggester) -> None:  # noqa: ANN001
    found = events(suggester, "The gunmen killed 23 soldiers and injured another 15.")
    injured = roles_of(found, "INJURE")
    assert any(role == "Victim" and "15" in text for role, text in injured), found


@pytest.mark.model
def test_explosions_are_attacks_and_their_effects_give_the_target(suggester) -> None:  # noqa: ANN001
    found = events(suggester, "The federal building was shattered by an explosion.")
    assert [(t, trig) for t, trig, _ in found if t == "ATTACK"] == [("ATTACK", "explosion")]
    assert ("Target", "The federal building") in roles_of(found, "ATTACK")


@pytest.mark.model
def test_a_directed_verb_gives_a_noun_trigger_its_target(suggester) -> None:  # noqa: ANN001
    found = events(suggester, "The bombings were aimed at civilians.")
    assert ("Target", "civilians") in roles_of(found, "ATTACK")
    found = events(suggester, "There were bombings targeted at the army.")
    assert ("Target", "the army") in roles_of(found, "ATTACK")


@pytest.mark.model
def test_who_claims_responsibility_is_the_attacker(suggester) -> None:  # noqa: ANN001
    found = events(suggester, "The Taliban claimed responsibility for the bombing.")
    assert any(role == "Attacker" and "Taliban" in text for role, text in roles_of(found, "ATTACK")), found


@pytest.mark.model
def test_the_by_phrase_of_a_participle_and_the_place_an_explosion_was_at(suggester) -> None:  # noqa: ANN001
    found = events(suggester, "They feared attacks carried out by militants.")
    assert ("Attacker", "militants") in roles_of(found, "ATTACK")
    found = events(suggester, "The worst explosion was at the bus station.")
    assert any(role == "Place" and "station" in text for role, text in roles_of(found, "ATTACK")), found
