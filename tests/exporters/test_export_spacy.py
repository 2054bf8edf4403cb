"""`--format spacy`: the DocBin's ents and spans["sc"] match the project's exported spans, character for character."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.documents import Document, Span
from annotator.store import Store, open_project
from annotator.tokens import tokenize
from export_data import add_labelled_documents


def _docbin(path: Path) -> list:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def _exported_spans(store: Store, doc_id: int) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.label) for s in store.spans(doc_id) if s.status == "accepted"}


def test_docbin_holds_every_span_and_the_longest_as_ents(project: Store, tmp_path: Path) -> None:
    ids = add_labelled_documents(project, 12, seed=4)
    texts = {i: project.document(i).text for i in ids}
    expected = {i: _exported_spans(project, i) for i in ids}
    db = project.path
    project.close()
    out = tmp_path / "labels.spacy"
    assert main(["export", str(db), str(out), "--format", "spacy"]) == 0
    docs = _docbin(out)
    assert len(docs) == len(ids)
    nested = 0
    for doc_id, doc in zip(ids, docs):
        assert doc.text == texts[doc_id]
        spans = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
        assert spans == expected[doc_id]
        ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        assert ents <= spans
        for start, end, label in spans - ents:  # left out of ents only where a longer span covers it
            nested += 1
            assert any(s <= start and end <= e and e - s > end - start for s, e, _ in ents), (start, end, label)
        assert all(t.ent_iob_ in "BIO" and t.ent_iob_ != "" for t in doc)  # nothing is "missing"
    assert nested  # the data has Kyiv inside Kyiv Oblast


TEXT = "Russian drones struck Kyiv 😀 overnight.\r\nZelensky met Macron in Paris, the U.N. said."


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 4), st.sampled_from(["GPE", "PERSON", "ORG"])),
                max_size=8))
def test_any_token_spans_go_out_exactly(choices: list[tuple[int, int, str]]) -> None:
    tokens = tokenize(TEXT)
    spans = set()
    for first, length, label in choices:
        first %= len(tokens)
        last = min(len(tokens) - 1, first + length - 1)
        spans.add((tokens[first].start, tokens[last].end, label))
    with tempfile.TemporaryDirectory() as folder:
        store = open_project(Path(folder) / "p.db")
        with store.transaction():
            doc_id = store.add_document(Document(TEXT, spans=[Span(*s, status="accepted") for s in spans])).doc_id
            store.update_document(doc_id, status="done")
        store.close()
        out = Path(folder) / "out.spacy"
        assert main(["export", str(Path(folder) / "p.db"), str(out), "--format", "spacy"]) == 0
        (doc,) = _docbin(out)
    assert doc.text == TEXT
    assert {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]} == spans
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert set(ents) <= spans
    assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:]))  # no overlap
