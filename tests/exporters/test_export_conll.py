"""`--format conll`: valid IOB2 that spaCy's CoNLL converter reads back with the project's entities."""

from __future__ import annotations

from pathlib import Path

from spacy.training.converters import conll_ner_to_docs

from annotator.cli import main
from annotator.store import Store
from annotator.tokens import blank_english
from annotator.spacy_docs import make_doc
from export_data import add_labelled_documents


def _iob2_errors(text: str) -> list[str]:
    """Lines breaking IOB2: an I- not preceded (in its sentence) by B- or I- of the same label."""
    errors, previous = [], "O"
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            previous = "O"
            continue
        columns = line.split(" ")
        if len(columns) != 4:
            errors.append(f"{n}: {line!r} has {len(columns)} columns")
            continue
        tag = columns[-1]
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            errors.append(f"{n}: {line!r} after {previous}")
        if tag != "O" and tag[:2] not in ("B-", "I-"):
            errors.append(f"{n}: bad tag {tag}")
        previous = tag
    return errors


def test_conll_round_trips_through_spacy(project: Store, events_project: dict[str, int], tmp_path: Path) -> None:
    ids = [events_project["doc"], *add_labelled_documents(project, 15, seed=7)]
    nlp = blank_english()
    expected = []
    for doc_id in ids:
        text = project.document(doc_id).text
        spans = [(s.start, s.end, s.label) for s in project.spans(doc_id)  # Vance fills a role of an accepted event
                 if (s.status == "accepted" or s.id == events_project["vance"]) and s.kind == "name"]
        ents = make_doc(nlp, text, spans).doc.ents
        expected.append([(" ".join(t.text for t in e if not t.is_space), e.label_) for e in ents])
    db = project.path
    project.close()
    out = tmp_path / "labels.conll"
    assert main(["export", str(db), str(out), "--format", "conll"]) == 0
    written = out.read_text(encoding="utf-8")
    assert _iob2_errors(written) == []
    assert written.count("-DOCSTART-") == len(ids)
    docs = list(conll_ner_to_docs(written, n_sents=0, no_print=True))
    assert len(docs) == len(ids)
    assert [[(e.text, e.label_) for e in doc.ents] for doc in docs] == expected
    assert ("Kyiv Oblast", "LOC") in expected[0]  # an entity across a CRLF line end stays one entity
    assert sum(len(list(doc.sents)) for doc in docs) > len(ids)  # sentences are split
    assert all(t.text.strip() for doc in docs for t in doc)  # no whitespace tokens
