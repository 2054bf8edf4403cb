"""An interrupted pre-annotation keeps what it stored; the next run does exactly the documents left."""

from __future__ import annotations

import pytest

from annotator.documents import Document
from annotator.preannotate import preannotate
from annotator.store import Store

N = 23
TEXT = "Report {i}: Zelensky said Russian drones hit Kyiv.\n"


def _fill(store: Store) -> list[int]:
    with store.transaction():
        return [store.add_document(Document(TEXT.format(i=i), f"Report {i}")).doc_id for i in range(N)]


def _suggested(store: Store, doc_ids: list[int]) -> list[list[tuple[int, int, str]]]:
    return [[(s.start, s.end, s.label) for s in store.spans(d)] for d in doc_ids]


@pytest.mark.parametrize(("stop_after", "n_process"), [(1, 1), (2, 1), (4, 1), (2, 2)])
def test_resumed_run_completes_exactly_the_rest(tmp_path, ruler_nlp, stop_after: int, n_process: int) -> None:  # noqa: ANN001
    from annotator.store import open_project

    with open_project(tmp_path / "whole.db") as whole:
        ids = _fill(whole)
        assert preannotate(whole, nlp=ruler_nlp, batch_size=4).documents == N
        expected = _suggested(whole, ids)
    assert all(expected)

    with open_project(tmp_path / "resumed.db") as store:
        ids = _fill(store)
        batches = []
        first = preannotate(store, nlp=ruler_nlp, batch_size=4, zone_docs=3, n_process=n_process,
                            progress=lambda done, total: batches.append(done),
                            should_stop=lambda: len(batches) >= stop_after)
        # Stopping lets the batch already in the pipe finish: whole batches, at most one more.
        assert 4 * stop_after <= first.documents <= 4 * (stop_after + 1)
        assert first.documents == N - store.count_pending_preannotation()
        stamps = {d: store.document_row(d)["preannotated_at"] for d in ids[: first.documents]}
        assert all(stamps.values())
        assert all(store.document_row(d)["preannotated_at"] is None for d in ids[first.documents:])

        rest = preannotate(store, nlp=ruler_nlp, batch_size=4)
        assert rest.documents == N - first.documents
        assert store.count_pending_preannotation() == 0
        assert _suggested(store, ids) == expected  # nothing twice, nothing missing
        assert {d: store.document_row(d)["preannotated_at"] for d in stamps} == stamps  # the first part untouched
        assert preannotate(store, nlp=ruler_nlp).documents == 0
