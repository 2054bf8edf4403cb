"""Role fillers that are descriptions, not names ("members", "A police spokesman") are nominal mentions."""

from __future__ import annotations

import pytest

from annotator.schema import default_schema


@pytest.fixture(scope="module")
def suggester():  # noqa: ANN201 - annotator.preannotate.Suggester
    from annotator.preannotate import Suggester, load_model

    return Suggester(load_model(), default_schema())


def kinds(suggester, text: str) -> dict[str, str]:  # noqa: ANN001
    spans, _ = suggester.suggest_all(suggester.nlp(text))
    return {text[s.start:s.end]: s.kind for s in spans}


@pytest.mark.model
def test_description_fillers_are_nominal_and_names_stay_names(suggester) -> None:  # noqa: ANN001
    found = kinds(suggester, "Police arrested three members of the group in Kabul on Monday.")
    assert found["members"] == "nominal"
    assert found["Kabul"] == "name"
    found = kinds(suggester, "A police spokesman said gunmen attacked the village, killing two people.")
    assert found["A police spokesman"] == "nominal"
    assert found["people"] == "nominal"
