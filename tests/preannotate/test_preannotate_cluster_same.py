"""`annotator preannotate --scheduler local:2` stores exactly what a run on this machine stores:
the same spans, events, arguments, scores and knowledge-base ids, with the project's memory, actor
list and learned ids applied on the workers too."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator import commands, memory
from annotator.cli import main
from annotator.documents import Document
from annotator.kb import import_actor_list
from annotator.preannotate import preannotate
from annotator.store import memory_rows, open_project

pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
TAUGHT = "Hamas said talks in Manila failed."
LINKED = "In Odesa, officials said the port was hit."
ODESSA_TX = "geonames:5527554"  # what the team means by "Odesa" (GeoNames would say Odesa, Ukraine)
ACTORS = ("acled:rsf,Rapid Support Forces,RSF,Rebel Group,Sudan's paramilitary\n"  # untyped: any label
          "wd:Q7747,Vladimir Putin,Putin,PERSON,President of Russia\n")  # typed: PERSON spans only


def _suggestions(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every suggestion as a user sees it: spans, events and their arguments, ids left out."""
    conn = sqlite3.connect(db)
    try:
        spans = conn.execute('SELECT doc_id, start, "end", label, origin, status, score, kb_id, kb_score, model '
                             'FROM spans ORDER BY doc_id, start, "end", label').fetchall()
        events = conn.execute("SELECT doc_id, type, trigger_start, trigger_end, modality, polarity, origin, "
                              "status, score, model FROM events ORDER BY doc_id, trigger_start, type").fetchall()
        arguments = conn.execute(
            'SELECT e.doc_id, e.type, e.trigger_start, a.role, s.start, s."end", s.label, a.score, a.origin '
            "FROM arguments a JOIN events e ON e.id = a.event_id JOIN spans s ON s.id = a.span_id "
            "ORDER BY 1, 2, 3, 4, 5, 6").fetchall()
    finally:
        conn.close()
    return {"spans": spans, "events": events, "arguments": arguments}


def _taught_project(db: Path, nlp, tmp_path: Path) -> None:  # noqa: ANN001
    """A project whose memory relabels 'Hamas' to NORP, rejects 'Manila' as GPE and gives 'Odesa' the id
    of Odessa, Texas, with an actor list."""
    (tmp_path / "actors.csv").write_text(ACTORS, encoding="utf-8")
    with open_project(db) as store:
        import_actor_list(store, tmp_path / "actors.csv")
        with store.transaction():
            doc = store.add_document(Document(text=TAUGHT, title="taught")).doc_id
            linked = store.add_document(Document(text=LINKED, title="linked")).doc_id
        preannotate(store, nlp=nlp)
        by_phrase = {TAUGHT[s.start:s.end]: s for s in store.spans(doc)}
        assert by_phrase["Hamas"].label == "ORG" and by_phrase["Manila"].label == "GPE"  # what the model says
        commands.execute(store, memory.teach(commands.relabel(doc, [by_phrase["Hamas"].id], "NORP")), annotator="ana")
        commands.execute(store, memory.teach(commands.reject(doc, [by_phrase["Manila"].id])), annotator="ana")
        (odesa,) = [s for s in store.spans(linked) if LINKED[s.start:s.end] == "Odesa"]
        assert odesa.kb_id == "geonames:698740"  # GeoNames' guess, before the team says otherwise
        commands.execute(store, commands.set_kb_id(linked, [odesa.id], ODESSA_TX), annotator="ana")
        assert memory_rows.learned_ids(store) == {"Odesa": ODESSA_TX}


@pytest.mark.model
def test_local_cluster_suggests_exactly_as_this_machine(tmp_path: Path, nlp, capsys) -> None:  # noqa: ANN001
    _taught_project(tmp_path / "taught.db", nlp, tmp_path)
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
    assert any(score is not None for *_, score, _kb_id, _kb_score, _model in got["spans"])
    texts = dict(sqlite3.connect(there).execute("SELECT id, text FROM documents").fetchall())
    samples = [(texts[d][s:e], label, origin, kb_id, kb_score)  # what the samples got (the taught ones were corrected)
               for d, s, e, label, origin, status, _score, kb_id, kb_score, _model in got["spans"]
               if texts[d] not in (TAUGHT, LINKED) and status == "suggested"]
    phrases = {(p, label, origin) for p, label, origin, *_ in samples}
    assert ("Hamas", "NORP", "memory") in phrases and ("Hamas", "ORG", "model") not in phrases
    assert not any(p == "Manila" and label == "GPE" for p, label, _ in phrases)
    ids = {(p, label): (kb_id, kb_score) for p, label, _origin, kb_id, kb_score in samples}
    assert ids[("Odesa", "GPE")] == (ODESSA_TX, 1.0)  # learned, on the workers too
    assert ids[("Odesa", "NORP")] == (None, None)  # a place's id fits place labels only
    assert ids[("RSF", "ORG")] == ("acled:rsf", 1.0) and ids[("Putin", "PERSON")] == ("wd:Q7747", 1.0)  # actor list
    assert any(kb_id and kb_id.startswith("geonames:") and kb_id != ODESSA_TX for kb_id, _ in ids.values())
    with open_project(there) as store:
        assert store.count_pending_preannotation() == 0
