"""The ``tokens`` table (schema v8): each document's packed token boundaries, read and written.

What the packed bytes mean is :mod:`annotator.token_store`'s (Qt- and SQL-free); this module only
moves them in and out of the project, so exports need not re-tokenise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.store.annotations import AnnotationRows
from annotator.token_store import StoredTokens, compute, pack, unpack

_PART = 500  # documents per statement (SQLite's default limit is 32,766 parameters)


class TokenRows(AnnotationRows):
    """Reading and writing the ``tokens`` rows of documents."""

    def stored_tokens(self, doc_id: int) -> StoredTokens | None:
        """A document's stored tokens, or None if they are not stored (or not readable by this version)."""
        row = self.conn.execute("SELECT packed FROM tokens WHERE doc_id = ?", (doc_id,)).fetchone()
        return unpack(row[0]) if row is not None else None

    def tokens_of(self, doc_id: int, text: str) -> StoredTokens:
        """A document's tokens: the stored ones, else tokenised now (nothing is written)."""
        return self.stored_tokens(doc_id) or compute(text)

    def packed_tokens(self, doc_ids: Sequence[int]) -> dict[int, bytes]:
        """The packed tokens stored for those documents, by document id (missing ones left out)."""
        marks = ", ".join("?" * len(doc_ids))
        return dict(self.conn.execute(f"SELECT doc_id, packed FROM tokens WHERE doc_id IN ({marks})", doc_ids))

    def store_missing_tokens(self, doc_ids: Iterable[int]) -> int:
        """Tokenise and store the tokens of those documents that have none; returns how many were stored.

        Call inside the transaction that pre-annotates or imports them.
        """
        ids, stored = list(doc_ids), 0
        for at in range(0, len(ids), _PART):
            part = ids[at : at + _PART]
            marks = ", ".join("?" * len(part))
            rows = [(doc_id, pack(compute(text))) for doc_id, text in self.conn.execute(
                f"SELECT id, text FROM documents WHERE id IN ({marks})"
                " AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.doc_id = documents.id)", part).fetchall()]
            self.conn.executemany("INSERT OR REPLACE INTO tokens(doc_id, packed) VALUES (?, ?)", rows)
            stored += len(rows)
        return stored
