"""`annotator preannotate --scheduler local:2` stores exactly what a run on this machine stores:
the same spans, events, arguments and scores, with the project's memory applied on the workers too."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator import commands, memory
from annotator.cli import main
from annotator.documents import Document
from annotator.preannotate import preannotate
from annotator.store import open_project

pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
TAUGHT = "Hamas said talks in Manila failed."


def _suggestions(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every suggestion as a user sees it: spans, events and their arguments, ids left out."""
    conn = sqlite3.connect(db)
    try:
        spans = conn.execute('SELECT doc_id, start, "end", label, origin, status, score, model FROM spans '
                             'ORDER BY doc_id, start, "end", label').fetchall()
        events = conn.execute("SELECT doc_id, type, trigger_start, trigger_end, modality, polarity, origin, "
                              "status, score, model FROM events ORDER BY doc_id, trigger_start, type").fetchall()
        arguments = conn.execute(
            'SELECT e.doc_id, e.type, e.trigger_start, a.role, s.start, s."end", s.label, a.score, a.origin '
            "FROM arguments a JOIN events e ON e.id = a.event_id JOIN spans s ON s.id = a.span_id "
            "ORDER BY 1, 2, 3, 4, 5, 6").fetchall()
    finally:
        conn.close()
    return {"spans": spans, "events": events, "arguments": arguments}


def _taught_project(db: Path, nlp) -> None:  # noqa: ANN001
    """A project whose memory relabels 'Hamas' to NORP and rejects 'Manila' as GPE."""
    with open_project(db) as store:
        with store.transaction():
            doc = store.add_document(Document(text=TAUGHT, title="taught")).doc_id
        preannotate(store, nlp=nlp)
        by_phrase = {TAUGHT[s.start:s.end]: s for s in store.spans(doc)}
        assert by_phrase["Hamas"].label == "ORG" and by_phrase["Manila"].label == "GPE"  # what the model says
        commands.execute(store, memory.teach(commands.relabel(doc, [by_phrase["Hamas"].id], "NORP")), annotator="ana")
        commands.execute(store, memory.teach(commands.reject(doc, [by_phrase["Manila"].id])), annotator="ana")


@pytest.mark.model
def test_local_cluster_suggests_exactly_as_this_machine(tmp_path: Path, nlp, capsys) -> None:  # noqa: ANN001
    _taught_project(tmp_path / "taught.db", nlp)
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    for db in (here, there):
        shutil.copy(tmp_path / "taught.db", db)
        assert main(["import", str(db), str(SAMPLES)]) == 0

    assert main(["preannotate", str(here), "--batch-size", "2"]) == 0
    capsys.readouterr()
    assert main(["preannotate", str(there), "--batch-size", "2", "--scheduler", "local:2"]) == 0
    err = capsys.readouterr().err
    assert "5 documents pre-annotated" in err

    expected, got = _suggestions(here), _suggestions(there)
    assert got == expected
    assert len(got["spans"]) > 100 and got["events"] and got["arguments"]
    assert any(score is not None for *_, score, _model in got["spans"])
    texts = dict(sqlite3.connect(there).execute("SELECT id, text FROM documents").fetchall())
    phrases = {(texts[d][s:e], label, origin)  # what the samples got (the taught document was corrected by hand)
               for d, s, e, label, origin, status, *_ in got["spans"] if texts[d] != TAUGHT and status == "suggested"}
    assert ("Hamas", "NORP", "memory") in phrases and ("Hamas", "ORG", "model") not in phrases
    assert not any(p == "Manila" and label == "GPE" for p, label, _ in phrases)
    with open_project(there) as store:
        assert store.count_pending_preannotation() == 0
