"""`annotator memory`: lists what corrections taught, as a table or JSON, and switches entries off, on
or forgets them, with a message naming what exists when the entry asked for does not."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator import commands, memory
from annotator.cli import build_parser, main
from annotator.documents import Document, Span
from annotator.store import open_project


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A project that learned "Kyiv" -> GPE (by ana) and "Reading" ✗ GPE (by bo)."""
    path = tmp_path / "p.db"
    with open_project(path) as store:
        with store.transaction():
            doc = store.add_document(Document("Kyiv and Reading.")).doc_id
        store.store_suggestions([(doc, [Span(0, 4, "PERSON", origin="model"), Span(9, 16, "GPE", origin="model")])],
                                model="m-1.0.0")
        kyiv, reading = (s.id for s in store.spans(doc))
        commands.execute(store, memory.teach(commands.relabel(doc, [kyiv], "GPE")), annotator="ana")
        commands.execute(store, memory.teach(commands.reject(doc, [reading])), annotator="bo")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _listed(capsys: pytest.CaptureFixture[str], db: Path) -> dict[tuple[str, str], dict]:
    status, out, _ = _run(capsys, "memory", db, "--json")
    assert status == 0
    return {(e["phrase"], e["label"] if e["kind"] == "is" else "✗" + e["label"]): e for e in orjson.loads(out)}


def test_lists_entries_as_a_table_and_as_json(db: Path, capsys) -> None:
    status, out, _ = _run(capsys, "memory", db)
    assert status == 0
    lines = [line for line in out.splitlines() if "Kyiv" in line or "Reading" in line]
    assert len(lines) == 2
    assert all(word in lines[0] for word in ("Kyiv", "GPE", "1", "yes", "relabel", "ana"))
    assert all(word in lines[1] for word in ("Reading", "✗GPE", "reject", "bo"))
    entries = _listed(capsys, db)
    assert set(entries) == {("Kyiv", "GPE"), ("Reading", "✗GPE")}
    assert entries[("Kyiv", "GPE")]["count"] == 1 and entries[("Kyiv", "GPE")]["enabled"] is True
    assert entries[("Kyiv", "GPE")]["last_by"] == "ana" and entries[("Kyiv", "GPE")]["last_at"]


def test_disable_enable_forget(db: Path, capsys) -> None:
    status, _, err = _run(capsys, "memory", db, "--disable", "Kyiv", "GPE")
    assert status == 0 and "Disabled 'Kyiv' GPE." in err
    assert _listed(capsys, db)[("Kyiv", "GPE")]["enabled"] is False
    assert _run(capsys, "memory", db, "--enable", "Kyiv", "GPE")[0] == 0
    assert _listed(capsys, db)[("Kyiv", "GPE")]["enabled"] is True
    status, _, err = _run(capsys, "memory", db, "--forget", "Reading", "!GPE")  # "!" types easier than "✗"
    assert status == 0 and "Forgot 'Reading' ✗GPE." in err
    assert set(_listed(capsys, db)) == {("Kyiv", "GPE")}


def test_unknown_entry_exits_1_and_says_what_exists(db: Path, capsys) -> None:
    before = _listed(capsys, db)
    status, _, err = _run(capsys, "memory", db, "--disable", "Reading", "GPE")
    assert status == 1 and "no memory entry 'Reading' GPE: it has ✗GPE" in err
    status, _, err = _run(capsys, "memory", db, "--forget", "Odesa", "GPE")
    assert status == 1 and "nothing was learned about it" in err
    assert _listed(capsys, db) == before


def test_empty_memory_and_missing_project(tmp_path: Path, capsys) -> None:
    open_project(tmp_path / "empty.db").close()
    status, out, err = _run(capsys, "memory", tmp_path / "empty.db")
    assert status == 0 and out == "" and "Nothing learned yet" in err
    status, out, _ = _run(capsys, "memory", tmp_path / "empty.db", "--json")
    assert status == 0 and orjson.loads(out) == []
    status, _, err = _run(capsys, "memory", tmp_path / "absent.db")
    assert status == 1 and "no such project" in err


def test_every_option_is_documented() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command").choices["memory"]
    for action in sub._actions:
        assert action.help, action.dest
    assert all(f"--{name}" in sub.format_help() for name in ("json", "disable", "enable", "forget"))
