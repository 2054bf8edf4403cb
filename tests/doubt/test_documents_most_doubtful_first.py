"""The document list can be ordered most doubtful first: by the lowest score of each document's
suggestions left to review (ties: the lower mean, then the id); documents with none come last, in
the usual order. The usual order, by id, is unchanged (issue 14, Prodigy's prefer_uncertain)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings, strategies as st

from annotator import commands
from annotator.documents import Document, Span
from annotator.doubt import doubtful_first, ordered_ids
from annotator.store import PendingScores, Store, open_project

# Multiples of 1/8 are exact in binary, so SQLite's AVG and Python's mean agree to the bit.
SCORES = st.one_of(st.none(), st.integers(0, 8).map(lambda n: n / 8))
SPAN = st.tuples(st.sampled_from(["suggested", "accepted", "rejected"]), SCORES)
DOCUMENTS = st.lists(st.lists(SPAN, max_size=5), max_size=8)
TEXT = "Russian forces struck Kyiv on Monday and Kharkiv on Tuesday."


def _project(folder: str, documents: list[list[tuple[str, float | None]]]) -> Store:
    store = open_project(Path(folder) / "project.db")
    with store.transaction():
        for number, spans in enumerate(documents):
            doc_id = store.add_document(Document(f"{TEXT} ({number})", f"Document {number}")).doc_id
            store.insert_spans(doc_id, [Span(i * 4, i * 4 + 3, "GPE", origin="model", status=status, score=score)
                                        for i, (status, score) in enumerate(spans)])
    return store


def _expected(store: Store) -> list[int]:
    """The order a user should see, worked out from each document's spans as the window reads them."""
    ranked, rest = [], []
    for doc_id in store.document_ids():
        scores = [s.score for s in store.spans(doc_id) if s.status == "suggested" and s.score is not None]
        if scores:
            ranked.append((min(scores), sum(scores) / len(scores), doc_id))
        else:
            rest.append(doc_id)
    return [doc_id for *_, doc_id in sorted(ranked)] + rest


@settings(max_examples=40, deadline=None)
@given(DOCUMENTS)
def test_most_doubtful_first_and_the_usual_order_unchanged(documents):
    with tempfile.TemporaryDirectory() as folder:
        store = _project(folder, documents)
        try:
            assert list(ordered_ids(store)) == store.document_ids()  # the default: by id, as today
            doubt = list(ordered_ids(store, order="doubt"))
            assert doubt == _expected(store)
            pending = [s.score for d in doubt for s in store.spans(d) if s.status == "suggested" and s.score is not None]
            if pending:  # the first document listed holds the least confident suggestion of the project
                first = [s.score for s in store.spans(doubt[0]) if s.status == "suggested" and s.score is not None]
                assert min(first) == min(pending)
        finally:
            store.close()


def test_the_order_keeps_the_list_filters(tmp_path):
    store = _project(str(tmp_path), [[("suggested", 0.9)], [("suggested", 0.1)], [("suggested", 0.5)], []])
    with store.transaction():
        store.update_document(2, status="done")
    assert list(ordered_ids(store, order="doubt")) == [2, 3, 1, 4]
    assert list(ordered_ids(store, order="doubt", status="new")) == [3, 1, 4]
    assert list(ordered_ids(store, order="doubt", search="(2)")) == [3]  # the third document, numbered from 0 in its text
    store.close()


def test_accepting_the_doubtful_suggestion_moves_the_document_down(tmp_path):
    store = _project(str(tmp_path), [[("suggested", 0.6)], [("suggested", 0.2), ("suggested", 0.7)]])
    assert list(ordered_ids(store, order="doubt")) == [2, 1]
    low = next(s for s in store.spans(2) if s.score == 0.2)
    commands.execute(store, commands.accept(2, [low.id]), annotator="ana")  # as the window's Accept does
    assert list(ordered_ids(store, order="doubt")) == [1, 2]
    store.close()


@given(st.lists(st.integers(1, 50), unique=True).map(sorted),
       st.lists(st.tuples(st.integers(1, 60), SCORES.filter(lambda s: s is not None), st.integers(0, 8))))
def test_every_listed_document_once(ids, raw):
    scores = {doc_id: PendingScores(doc_id, low, low + extra / 8, 1) for doc_id, low, extra in raw}
    order = doubtful_first(ids, scores.values())
    assert sorted(order) == ids  # nothing lost, nothing added (scores of unlisted documents ignored)
    ranked = [i for i in order if i in scores]
    assert order[:len(ranked)] == ranked  # the scored documents first ...
    assert order[len(ranked):] == [i for i in ids if i not in scores]  # ... then the rest, in list order
    assert [scores[i].lowest for i in ranked] == sorted(scores[i].lowest for i in ranked)
