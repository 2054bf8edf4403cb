"""What an import did: :class:`ImportReport` (counts) and :class:`ImportProblem` (one failure).

Shared by every reader and by the import loop; it imports no reader, so any module of the
package may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.safe_read import shown

if TYPE_CHECKING:
    from annotator.store import ImportResult


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing that could not be imported, for a one-line error message."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return shown(f"{where}: {self.message}")  # one line, whatever the file name holds


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts and every problem met."""

    added: int = 0
    present: int = 0
    skipped_files: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    cancelled: bool = False  # stopped by the user; everything imported so far is kept
    annotations: int = 0  # spans and events the added documents brought
    merged: int = 0  # documents already present, unreviewed, that received imported annotations
    merged_annotations: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.problems

    def summary(self) -> str:
        """One line for the user: '3 documents imported, 1 already present, 2 failed'."""
        parts = [f"{_plural(self.added, 'document')} imported"
                 + (f" with {_plural(self.annotations, 'annotation')}" if self.annotations else "")]
        if self.merged:
            parts.append(f"{_plural(self.merged_annotations, 'annotation')} added to "
                         f"{_plural(self.merged, 'document')} already present")
        if self.present:
            parts.append(f"{self.present} already present")
        if self.skipped_files:
            parts.append(f"{_plural(self.skipped_files, 'file')} of other types skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} failed")
        if self.cancelled:
            parts.append("stopped: the files imported so far are kept")
        return ", ".join(parts)

    def count(self, stored: ImportResult | ImportProblem, annotations: int) -> None:
        """Count one stored annotated document (:func:`annotator.importers.annotations.store_annotated`)."""
        if isinstance(stored, ImportProblem):
            self.problems.append(stored)
        elif stored.outcome == "added":
            self.added += 1
            self.annotations += annotations
        elif stored.outcome == "merged":
            self.merged += 1
            self.merged_annotations += annotations
        else:
            self.present += 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
