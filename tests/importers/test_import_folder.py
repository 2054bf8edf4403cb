"""Folders import recursively, in sorted order; other file types are counted, not imported."""

from __future__ import annotations

from pathlib import Path

from annotator.importers import import_paths
from annotator.store import Store


def test_folder_is_read_recursively_in_name_order(project: Store, tmp_path: Path) -> None:
    """A folder's own files (sorted) come before its subfolders (sorted), at every level."""
    root = tmp_path / "articles"
    (root / "b_sub").mkdir(parents=True)
    (root / "a_sub" / "deeper").mkdir(parents=True)
    (root / "z.txt").write_text("Zed\n", encoding="utf-8")
    (root / "b_sub" / "y.md").write_text("# Why\n", encoding="utf-8")
    (root / "a_sub" / "deeper" / "x.jsonl").write_text('{"text": "Ex"}\n', encoding="utf-8")
    (root / "a_sub" / "w.csv").write_text("text\nDouble-u\n", encoding="utf-8")
    report = import_paths(project, [root])
    assert report.ok and report.added == 4
    assert [s.title for s in project.summaries()] == ["Zed", "Double-u", "Ex", "Why"]


def test_other_file_types_are_skipped_and_counted(project: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "keep.txt").write_text("Kept\n", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7")
    report = import_paths(project, [folder])
    assert report.ok
    assert (report.added, report.skipped_files) == (1, 2)


def test_hidden_files_and_folders_are_ignored(project: Store, tmp_path: Path) -> None:
    """A folder copied from a Mac or a git checkout imports cleanly (no ._x.txt, no .git)."""
    folder = tmp_path / "in"
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / "article.txt").write_text("Real article\n", encoding="utf-8")
    (folder / "._article.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (folder / ".git" / "notes.txt").write_text("Not an article\n", encoding="utf-8")
    report = import_paths(project, [folder])
    assert report.ok, [str(p) for p in report.problems]
    assert (report.added, report.skipped_files) == (1, 0)
    assert [s.title for s in project.summaries()] == ["Real article"]


def test_a_hidden_file_named_explicitly_is_imported(project: Store, tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text("Draft\n", encoding="utf-8")
    assert import_paths(project, [path]).added == 1


def test_progress_reports_every_file_and_ends_at_the_total(project: Store, sample_files: dict[str, Path]) -> None:
    calls: list[tuple[int, int, Path]] = []
    import_paths(project, [sample_files["txt"].parent], progress=lambda d, t, p: calls.append((d, t, p)))
    assert sorted(p for _, _, p in calls) == sorted(sample_files.values())
    done = [d for d, _, _ in calls]
    assert done == sorted(done) and done[-1] == calls[-1][1]
