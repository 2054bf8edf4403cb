"""A country or capital that is part of a longer name (a capitalised word after it, a hyphen joining it) is no free place suggestion."""

from __future__ import annotations

from annotator.rules import Rules


def places(rules: Rules, blank_nlp, text: str) -> list[str]:  # noqa: ANN001
    return [text[s.start:s.end] for s in rules.find(blank_nlp(text)) if s.label != rules.weapon_label]


def test_a_country_inside_a_longer_name_is_not_suggested(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    assert places(rules, blank_nlp, "They rode the Zambia Railway north.") == []
    assert places(rules, blank_nlp, "They crossed the Cambodia - Laos border.") == []


def test_a_country_on_its_own_still_is(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    assert places(rules, blank_nlp, "They flew home to Zambia yesterday.") == ["Zambia"]
    assert places(rules, blank_nlp, "Zambia and Laos signed.") == ["Zambia", "Laos"]
