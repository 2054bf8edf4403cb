"""Model entities get the boundaries that OntoNotes-style news annotation gives them (``boundaries`` in patterns.json)."""

from __future__ import annotations

import pytest

from annotator.rules import entity_parts, load_patterns


def parts(text: str, entity: str, label: str) -> list[tuple[str, str]]:
    start = text.index(entity)
    found = entity_parts(text, start, start + len(entity), label, load_patterns()["boundaries"])
    return [(text[s:e], part_label) for s, e, part_label in found]


def test_an_abbreviations_period_ending_the_line_is_the_sentences() -> None:
    assert parts("Investors bought Kellogg Co.\nThen they sold.", "Kellogg Co.", "ORG") == [("Kellogg Co", "ORG")]
    assert parts("Kellogg Co. rose.", "Kellogg Co.", "ORG") == [("Kellogg Co.", "ORG")]


def test_a_line_break_ends_an_entity() -> None:
    text = "Great Northern Nekoosa Corp\nNekoosa rose."
    assert parts(text, "Great Northern Nekoosa Corp\nNekoosa", "ORG") == [
        ("Great Northern Nekoosa Corp", "ORG"), ("Nekoosa", "ORG")]
    assert parts("By Jim Adams\nWASHINGTON", "Jim Adams\n", "PERSON") == [("Jim Adams", "PERSON")]


@pytest.mark.parametrize(("entity", "label", "expected"), [
    ("below 50%", "PERCENT", "50%"),
    ("up to $300 million", "MONEY", "$300 million"),
    ("about $150 million", "MONEY", "about $150 million"),
])
def test_a_quantity_loses_a_leading_preposition(entity: str, label: str, expected: str) -> None:
    assert parts(f"It fell {entity} last year.", entity, label) == [(expected, label)]


def test_one_of_the_is_no_cardinal() -> None:
    assert parts("He was one of the leaders.", "one", "CARDINAL") == []
    assert parts("He bought one car.", "one", "CARDINAL") == [("one", "CARDINAL")]


def test_a_day_and_its_part_are_a_date_and_a_time() -> None:
    assert parts("They met Sunday morning in Paris.", "Sunday morning", "TIME") == [
        ("Sunday", "DATE"), ("morning", "TIME")]
    assert parts("They met late Monday night.", "late Monday night", "TIME") == [("late Monday night", "TIME")]
