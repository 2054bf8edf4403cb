"""The gazetteer suggests a place only on evidence the model lacks, never over a name the model gave another type."""

from __future__ import annotations

from annotator.rules import Rules


def places(rules: Rules, blank_nlp, text: str,  # noqa: ANN001
           ents: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str]]:
    """Rule matches in ``text``, with ``ents`` (phrase, label) standing for the model's entities."""
    from spacy.tokens import Span as SpacySpan

    doc = blank_nlp(text)
    spans = []
    for phrase, label in ents:
        start = text.index(phrase)
        spans.append(doc.char_span(start, start + len(phrase), label=label))
    doc.ents = [s for s in spans if isinstance(s, SpacySpan)]
    return [(text[s.start:s.end], s.label) for s in rules.find(doc) if s.label != rules.weapon_label]


def test_a_person_the_model_found_stays_a_person(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    text = "Vaughan and Hassan scored for Yorkshire."
    assert places(rules, blank_nlp, text, (("Vaughan", "PERSON"), ("Hassan", "PERSON"))) == []


def test_a_town_name_alone_needs_a_locative_word(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    assert places(rules, blank_nlp, "Leeds beat Wigan on Saturday.") == []
    assert places(rules, blank_nlp, "Fans gathered in Leeds on Saturday.") == [("Leeds", "GPE")]


def test_a_country_needs_no_context(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    assert places(rules, blank_nlp, "Ukraine said the talks failed.") == [("Ukraine", "GPE")]


def test_no_place_inside_a_longer_model_name(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    text = "He works for the Bank of Ukraine now."
    assert places(rules, blank_nlp, text, (("the Bank of Ukraine", "ORG"),)) == []


def test_a_country_relabels_the_models_person_but_a_town_does_not(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    assert places(rules, blank_nlp, "Ukraine wins.", (("Ukraine", "PERSON"),)) == [("Ukraine", "GPE")]
    assert places(rules, blank_nlp, "Leeds wins.", (("Leeds", "ORG"),)) == []


def test_a_capitalised_dateline_is_a_place(rules: Rules, blank_nlp) -> None:  # noqa: ANN001
    text = "SOCCER - CUP RESULTS\nBUCHAREST 1996-08-30\nThe home side won."
    assert places(rules, blank_nlp, text) == [("BUCHAREST", "GPE")]
    assert places(rules, blank_nlp, "NEW YORK, March 3 (Reuters) - Stocks fell.") == [("NEW YORK", "GPE")]
