"""`annotator memory` lists the phrase -> id entries choosing ids taught (phrase, id, what it names,
times chosen) beside phrase -> label, and `--forget-id PHRASE ID` forgets one."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator import commands
from annotator.cli import main
from annotator.documents import Document, Span
from annotator.kb import import_actor_list
from annotator.store import memory_rows, open_project


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A project where ana chose Paris, Texas for "Paris" twice, and an actor-list id for "Hamas" once."""
    path = tmp_path / "p.db"
    (tmp_path / "actors.csv").write_text("a:7,Hamas,,ORG,the movement\n", encoding="utf-8")
    with open_project(path) as store:
        import_actor_list(store, tmp_path / "actors.csv")
        with store.transaction():
            doc = store.add_document(Document("Paris and Paris met Hamas.")).doc_id
        store.store_suggestions([(doc, [Span(0, 5, "GPE", origin="model"), Span(10, 15, "GPE", origin="model"),
                                        Span(20, 25, "ORG", origin="model")])], model="m-1.0.0")
        first, second, hamas = (s.id for s in store.spans(doc))
        for span_id, kb_id in ((first, "geonames:4717560"), (second, "geonames:4717560"), (hamas, "a:7")):
            commands.execute(store, commands.set_kb_id(doc, [span_id], kb_id), annotator="ana")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_lists_ids_as_a_table_and_as_json(db: Path, capsys) -> None:
    status, out, _ = _run(capsys, "memory", db)
    assert status == 0 and "Ids chosen" in out
    (paris,) = [line for line in out.splitlines() if "geonames:4717560" in line]
    assert all(word in paris for word in ("Paris", "city", "2", "ana"))
    (hamas,) = [line for line in out.splitlines() if "a:7" in line]
    assert all(word in hamas for word in ("Hamas", "ORG", "1", "ana"))
    assert "the movement" in out and "-95.5555" in out  # what the ids name (folded onto more lines)

    status, out, _ = _run(capsys, "memory", db, "--json")
    listed = [e for e in orjson.loads(out) if e["kind"] == "id"]
    assert [(e["phrase"], e["kb_id"], e["count"], e["last_by"]) for e in listed] == [
        ("Hamas", "a:7", 1, "ana"), ("Paris", "geonames:4717560", 2, "ana")]
    assert listed[0]["names"] == "Hamas · ORG · the movement"
    assert listed[1]["names"].startswith("Paris · city · US (")


def test_forget_id(db: Path, capsys) -> None:
    status, _, err = _run(capsys, "memory", db, "--forget-id", "Paris", "geonames:4717560")
    assert status == 0 and "Forgot 'Paris' -> geonames:4717560." in err
    with open_project(db) as store:
        assert memory_rows.learned_ids(store) == {"Hamas": "a:7"}
    status, _, err = _run(capsys, "memory", db, "--forget-id", "Hamas", "a:8")
    assert status == 1 and "no memory entry 'Hamas' -> a:8: it has a:7" in err
    status, _, err = _run(capsys, "memory", db, "--forget-id", "Paris", "geonames:4717560")
    assert status == 1 and "no id was chosen for it" in err
