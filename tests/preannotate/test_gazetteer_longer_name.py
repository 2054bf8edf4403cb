"""A country or capital that is part of a longer name (a capitalised word after it, a hyphen joining it) is no free place suggestion."""

from __future__ import annotations

import pytest

from annotator.rules import Rules


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - spacy.language.Language
    import spacy

    return spacy.blank("en")


@pytest.fixture(scope="module")
def rules(nlp) -> Rules:  # noqa: ANN001
    return Rules.build(nlp.vocab)


def places(rules: Rules, nlp, text: str) -> list[str]:  # noqa: ANN001
    return [text[s.start:s.end] for s in rules.find(nlp(text)) if s.label != rules.weapon_label]


def test_a_country_inside_a_longer_name_is_not_suggested(rules: Rules, nlp) -> None:  # noqa: ANN001
    assert places(rules, nlp, "They rode the Zambia Railway north.") == []
    assert places(rules, nlp, "They crossed the Cambodia - Laos border.") == []


def test_a_country_on_its_own_still_is(rules: Rules, nlp) -> None:  # noqa: ANN001
    assert places(rules, nlp, "They flew home to Zambia yesterday.") == ["Zambia"]
    assert places(rules, nlp, "Zambia and Laos signed.") == ["Zambia", "Laos"]
