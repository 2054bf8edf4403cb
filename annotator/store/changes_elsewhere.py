"""Noticing what other windows and processes wrote to a project, cheaply enough to poll.

SQLite's ``PRAGMA data_version`` changes on a connection whenever *another* connection
commits, so a window can poll it every second for almost nothing; when it moves, a
:class:`ProjectMark` (three rowid maxima) says what was added since, and
:func:`document_version` whether the open document changed. Qt-free: ``ui/live_refresh.py``
does the polling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.store import Store


def data_version(store: Store) -> int:
    """A number that changes whenever ANOTHER connection commits to the project file."""
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


def document_version(store: Store, doc_id: int) -> tuple[Any, ...] | None:
    """A fingerprint of a document's status, spans, events and role fillers (None: no such document).

    Every write stamps ``updated_at`` and undo restores exact rows, so the counts, id sums and
    millisecond time sums change whenever anything a user sees of the document changes; the
    spans' knowledge-base ids are listed too, since a learned id reaches a suggestion without
    stamping it (it stays untouched, :func:`annotator.editing.teaching._propagate_id`).
    """
    ms = "CAST(round((julianday(updated_at) - 2440587.5) * 86400000) AS INTEGER)"
    row = store.conn.execute(
        f"""SELECT d.status, d.updated_at, d.preannotated_at,
               (SELECT json_array(COUNT(*), TOTAL(id), TOTAL({ms})) FROM spans WHERE doc_id = d.id),
               (SELECT group_concat(id || '=' || kb_id || '@' || ifnull(kb_score, '')) FROM spans
                  WHERE doc_id = d.id AND kb_id IS NOT NULL),
               (SELECT json_array(COUNT(*), TOTAL(id), TOTAL({ms})) FROM events WHERE doc_id = d.id),
               (SELECT json_array(COUNT(*), TOTAL(a.id), TOTAL(a.span_id)) FROM arguments a
                  JOIN events e ON e.id = a.event_id WHERE e.doc_id = d.id)
           FROM documents d WHERE d.id = ?""",
        (doc_id,),
    ).fetchone()
    return None if row is None else tuple(row)


def _max_id(store: Store, table: str) -> int:
    return int(store.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])


@dataclass(frozen=True, slots=True)
class ProjectMark:
    """Where the project stood: the last document, span and history row (rowid lookups, no scans)."""

    document: int
    span: int
    history: int

    @classmethod
    def of(cls, store: Store) -> ProjectMark:
        """The project as it is now."""
        return cls(_max_id(store, "documents"), _max_id(store, "spans"), _max_id(store, "history"))


@dataclass(frozen=True, slots=True)
class Added:
    """What was written since a mark: documents imported, documents given suggestions, user actions."""

    imported: int = 0
    preannotated: int = 0
    actions: int = 0

    def summary(self) -> str:
        """E.g. "12 documents pre-annotated, 3 imported, 2 edits"; empty when nothing was added."""
        parts = []
        if self.preannotated:
            parts.append(f"{self.preannotated} document{'s' if self.preannotated != 1 else ''} pre-annotated")
        if self.imported:
            noun = "" if parts else (" document" if self.imported == 1 else " documents")
            parts.append(f"{self.imported}{noun} imported")
        if self.actions:
            parts.append(f"{self.actions} edit{'s' if self.actions != 1 else ''}")
        return ", ".join(parts)


def added_since(store: Store, mark: ProjectMark) -> Added:
    """What other connections added after ``mark`` (rowid ranges: cost grows with what is new only)."""
    q = store.conn.execute
    imported = q("SELECT COUNT(*) FROM documents WHERE id > ?", (mark.document,)).fetchone()[0]
    preannotated = q(
        "SELECT COUNT(DISTINCT doc_id) FROM spans WHERE id > ? AND status = 'suggested' AND origin IN ('model', 'rule')",
        (mark.span,),
    ).fetchone()[0]
    actions = q("SELECT COUNT(*) FROM history WHERE id > ? AND command NOT LIKE 'skip-%'",
                (mark.history,)).fetchone()[0]
    return Added(imported, preannotated, actions)
