"""Rules find WEAPON phrases and gazetteer places; merge combines them with model entities as documented."""

from __future__ import annotations

from annotator.documents import Span
from annotator.rules import Rules, load_patterns, merge

OVERRIDE = frozenset({"PERSON", "PRODUCT", "ORG"})


def found(rules: Rules, blank_nlp, text: str) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(text[s.start : s.end], s.label) for s in rules.find(blank_nlp(text))]


def model(start: int, end: int, label: str) -> Span:
    return Span(start, end, label, origin="model")


def rule(start: int, end: int, label: str) -> Span:
    return Span(start, end, label, origin="rule")


def test_weapon_phrases_match_case_insensitively_longest_first(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    assert found(rules, blank_nlp, "Two Ballistic Missiles and 71 DRONES were launched.") == [
        ("Ballistic Missiles", "WEAPON"),
        ("DRONES", "WEAPON"),
    ]
    assert found(rules, blank_nlp, "A missile hit; Shahed drones followed.") == [
        ("missile", "WEAPON"),
        ("Shahed drones", "WEAPON"),
    ]


def test_gazetteer_places(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    text = "Strikes in Kyiv and Kryvyi Rih, and ships in the Black Sea."
    assert found(rules, blank_nlp, text) == [("Kyiv", "GPE"), ("Kryvyi Rih", "GPE"), ("the Black Sea", "LOC")]
    assert rules.weapon_label == load_patterns()["weapons"]["label"] == "WEAPON"


def test_excluded_and_lowercase_words_are_not_places(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    exclude = load_patterns()["gazetteer"]["exclude"]
    assert {"Nice", "May", "Jordan", "Reading", "White House"} <= set(exclude)
    assert found(rules, blank_nlp, "In May, Jordan said the White House was Nice when Reading.") == []
    assert found(rules, blank_nlp, "a nice kyiv paris") == []  # places match the exact spelling only


def test_rule_without_overlap_is_added() -> None:
    result = merge([model(0, 7, "NORP")], [rule(10, 14, "GPE")], override=OVERRIDE, weapon_label="WEAPON")
    assert result == [model(0, 7, "NORP"), rule(10, 14, "GPE")]


def test_exact_match_replaces_a_label_the_rules_know_better() -> None:
    result = merge([model(0, 4, "PERSON")], [rule(0, 4, "GPE")], override=OVERRIDE, weapon_label="WEAPON")
    assert result == [rule(0, 4, "GPE")]


def test_exact_match_keeps_a_model_label_not_overridden() -> None:
    result = merge([model(0, 4, "LOC")], [rule(0, 4, "GPE")], override=OVERRIDE, weapon_label="WEAPON")
    assert result == [model(0, 4, "LOC")]
    same = merge([model(0, 4, "GPE")], [rule(0, 4, "GPE")], override=OVERRIDE, weapon_label="WEAPON")
    assert same == [model(0, 4, "GPE")]


def test_exact_weapon_match_replaces_any_other_label() -> None:
    result = merge([model(0, 8, "NORP")], [rule(0, 8, "WEAPON")], override=OVERRIDE, weapon_label="WEAPON")
    assert result == [rule(0, 8, "WEAPON")]


def test_weapon_replaces_the_entities_it_covers() -> None:
    # "Patriot missiles and S-300s": the model tags "Patriot" NORP inside the WEAPON phrase
    models = [model(0, 7, "NORP"), model(30, 35, "GPE")]
    result = merge(models, [rule(0, 16, "WEAPON")], override=OVERRIDE, weapon_label="WEAPON")
    assert result == [rule(0, 16, "WEAPON"), model(30, 35, "GPE")]


def test_partial_overlap_keeps_the_model_entity() -> None:
    # a weapon phrase that only partly overlaps a model entity, and a place inside a longer entity
    models = [model(0, 12, "ORG"), model(20, 40, "FAC")]
    rules_ = [rule(8, 20, "WEAPON"), rule(25, 30, "GPE")]
    assert merge(models, rules_, override=OVERRIDE, weapon_label="WEAPON") == models


def test_exact_match_that_also_overlaps_another_entity_keeps_the_model() -> None:
    models = [model(0, 4, "PERSON"), model(2, 9, "ORG")]
    assert merge(models, [rule(0, 4, "GPE")], override=OVERRIDE, weapon_label="WEAPON") == models


def test_result_is_sorted_by_start_then_longest() -> None:
    models = [model(20, 24, "GPE"), model(0, 3, "CARDINAL")]
    result = merge(models, [rule(10, 16, "WEAPON"), rule(5, 9, "GPE")], override=OVERRIDE, weapon_label="WEAPON")
    assert [(s.start, s.end) for s in result] == [(0, 3), (5, 9), (10, 16), (20, 24)]
