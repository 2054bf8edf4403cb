"""Every command refuses an unusable project file (not SQLite, truncated, corrupted, from a newer Annotator)
with one line naming it, exit status 1, and the file and its folder exactly as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from bad_files import PAGE, corrupted, newer, not_sqlite, one_line_error, snapshot, truncated

from annotator.cli import main

BAD_FILES = {
    "not-sqlite": not_sqlite,
    "truncated-in-header": truncated(lambda n: 50),
    "truncated-to-header": truncated(lambda n: 100),
    "truncated-to-one-page": truncated(lambda n: PAGE),
    "truncated-to-half": truncated(lambda n: n // 2 // PAGE * PAGE),
    "truncated-mid-page": truncated(lambda n: n - PAGE - 1000),
    "corrupted-1": corrupted(1),
    "corrupted-2": corrupted(2),
    "corrupted-3": corrupted(3),
    "newer-version": newer,
}
COMMANDS = {
    "import": lambda p, d: ["import", str(p), str(d / "article.txt")],
    "preannotate": lambda p, d: ["preannotate", str(p)],
    "export": lambda p, d: ["export", str(p), str(d / "labels.jsonl"), "--status", "any"],
    "stats": lambda p, d: ["stats", str(p)],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_project_is_refused_and_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              kind: str, command: str) -> None:
    folder = tmp_path / "projects"
    folder.mkdir()
    path = folder / "project.db"
    BAD_FILES[kind](path)
    if kind.startswith("corrupted"):  # the damage is real: SQLite itself finds it
        conn = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
        try:
            assert conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
        except sqlite3.DatabaseError:
            pass
        finally:
            conn.close()
    (tmp_path / "article.txt").write_text("Missiles hit Kyiv overnight.\n", encoding="utf-8")
    before = snapshot(folder)
    capsys.readouterr()
    status = main(COMMANDS[command](path, tmp_path))
    message = one_line_error(capsys.readouterr().err, path)
    assert status == 1
    assert snapshot(folder) == before  # same bytes, and no -wal, -shm or backup beside it
    assert not (tmp_path / "labels.jsonl").exists()
    expected = "newer Annotator" if kind == "newer-version" else ("not a SQLite" if kind == "not-sqlite" else "damaged")
    assert expected in message
