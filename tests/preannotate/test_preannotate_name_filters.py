"""Model entities that cost more than they save are not suggested: a name label on lowercase words, and labels under their minimum score."""

from __future__ import annotations

import pytest

from annotator.schema import default_schema


@pytest.fixture(scope="module")
def suggester():  # noqa: ANN201 - annotator.preannotate.Suggester
    from annotator.preannotate import Suggester, load_model

    return Suggester(load_model(), default_schema())


def suggested(suggester, text: str, ents: list[tuple[str, str, float]]) -> list[tuple[str, str]]:  # noqa: ANN001
    """What the suggester makes of a doc whose model entities and beam scores are ``ents`` (text, label, score)."""
    from annotator.confidence import SCORES_KEY

    doc = suggester.nlp.make_doc(text)
    spans, scores = [], {}
    for name, label, score in ents:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
        scores[(start, start + len(name), label)] = score
    doc.ents = spans
    doc.user_data[SCORES_KEY] = scores
    return [(text[s.start:s.end], s.label) for s in suggester.suggest(doc)]


@pytest.mark.model
def test_a_name_label_needs_a_capital_letter(suggester) -> None:  # noqa: ANN001
    text = "Then congress met in Paris."
    assert suggested(suggester, text, [("congress", "ORG", 1.0), ("Paris", "GPE", 1.0)]) == [("Paris", "GPE")]


@pytest.mark.model
def test_an_all_lowercase_text_keeps_its_names(suggester) -> None:  # noqa: ANN001
    text = "then congress met in paris."
    assert ("congress", "ORG") in suggested(suggester, text, [("congress", "ORG", 1.0), ("paris", "GPE", 1.0)])


@pytest.mark.model
def test_a_label_under_its_minimum_score_is_not_suggested(suggester) -> None:  # noqa: ANN001
    from annotator.preannotate import MIN_LABEL_SCORE

    text = "After the Gulf War and the Cold War."
    low, high = MIN_LABEL_SCORE["EVENT"] - 0.1, MIN_LABEL_SCORE["EVENT"] + 0.1
    assert suggested(suggester, text, [("the Gulf War", "EVENT", low), ("the Cold War", "EVENT", high)]) == [
        ("the Cold War", "EVENT")]
