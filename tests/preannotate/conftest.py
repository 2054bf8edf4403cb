"""Fixtures of the pre-annotation tests: the entity rules over a blank pipeline (no model to load)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from annotator.rules import Rules


@pytest.fixture(scope="module")
def blank_nlp() -> Language:
    """A tokenizer-only English pipeline: what the rules see without a statistical model."""
    import spacy

    return spacy.blank("en")


@pytest.fixture(scope="module")
def rules(blank_nlp: Language) -> Rules:
    """The shipped entity rules (gazetteer, weapons) built over ``blank_nlp``'s vocabulary."""
    return Rules.build(blank_nlp.vocab)
