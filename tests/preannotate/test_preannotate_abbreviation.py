"""An abbreviation ending a sentence keeps its period: in "sales in the U.S.." the tokenizer splits "U.S" + ".."."""

from __future__ import annotations

import pytest

from annotator.schema import default_schema


@pytest.mark.model
def test_sentence_final_abbreviation_keeps_its_period() -> None:
    from annotator.preannotate import Suggester, load_model

    suggester = Suggester(load_model(), default_schema())
    text = "Exports rose 5% in the U.S..\nPrices fell."
    spans = {(text[s.start:s.end], s.label) for s in suggester.suggest(suggester.nlp(text))}
    assert ("U.S.", "GPE") in spans, spans
    assert not any(t == "U.S" for t, _ in spans), spans
