"""Hostile input files: each one is imported correctly or named in a one-line error; nothing else is lost."""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.importers import import_paths
from annotator.safe_read import MAX_ARTICLE_CHARS, MAX_LINE_BYTES
from annotator.store import Store, open_project

GOOD = "Missiles hit Kyiv overnight, officials said."


def texts(store: Store) -> list[str]:
    return [store.document(i).text for i in store.document_ids()]


def one_problem(store: Store, path: Path) -> str:
    """Import ``path`` alone; it must fail with exactly one one-line message naming it. Returns the message."""
    report = import_paths(store, [path])
    assert report.added == 0 and texts(store) == []
    (problem,) = report.problems
    assert "\n" not in str(problem)
    return problem.message


# -- encodings ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")])
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
def test_byte_order_marks_are_read_and_dropped(project: Store, tmp_path: Path, bom: bytes, codec: str, suffix: str) -> None:
    text = "Strike on Kyiv 😀\r\nZelensky said: \u05e9\u05dc\u05d5\u05dd."
    body = {".txt": text, ".jsonl": orjson.dumps({"text": text}).decode() + "\n",
            ".csv": 'text\n"' + text + '"\n'}[suffix]
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(bom + body.encode(codec))
    report = import_paths(project, [path])
    assert report.problems == [] and texts(project) == [text]


def test_utf16_without_bom_is_named_as_such(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(GOOD.encode("utf-16-le"))
    assert "UTF-16 without a byte-order mark" in one_problem(project, path)


def test_invalid_utf8_in_jsonl_fails_only_its_line(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "good one"}\n{"text": "caf\xe9"}\n{"text": "good two"}\n')
    report = import_paths(project, [path])
    assert texts(project) == ["good one", "good two"]
    assert [str(p) for p in report.problems] == [f"{path}:2: not valid UTF-8 at byte 13 of the line; re-save the file as UTF-8"]


def test_nul_bytes(project: Store, tmp_path: Path) -> None:
    text_file = tmp_path / "nul.txt"
    text_file.write_bytes(b"abc\x00def")
    late = tmp_path / "late.jsonl"  # a NUL after the first 8 KiB, inside a JSON string, and escaped
    late.write_bytes(b'{"text": "' + b"a" * 9000 + b'"}\n{"text": "x\x00y"}\n{"text": "x\\u0000y"}\n{"text": "fine"}\n')
    report = import_paths(project, [text_file, late])
    assert texts(project) == ["a" * 9000, "fine"]
    assert [(p.path.name, p.line) for p in report.problems] == [("nul.txt", None), ("late.jsonl", 2), ("late.jsonl", 3)]
    assert "binary file" in report.problems[0].message


# -- sizes -------------------------------------------------------------------------------------
def test_a_100_mb_text_file_is_refused_without_reading_it(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    chunk = ("Russian drones struck Odesa on Monday. " * 1000 + "\n").encode()
    with open(path, "wb") as fh:
        for _ in range(100_000_000 // len(chunk) + 1):
            fh.write(chunk)
    message = one_problem(project, path)
    assert f"limit of {MAX_ARTICLE_CHARS:,} characters per article" in message and "100 MB" in message


def test_article_limit_is_exact_and_per_article(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"text": "' + b"a" * MAX_ARTICLE_CHARS + b'"}\n')
        fh.write(b'{"text": "' + b"b" * (MAX_ARTICLE_CHARS + 1) + b'"}\n')
        fh.write(b'{"text": "short"}\n')
    report = import_paths(project, [path])
    assert [len(t) for t in texts(project)] == [MAX_ARTICLE_CHARS, 5]
    (problem,) = report.problems
    assert problem.line == 2 and "over the limit" in problem.message


def test_a_line_beyond_the_line_limit_is_skipped_and_the_next_lines_import(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge-line.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"text": "first"}\n{"text": "')
        for _ in range(MAX_LINE_BYTES // (1 << 20) + 2):
            fh.write(b"w" * (1 << 20))
        fh.write(b'"}\n{"text": "last"}\n')
    report = import_paths(project, [path])
    assert texts(project) == ["first", "last"]
    (problem,) = report.problems
    assert problem.line == 2 and "MB is over the limit" in problem.message


# -- JSON --------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    b"[" * 100_000,
    b'{"text": "ok", "meta": {"deep": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}",
    b'{"text": "ok", "meta": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b"}",
])
def test_deeply_nested_json_is_a_line_error(project: Store, tmp_path: Path, line: bytes) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(line + b'\n{"text": "after"}\n')
    report = import_paths(project, [path])
    assert texts(project) == ["after"]
    assert [p.line for p in report.problems] == [1] and "depth" in report.problems[0].message


@pytest.mark.parametrize(("record", "expected"), [
    ("1", "JSON object"), ('"text"', "JSON object"), ("null", "JSON object"), ("[]", "JSON object"),
    ('{"text": 5}', "missing \"text\""), ('{"text": ["a"]}', "missing \"text\""), ('{"text": {"a": 1}}', "missing \"text\""),
    ('{"text": null}', "missing \"text\""), ('{"text": true}', "missing \"text\""),
    ('{"text": "a", "meta": "x"}', "\"meta\" must be an object"), ('{"text": "a", "meta": [1]}', "\"meta\" must be an object"),
    ('{"text": "a", "title": 3}', "\"title\" must be a string"), ('{"text": "a", "title": {"x": 1}}', "\"title\" must be a string"),
    ('{"text": "a", "meta": {"x": NaN}}', "malformed JSON"), ('{"text": "\\ud800"}', "malformed JSON"),
])
def test_json_values_of_the_wrong_type(project: Store, tmp_path: Path, record: str, expected: str) -> None:
    path = tmp_path / "types.jsonl"
    path.write_text(record + "\n", encoding="utf-8")
    assert expected in one_problem(project, path)


# -- CSV and HTML are text, never evaluated or rendered ----------------------------------------
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0", "\t=1+1"]


def test_formula_cells_are_stored_verbatim(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "formulas.csv"
    rows = "".join(f'"{f.replace(chr(34), chr(34) * 2)}","{f.replace(chr(34), chr(34) * 2)}"\r\n' for f in FORMULAS)
    path.write_text("text,note\r\n" + rows, encoding="utf-8", newline="")
    report = import_paths(project, [path])
    assert report.problems == []
    docs = [project.document(i) for i in project.document_ids()]
    assert [d.text for d in docs] == FORMULAS and [d.meta["note"] for d in docs] == FORMULAS


def test_html_is_stored_verbatim(project: Store, tmp_path: Path) -> None:
    html = "<script>alert(1)</script>\n<b>bold</b><img src=x onerror=alert(2)> &amp; &lt;"
    (tmp_path / "page.txt").write_text(html, encoding="utf-8")
    (tmp_path / "page.jsonl").write_text(orjson.dumps({"text": html + "!", "title": "<i>t</i>"}).decode(), encoding="utf-8")
    report = import_paths(project, [tmp_path / "page.txt", tmp_path / "page.jsonl"])
    assert report.problems == []
    docs = [project.document(i) for i in project.document_ids()]
    assert [d.text for d in docs] == [html, html + "!"]
    assert [d.title for d in docs] == ["<script>alert(1)</script>", "<i>t</i>"]


@pytest.mark.parametrize(("content", "line", "expected"), [
    ('text\n"good"\n"unclosed quote\nnext row\n', 3, "malformed CSV"),  # before: imported as one merged article
    ('text\n"a"b\n', 2, "malformed CSV"),  # before: imported as "ab"
    ("text,text\nfirst,second\n", 1, "repeated column names 'text'"),  # before: "second" imported, "first" lost
    ("title,text\nT,body,extra\n", 2, "3 cells but 2 columns"),  # before: "extra" silently dropped
])
def test_csv_that_would_lose_or_merge_cells_is_refused(project: Store, tmp_path: Path, content: str, line: int,
                                                      expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    report = import_paths(project, [path])
    assert [p.line for p in report.problems] == [line] and expected in report.problems[0].message
    assert all(t in {"good"} for t in texts(project))


# -- paths -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [
    "with spaces.txt", "-leading-dash.txt", "--help.txt", "Ки\u0457в 😀.txt", "cafe\u0301.txt", "new\nline.txt",
    "tab\there.md", "x" * 251 + ".txt", "[bold]markup[.txt", "a\u202eexe.txt",
])
def test_odd_file_names_import(project: Store, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(GOOD, encoding="utf-8")
    for target in (folder / name, folder):
        report = import_paths(project, [target])
        assert report.problems == [] and report.added + report.present == 1
    assert texts(project) == [GOOD]
    assert project.document(project.document_ids()[0]).meta["source"] == str(folder / name)


def test_odd_file_names_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    dash = tmp_path / "-x.txt"
    dash.write_text(GOOD, encoding="utf-8")
    markup = tmp_path / "[red]y[.txt"
    markup.write_text(GOOD + " Again.", encoding="utf-8")
    db = tmp_path / "p.db"
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(db), "--", "-x.txt", markup.name]) == 0
    assert "2 documents imported" in capsys.readouterr().err
    with open_project(db) as store:
        assert sorted(texts(store)) == [GOOD, GOOD + " Again."]


def test_undecodable_and_control_characters_in_names(project: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD, encoding="utf-8")  # before: TypeError, import crashed
    (folder / "bad\nname.txt").write_bytes(b"")
    report = import_paths(project, [folder])
    assert texts(project) == [GOOD]
    assert project.document(project.document_ids()[0]).meta["source"] == str(folder / "caf\\xe9.txt")
    (problem,) = report.problems
    assert str(problem) == f"{folder}/bad\\nname.txt: empty file"


def test_names_the_system_refuses(project: Store, tmp_path: Path) -> None:
    too_long = tmp_path / ("y" * 300 + ".txt")  # before: OSError escaped import_paths
    with_nul = tmp_path / "a\x00b.txt"  # before: reported with a raw NUL in the message
    report = import_paths(project, [too_long, with_nul, tmp_path / "missing.txt"])
    assert [p.message for p in report.problems] == ["file name too long", "the name contains a NUL character",
                                                    "no such file or folder"]
    assert "\x00" not in str(report.problems[1])


# -- what lies in folders ------------------------------------------------------------------------
def test_links_pipes_and_devices_in_a_folder_are_named(project: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("gone.txt", folder / "dangling.txt")
    os.symlink("..", folder / "sub" / "up")  # a folder loop
    os.symlink("/dev/null", folder / "null.txt")
    os.mkfifo(folder / "pipe.txt")  # before: silently counted as "other types"; reading it would hang
    os.symlink("sub/good.txt", folder / "alias.txt")
    report = import_paths(project, [folder])
    assert texts(project) == [GOOD]
    assert report.added == 1 and report.present == 1  # the link to good.txt is the same article
    problems = {p.path.name: p.message for p in report.problems}
    assert problems == {
        "dangling.txt": "broken symbolic link (its target is missing)",
        "loop.txt": "symbolic link loop (the link points back to itself)",
        "null.txt": "a device, not a file",
        "pipe.txt": "a named pipe (FIFO), not a file",
        "up": "link to a folder, not followed; name the folder itself to import it",
    }
    assert [p.message for p in import_paths(project, [folder / "pipe.txt"]).problems] == ["a named pipe (FIFO), not a file"]


def _as_nobody(folder: Path) -> dict:
    """Import ``folder`` into a new project in a child process that gave up root's rights."""
    with open_project(folder.parent / "warm.db") as warm:  # load every module the child needs while we still can
        import_paths(warm, [folder / "readable.txt"])
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            with open_project(folder.parent / "p.db") as store:
                report = import_paths(store, [folder])
                result = {"problems": [str(p) for p in report.problems], "texts": texts(store)}
            os.write(write, json.dumps(result).encode())
        except BaseException as exc:
            os.write(write, json.dumps({"error": repr(exc)}).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def test_unreadable_files_and_folders(project: Store) -> None:
    """Permissions are real: as root, the import runs in a child process that dropped root's rights
    (in a world-accessible temp folder, since root's pytest folders are closed to others)."""
    base = Path(tempfile.mkdtemp(prefix="annotator-perms-"))
    folder = base / "in"
    folder.mkdir()
    (folder / "readable.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked.txt").write_text("secret", encoding="utf-8")
    (folder / "locked.txt").chmod(0)
    (folder / "closed").mkdir()
    (folder / "closed" / "inside.txt").write_text("hidden", encoding="utf-8")
    (folder / "closed").chmod(0)
    try:
        if os.geteuid() == 0:
            base.chmod(0o777)
            folder.chmod(0o777)
            result = _as_nobody(folder)
        else:
            report = import_paths(project, [folder])
            result = {"problems": [str(p) for p in report.problems], "texts": texts(project)}
    finally:
        (folder / "closed").chmod(stat.S_IRWXU)
        shutil.rmtree(base)
    assert "error" not in result, result
    assert result["texts"] == [GOOD]
    assert sorted(result["problems"]) == [f"{folder}/closed: cannot read folder (Permission denied)",
                                          f"{folder}/locked.txt: cannot read (Permission denied)"]
