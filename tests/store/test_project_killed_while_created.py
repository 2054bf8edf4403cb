"""A project whose creation was killed half-way (its first transaction's pages partly in the file, the
rollback journal beside it) opens as a new project: SQLite rolls the journal back, instead of Annotator
calling the file damaged because it inspected it without the journal."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.cli import main

KILLED_MID_CREATION = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # dirty pages spill into the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("CREATE TABLE documents(id INTEGER PRIMARY KEY, text TEXT)")
conn.executemany("INSERT INTO documents(text) VALUES (?)", [("x" * 3000,)] * 400)
os._exit(9)  # killed before COMMIT
"""


def test_import_into_a_project_killed_while_created(tmp_path: Path, capsys) -> None:
    project = tmp_path / "project.db"
    subprocess.run([sys.executable, "-c", KILLED_MID_CREATION, str(project)], check=False, timeout=60)
    assert project.with_name("project.db-journal").exists() and project.stat().st_size > 0
    article = tmp_path / "article.txt"
    article.write_text("Drones struck Odesa overnight.\n", encoding="utf-8")
    assert main(["import", str(project), str(article)]) == 0, capsys.readouterr().err
    conn = sqlite3.connect(project)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT text FROM documents").fetchall() == [("Drones struck Odesa overnight.\n",)]
    finally:
        conn.close()
