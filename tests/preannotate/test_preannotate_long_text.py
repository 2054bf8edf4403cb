"""Texts longer than the pipeline's max_length are cut into pieces whose spans keep original offsets."""

from __future__ import annotations


import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.documents import Document
from annotator.preannotate import pieces, preannotate
from annotator.store import Store

LINE = "On day {i} Zelensky said Russian drones hit Kyiv again.\n"
EXPECTED = {"Zelensky": ("PERSON", "model"), "Russian": ("NORP", "model"), "drones": ("WEAPON", "rule"),
            "Kyiv": ("GPE", "rule")}


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - spacy.language.Language
    """A blank English pipeline whose entity_ruler stands in for a trained NER."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Zelensky"}, {"label": "NORP", "pattern": "Russian"}])
    nlp.max_length = 150
    return nlp


def _check_pieces(text: str, limit: int) -> list[tuple[int, str]]:
    parts = list(pieces(text, limit))
    assert "".join(p for _, p in parts) == text
    position = 0
    for offset, piece in parts:
        assert offset == position
        assert 0 < len(piece) <= limit or len(parts) == 1
        window = text[offset : offset + limit]
        if offset + len(piece) < len(text) and "\n" in window[1:]:
            assert piece == window[: window.rindex("\n") + 1], "should cut after the window's last line break"
        position += len(piece)
    return parts


def test_short_text_is_one_piece() -> None:
    assert list(pieces("Kyiv\nOdesa", 100)) == [(0, "Kyiv\nOdesa")]


def test_cuts_at_line_breaks_then_spaces_then_anywhere() -> None:
    text = "".join(LINE.format(i=i) for i in range(10))
    parts = _check_pieces(text, 150)
    assert len(parts) > 1 and all(p.endswith("\n") for _, p in parts)
    one_line = text.replace("\n", " ")
    parts = _check_pieces(one_line, 150)
    assert all(p.endswith(" ") for _, p in parts[:-1])
    assert [len(p) for _, p in _check_pieces("x" * 25, 10)] == [10, 10, 5]


@given(st.text(alphabet="ab \n\u00e9\U0001F600", max_size=300), st.integers(min_value=1, max_value=40))
def test_pieces_cover_the_text_exactly(text: str, limit: int) -> None:
    _check_pieces(text, limit)


def _assert_spans(store: Store, doc_id: int, text: str, occurrences: int) -> None:
    spans = store.spans(doc_id)
    for s in spans:
        phrase = text[s.start : s.end]
        assert (s.label, s.origin) == EXPECTED.get(phrase), (s, phrase)
    by_phrase = {p: sum(text[s.start : s.end] == p for s in spans) for p in EXPECTED}
    assert by_phrase == dict.fromkeys(EXPECTED, occurrences)


def test_long_document_spans_have_offsets_into_the_original(store: Store, nlp) -> None:  # noqa: ANN001
    text = "".join(LINE.format(i=i) for i in range(40))
    assert len(text) > 10 * nlp.max_length
    short = "Zelensky visited Kyiv.\n"
    with store.transaction():
        long_id = store.add_document(Document(text=text, title="long")).doc_id
        short_id = store.add_document(Document(text=short, title="short")).doc_id
    report = preannotate(store, nlp=nlp, batch_size=4)  # a long document's pieces span several batches
    assert report.documents == 2
    _assert_spans(store, long_id, text, 40)
    assert [(short[s.start : s.end], s.label) for s in store.spans(short_id)] == [("Zelensky", "PERSON"), ("Kyiv", "GPE")]


def test_long_single_line_is_cut_at_spaces(store: Store, nlp) -> None:  # noqa: ANN001
    text = "".join(LINE.format(i=i).replace("\n", " ") for i in range(12))
    with store.transaction():
        doc_id = store.add_document(Document(text=text, title="one line")).doc_id
    preannotate(store, nlp=nlp)
    _assert_spans(store, doc_id, text, 12)
