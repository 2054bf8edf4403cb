"""The files an import reads: files named directly, and supported files under folders (recursively).

Hidden files and folders are left out, links to folders are not followed (no loops), and
pipes, devices, broken links and unreadable folders are reported, never read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from annotator.importers import brat
from annotator.importers.readers import SUPPORTED
from annotator.importers.report import ImportProblem, ImportReport
from annotator.safe_read import not_a_file


def expand_paths(paths: Iterable[str | Path], report: ImportReport) -> list[Path]:
    """Files named directly plus supported files under folders (recursively, sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        problem = not_a_file(path)
        if problem:
            report.problems.append(ImportProblem(path, problem))
        elif path.is_dir():
            files.extend(folder_files(path, report))
        else:
            files.append(path)
    return files


def folder_files(folder: Path, report: ImportReport) -> list[Path]:
    """Supported files under ``folder``; pipes, devices, broken links and unreadable folders are reported."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        report.problems.append(ImportProblem(Path(exc.filename or folder), f"cannot read folder ({exc.strerror or exc})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):  # does not follow links: no symlink loops
        # Hidden files and folders (.git, macOS "._x.txt" resource forks) are not articles.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            report.problems.append(ImportProblem(Path(root, name), "link to a folder, not followed; name the folder "
                                                 "itself to import it"))
        for name in sorted(names):
            candidate = Path(root, name)
            if name.startswith("."):
                continue
            if candidate.suffix.lower() not in SUPPORTED:
                if not brat.is_collection_file(candidate):  # a brat .ann is read with its .txt
                    report.skipped_files += 1
                continue
            problem = not_a_file(candidate)
            if problem:
                report.problems.append(ImportProblem(candidate, problem))
            else:
                found.append(candidate)
    return found

