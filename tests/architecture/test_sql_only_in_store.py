"""Only annotator/store/ runs SQL: every other module of the core and the window asks the store.

The test reads the sources (it imports nothing): a call of ``execute``/``executemany``/
``executescript``/``query`` on a connection, cursor or sqlite-utils database (or with an SQL
string), table access through ``db[...]``/``db.table(...)``, and any string literal that starts
like an SQL statement (SELECT, INSERT INTO, UPDATE, DELETE FROM, PRAGMA, BEGIN, SAVEPOINT, ...)
fail it, naming the file and line.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("annotator", "ui")
STORE = ROOT / "annotator" / "store"

# Known remaining exceptions: none (the commands, event commands, memory and history moved into
# annotator/editing/, their SQL into annotator/store/editing_rows.py and memory_rows.py).
KNOWN_EXCEPTIONS: frozenset[str] = frozenset()

_SQL_START = re.compile(
    r"\s*(SELECT|INSERT INTO|INSERT OR|REPLACE INTO|UPDATE|DELETE FROM|CREATE|DROP|ALTER TABLE|PRAGMA|BEGIN|"
    r"SAVEPOINT|RELEASE|ROLLBACK|COMMIT|VACUUM|ANALYZE|WITH|FROM|WHERE|JOIN|ORDER BY|GROUP BY|VALUES)(\s|;|$)"
)
_CALLS = {"execute", "executemany", "executescript", "query", "table"}
_CONNECTIONS = re.compile(r"(^|_)(conn|connection|cursor|cur|db)$")


def _name(node: ast.expr) -> str:
    """The last name of an expression (``store.conn`` -> "conn"), or ""."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _string_start(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)
    return None


def _sql_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CALLS:
            receiver = _name(node.func.value)
            first = _string_start(node.args[0]) if node.args else None
            if _CONNECTIONS.search(receiver) or (node.func.attr != "table" and first is not None
                                                 and _SQL_START.match(first)):
                found.append((node.lineno, f"{receiver}.{node.func.attr}(...)"))
        elif isinstance(node, ast.Subscript) and _name(node.value) == "db":
            found.append((node.lineno, "db[...] table access"))
    return found


def _sql_strings(source: str) -> list[tuple[int, str]]:
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        body = re.sub(r"^[rbfuRBFU]*('''|\"\"\"|'|\")", "", token.string)
        if _SQL_START.match(body):
            found.append((token.start[0], body.strip()[:40]))
    return found


def sql_outside_store() -> list[str]:
    """``path:line: what`` for every SQL statement or call outside annotator/store/."""
    problems = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if STORE in path.parents or relative in KNOWN_EXCEPTIONS:
                continue
            source = path.read_text(encoding="utf-8")
            hits = dict(_sql_calls(ast.parse(source, filename=relative)))
            for line, what in _sql_strings(source):
                hits.setdefault(line, f"SQL {what!r}")
            problems += [f"{relative}:{line}: {what}" for line, what in sorted(hits.items())]
    return problems


def test_no_module_outside_the_store_runs_sql() -> None:
    problems = sql_outside_store()
    assert not problems, "SQL outside annotator/store/ (add a Store method instead):\n" + "\n".join(problems)


def test_the_check_finds_sql(tmp_path: Path) -> None:
    """The patterns catch what they are meant to (else the test above would pass on anything)."""
    source = (
        'rows = store.conn.execute("SELECT id FROM documents")\n'
        'q = store.conn.execute\n'
        'q(f"UPDATE spans SET label = ? WHERE id = {x}")\n'
        'store.db["spans"].insert(row)\n'
        'store.db.table("events").insert(row)\n'
        'store.conn.execute("PRAGMA busy_timeout = 3000")\n'
        'commands.execute(store, command)\n'
        'DocumentRows.query(store, status=None)\n'
        'message = "Select a span first"\n'
    )
    lines = {line for line, _ in _sql_calls(ast.parse(source))} | {line for line, _ in _sql_strings(source)}
    assert lines == {1, 3, 4, 5, 6}
