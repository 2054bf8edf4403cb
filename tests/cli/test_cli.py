"""The `annotator` command: import, export and stats, with exit statuses and messages a user reads."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from annotator import commands
from annotator.cli import main
from annotator.store import open_project


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _count(err: str, what: str) -> int:
    """The number before ``what`` in the summary line ("5 documents imported, 1 failed")."""
    match = re.search(rf"(\d+) (?:documents? )?{what}", err)
    assert match, err
    return int(match.group(1))


def _mark_all_done(db: Path) -> None:
    with open_project(db) as store:
        for doc_id in store.document_ids():
            commands.execute(store, commands.SetDocStatus(doc_id, "done"), annotator="ana")


def test_import_creates_the_project_and_reports_counts(tmp_path: Path, sample_files, capsys) -> None:
    db = tmp_path / "p.db"
    status, _, err = _run(capsys, "import", db, sample_files["txt"].parent)
    assert status == 0
    assert _count(err, "imported") == 5 and "failed" not in err
    status, _, err = _run(capsys, "import", db, sample_files["txt"])
    assert status == 0 and _count(err, "imported") == 0 and _count(err, "already present") == 1
    with open_project(db) as store:
        assert len(store.document_ids()) == 5


def test_import_exits_1_when_a_file_fails_but_keeps_the_good_ones(tmp_path: Path, sample_files, capsys) -> None:
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"text": "fine line"}\n{"text": oops}\n', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    db = tmp_path / "p.db"
    status, _, err = _run(capsys, "import", db, sample_files["txt"], bad_jsonl, empty, tmp_path / "missing.md")
    assert status == 1
    errors = sorted(line for line in err.splitlines() if line.startswith("error: "))
    assert len(errors) == 3
    assert errors[0].startswith(f"error: {bad_jsonl}:2: malformed JSON")
    assert errors[1] == f"error: {empty}: empty file"
    assert errors[2] == f"error: {tmp_path / 'missing.md'}: no such file or folder"
    assert _count(err, "imported") == 2 and _count(err, "failed") == 3
    with open_project(db) as store:
        assert sorted(store.document(i).text for i in store.document_ids()) == [
            "Missiles hit Kyiv\n\nRussian missiles hit Kyiv overnight.\n", "fine line"]


def test_error_lines_name_files_with_brackets_verbatim(tmp_path: Path, capsys) -> None:
    odd = tmp_path / "[red]draft[x].txt"
    odd.write_bytes(b"")
    status, _, err = _run(capsys, "import", tmp_path / "p.db", odd)
    assert status == 1
    assert f"error: {odd}: empty file" in err.splitlines()


def test_export_writes_done_documents(tmp_path: Path, sample_files, capsys) -> None:
    db, out = tmp_path / "p.db", tmp_path / "labels.jsonl"
    _run(capsys, "import", db, sample_files["jsonl"])
    status, _, err = _run(capsys, "export", db, out)
    assert status == 0 and out.read_bytes() == b""
    assert _count(err, "written") == 0 and "--status any" in err
    _mark_all_done(db)
    status, _, err = _run(capsys, "export", db, out)
    assert status == 0 and _count(err, "written") == 2 and str(out) in err
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [r["text"] for r in records] == ["Sudan: fighting in El Fasher.", "Manila protests water cannon use."]
    assert all(r["answer"] == "accept" for r in records)


def test_export_status_any_with_suggestions(tmp_path: Path, capsys) -> None:
    db, out = tmp_path / "p.db", tmp_path / "labels.jsonl"
    src = tmp_path / "one.jsonl"
    src.write_text('{"text": "Talks in Doha."}\n', encoding="utf-8")
    _run(capsys, "import", db, src)
    with open_project(db) as store, store.transaction():
        from annotator.documents import Span

        doc_id = store.document_ids()[0]
        store.insert_spans(doc_id, [Span(9, 13, "GPE", origin="model"), Span(0, 5, "ORG", origin="model",
                                                                           status="rejected")])
    status, _, _ = _run(capsys, "export", db, out, "--status", "any", "--suggestions")
    assert status == 0
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [(s["text"], s["status"]) for s in record["spans"]] == [("Doha", "suggested")]


@pytest.mark.parametrize("target", ["folder", "missing-folder"])
def test_export_to_an_unusable_path_fails_with_a_message(tmp_path: Path, sample_files, capsys, target: str) -> None:
    db = tmp_path / "p.db"
    _run(capsys, "import", db, sample_files["txt"])
    out = tmp_path if target == "folder" else tmp_path / "nope" / "labels.jsonl"
    status, _, err = _run(capsys, "export", db, out)
    assert status == 1 and err.startswith("error: ")
    assert not (tmp_path / "nope").exists()


def test_commands_on_a_missing_project_fail_without_creating_it(tmp_path: Path, capsys) -> None:
    db = tmp_path / "absent.db"
    for argv in (("stats", db), ("export", db, tmp_path / "out.jsonl")):
        status, _, err = _run(capsys, *argv)
        assert status == 1 and "no such project" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_project_is_refused(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    status, _, err = _run(capsys, "import", notes, notes)
    assert status == 1 and "not an Annotator project" in err
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_stats_json(tmp_path: Path, sample_files, capsys) -> None:
    db = tmp_path / "p.db"
    _run(capsys, "import", db, sample_files["txt"].parent)
    with open_project(db) as store, store.transaction():
        from annotator.documents import Span

        first = store.document_ids()[0]
        store.insert_spans(first, [Span(0, 8, "WEAPON", origin="rule"), Span(13, 17, "GPE", status="accepted")])
    commands_db = open_project(db)
    commands.execute(commands_db, commands.SetDocStatus(first, "done"))
    commands_db.close()
    status, out, _ = _run(capsys, "stats", db, "--json")
    assert status == 0
    assert orjson.loads(out) == {
        "documents": {"new": 4, "in_progress": 0, "done": 1, "skipped": 0},
        "spans": {"GPE": {"suggested": 0, "accepted": 1, "rejected": 0},
                  "WEAPON": {"suggested": 1, "accepted": 0, "rejected": 0}},
        "events": {},
        "time": {"seconds_total": 0, "seconds_per_done_document": None},
    }


def test_stats_table(tmp_path: Path, sample_files, capsys) -> None:
    db = tmp_path / "p.db"
    _run(capsys, "import", db, sample_files["md"])
    status, out, _ = _run(capsys, "stats", db)
    assert status == 0
    assert "Documents by status" in out and "Spans by label and status" in out
    total = next(line for line in out.splitlines() if "total" in line)
    assert total.split("│")[-2].strip() == "1"


def test_bad_arguments_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export"])
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err
