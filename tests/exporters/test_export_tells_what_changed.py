"""spaCy and CoNLL exports say, in one line, which spans they could not write exactly as labelled
(widened to whole tokens, covering no token, or overlapping) instead of changing them silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.documents import Document, Span
from annotator.store import Store

TEXT = "Russian drones struck  Kyiv Oblast overnight."


@pytest.fixture
def labelled(project: Store) -> Path:
    spans = [Span(0, 3, "NORP"),  # "Rus": inside a token, widened to "Russian"
             Span(21, 22, "GPE"),  # the second of two spaces: no token at all
             Span(23, 34, "GPE"), Span(23, 27, "GPE")]  # "Kyiv Oblast" over "Kyiv": an overlap
    with project.transaction():
        doc_id = project.add_document(Document(TEXT, title="t")).doc_id
        project.insert_spans(doc_id, [Span(s.start, s.end, s.label, status="accepted") for s in spans])
        project.update_document(doc_id, status="done")
    path = project.path
    project.close()
    return path


@pytest.mark.parametrize(("fmt", "overlap"), [("spacy", "kept in spans['sc'] only"), ("conll", "left out")])
def test_the_export_says_what_it_changed(labelled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         fmt: str, overlap: str) -> None:
    assert main(["export", str(labelled), str(tmp_path / f"out.{fmt}"), "--format", fmt]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "1 span(s) widened to whole tokens" in err
    assert "1 span(s) covering no whole token left out" in err
    assert f"1 overlapping span(s) {overlap}" in err


def test_nothing_is_said_when_every_span_fits(project: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with project.transaction():
        doc_id = project.add_document(Document(TEXT, title="t")).doc_id
        project.insert_spans(doc_id, [Span(0, 7, "NORP", status="accepted")])
        project.update_document(doc_id, status="done")
    path = project.path
    project.close()
    assert main(["export", str(path), str(tmp_path / "out.spacy"), "--format", "spacy"]) == 0
    assert "note" not in capsys.readouterr().err
