"""Inside one large file, import reports progress as it goes and can be stopped; a file stopped
half-way is left out whole, the files before it are kept."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.importers import PROGRESS_EVERY_DOCS, import_paths
from annotator.store import Store

N = 5 * PROGRESS_EVERY_DOCS


def _big(path: Path) -> Path:
    path.write_bytes(b"".join(orjson.dumps({"text": f"Report {i}: shelling near Kharkiv."}) + b"\n" for i in range(N)))
    return path


def test_progress_moves_inside_one_large_file(project: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    report = import_paths(project, [_big(tmp_path / "big.jsonl")], progress=lambda d, t, _p: seen.append((d, t)))
    assert report.added == N
    total = seen[-1][1]
    assert seen[-1][0] == total
    inside = [d for d, _t in seen[:-1]]
    assert len(inside) >= 4 and all(0 < d < total for d in inside) and inside == sorted(inside)


def test_a_stop_inside_a_file_keeps_the_files_before_it_whole(project: Store, tmp_path: Path) -> None:
    first = tmp_path / "a-first.txt"
    first.write_text("Talks resumed in Geneva.\n", encoding="utf-8")
    calls: list[int] = []

    def stop_after_two_reports() -> bool:
        calls.append(1)
        return len(calls) > 2  # before each of the two files, then inside the large one

    report = import_paths(project, [first, _big(tmp_path / "b-big.jsonl")], should_stop=stop_after_two_reports)
    assert report.cancelled
    titles = [project.document(i).text for i in project.document_ids()]
    assert titles == ["Talks resumed in Geneva.\n"]  # not one report of the large file
    assert report.added == 1
