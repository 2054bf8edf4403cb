"""Pre-annotation parses in spaCy memory zones: the same suggestions, and the vocabulary does not grow."""

from __future__ import annotations

import pytest

from annotator.documents import Document
from annotator.preannotate import preannotate
from annotator.store import Store, open_project


def _texts(first: int, n: int) -> list[str]:
    # Words never seen before in every document: without zones each would stay in the StringStore.
    return [f"Zelensky met envoy Qx{i}zed in Kyiv; Russian drones hit Wq{i}ville on day {i}.\n"
            for i in range(first, first + n)]


def _run(store: Store, nlp, texts: list[str], **options: int) -> list[list[tuple[str, str, str]]]:  # noqa: ANN001
    with store.transaction():
        ids = [store.add_document(Document(t, f"doc {i}")).doc_id for i, t in enumerate(texts)]
    preannotate(store, nlp=nlp, batch_size=2, **options)
    return [[(t[s.start:s.end], s.label, s.origin) for s in store.spans(d)] for d, t in zip(ids, texts)]


def test_zones_change_no_suggestion_and_free_the_new_strings(tmp_path, ruler_nlp) -> None:  # noqa: ANN001
    texts = _texts(0, 12)
    with open_project(tmp_path / "one.db") as one, open_project(tmp_path / "many.db") as many:
        _run(one, ruler_nlp, _texts(1000, 2))  # warm-up: rules compiled, their strings kept
        strings = len(ruler_nlp.vocab.strings)
        in_one_zone = _run(one, ruler_nlp, texts, zone_docs=1000)
        in_many_zones = _run(many, ruler_nlp, texts, zone_docs=1)
        assert len(ruler_nlp.vocab.strings) == strings
    assert in_one_zone == in_many_zones
    assert all(("Zelensky", "PERSON", "model") in doc and ("Kyiv", "GPE", "rule") in doc for doc in in_many_zones)


@pytest.mark.model
def test_real_model_suggests_the_same_in_every_zone(tmp_path, nlp) -> None:  # noqa: ANN001
    from pathlib import Path

    article = (Path(__file__).parents[1] / "data" / "kyiv-strike.txt").read_text(encoding="utf-8")
    texts = [f"{article}\nUpdate {i}: Zxq{i} said.\n" for i in range(4)]
    with open_project(tmp_path / "one.db") as one, open_project(tmp_path / "many.db") as many:
        together = _run(one, nlp, texts, zone_docs=1000)
        apart = _run(many, nlp, texts, zone_docs=1)
    assert together == apart
    assert all(len(doc) > 10 for doc in apart)
