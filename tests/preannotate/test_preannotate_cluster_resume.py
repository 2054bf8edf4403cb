"""A cluster run stopped half-way keeps whole batches; run again, the project ends as after one uninterrupted run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.documents import Document
from annotator.preannotate import load_model, preannotate
from annotator.store import Store, open_project

pytest.importorskip("distributed")

from annotator.cluster import connect, preannotate_on_cluster  # noqa: E402

N = 23
BATCH = 4
TEXT = "Report {i}: Zelensky said Russian drones hit Kyiv.\n"


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """One LocalCluster of two workers for the module (it takes seconds to start)."""
    with connect("local:2", timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def ruler_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A saved pipeline whose entity ruler stands in for the NER, loaded by path like any model."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler", name="ner").add_patterns(
        [{"label": "PERSON", "pattern": "Zelensky"}, {"label": "NORP", "pattern": "Russian"}])
    path = tmp_path_factory.mktemp("model") / "ruler"
    nlp.to_disk(path)
    return str(path)


def _fill(store: Store) -> list[int]:
    with store.transaction():
        return [store.add_document(Document(TEXT.format(i=i), f"Report {i}")).doc_id for i in range(N)]


def _suggested(store: Store, doc_ids: list[int]) -> list[list[tuple[object, ...]]]:
    return [[(s.start, s.end, s.label, s.origin, s.model) for s in store.spans(d)]
            + [(e.type, e.trigger_start, e.trigger_end, len(e.arguments)) for e in store.events(d)] for d in doc_ids]


def test_stopped_cluster_run_then_rerun_equals_one_whole_run(tmp_path: Path, client, ruler_model: str) -> None:  # noqa: ANN001
    with open_project(tmp_path / "whole.db") as whole:
        ids = _fill(whole)
        assert preannotate(whole, nlp=load_model(ruler_model), batch_size=BATCH).documents == N
        expected = _suggested(whole, ids)
    assert all(expected)

    with open_project(tmp_path / "resumed.db") as store:
        ids = _fill(store)
        stored: list[int] = []
        first = preannotate_on_cluster(store, client, model=ruler_model, batch_size=BATCH, window=2,
                                       progress=lambda done, total: stored.append(done),
                                       should_stop=lambda: len(stored) >= 1)
        # Stopped after the first batch: it and what had come back are stored, whole batches only.
        assert BATCH <= first.documents < N and first.documents % BATCH == 0
        assert first.documents == N - store.count_pending_preannotation() == stored[-1]
        stamps = {d: store.document_row(d)["preannotated_at"] for d in ids if store.document_row(d)["preannotated_at"]}
        assert len(stamps) == first.documents

        rest = preannotate_on_cluster(store, client, model=ruler_model, batch_size=BATCH)
        assert rest.documents == N - first.documents
        assert store.count_pending_preannotation() == 0
        assert _suggested(store, ids) == expected  # nothing twice, nothing missing
        assert {d: store.document_row(d)["preannotated_at"] for d in stamps} == stamps  # the first part untouched
        assert preannotate_on_cluster(store, client, model=ruler_model).documents == 0
