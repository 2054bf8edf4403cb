"""Documents: adding and importing them, listing, filtering and searching, reading and updating.

The list reads ids and counts only (:class:`DocSummary`), never texts, so it stays cheap at
100,000 articles; search is FTS5 over titles and texts, kept in step by triggers. A document that
no longer exists raises :class:`~annotator.errors.Gone`, a ``KeyError`` as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple

import orjson

from annotator.documents import DOC_STATUSES, Document, Span, text_hashes
from annotator.errors import Gone
from annotator.store.tokens import TokenRows
from annotator.store.connection import current_time


@dataclass(frozen=True, slots=True)
class DocSummary:
    """What the document list shows: no text, so listing stays cheap."""

    id: int
    title: str
    status: str
    n_spans: int
    n_suggested: int


class PendingScores(NamedTuple):
    """The scores of one document's scored suggestions still to review, aggregated in SQL."""

    doc_id: int
    lowest: float
    mean: float
    pending: int  # how many scored suggestions are left to review


_FTS_INSERT_TRIGGER = "documents_fts_insert"  # dropped and put back by Store.pause_search_index


class SearchIndexPause(NamedTuple):
    """What :meth:`Store.resume_search_index` needs: the last id before the pause, the trigger's SQL."""

    last_id: int
    trigger_sql: str | None  # None: there was no trigger to drop (nothing to resume)


@dataclass(frozen=True, slots=True)
class AddResult:
    """Outcome of storing one imported document."""

    doc_id: int
    added: bool  # False: an identical text was already in the project


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Outcome of :meth:`Store.import_document`."""

    doc_id: int
    # "added": a new document; "merged": its annotations went into the unreviewed document
    # with the same text; "present": that document was reviewed already, nothing changed.
    outcome: Literal["added", "merged", "present"]


def fts_query(text: str) -> str:
    """A user's search words as a safe FTS5 query: each word quoted, the last one also as a prefix."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class DocumentRows(TokenRows):
    """The ``documents`` table and its search index, with what the list and the exports read."""

    def add_document(self, doc: Document) -> AddResult:
        """Store one document unless its text is already present. Call inside a transaction."""
        digest, short_hash = text_hashes(doc.text)
        row = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (digest,)).fetchone()
        if row is not None:
            return AddResult(row[0], False)
        stamp = current_time()
        cursor = self.conn.execute(
            "INSERT INTO documents(content_hash, input_hash, title, text, meta, status, imported_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'new', ?, ?)",
            (digest, short_hash, doc.title, doc.text, orjson.dumps(doc.meta).decode(), stamp, stamp),
        )
        doc_id = int(cursor.lastrowid or 0)
        if doc.spans:
            self.insert_spans(doc_id, doc.spans)
        return AddResult(doc_id, True)

    def pause_search_index(self) -> SearchIndexPause:
        """Stop indexing added documents one by one, until :meth:`resume_search_index`.

        For bulk imports, inside one transaction: the row-by-row insert trigger costs about twice
        what indexing the same rows in one statement does, and FTS5 writes out what it holds at
        every savepoint (bench/run.py scale_import: 2,000 articles in 0.5 s instead of 1.6 s). The
        trigger is dropped here and put back, from its own SQL, by :meth:`resume_search_index` in
        the same transaction, so a commit leaves the schema as it was and a rollback restores it
        anyway. Only inserts are deferred: updates and deletes still reach the index at once, so
        do not change the title or text of, or delete, a document added during the pause.
        """
        assert self.conn.in_transaction, "pause_search_index belongs inside a transaction"
        last_id = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0])
        row = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_FTS_INSERT_TRIGGER,)).fetchone()
        if row is not None:
            self.conn.execute(f"DROP TRIGGER {_FTS_INSERT_TRIGGER}")
        return SearchIndexPause(last_id, row[0] if row is not None else None)

    def resume_search_index(self, pause: SearchIndexPause) -> None:
        """Index the documents added since ``pause`` in one statement and put the trigger back."""
        if pause.trigger_sql is None or not self.conn.in_transaction:  # nothing paused, or rolled back
            return
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                             (_FTS_INSERT_TRIGGER,)).fetchone():  # rolled back to before the pause
            return
        # The rows above last_id are exactly this transaction's: it holds the write lock.
        self.conn.execute("INSERT INTO documents_fts(rowid, title, text)"
                          " SELECT id, title, text FROM documents WHERE id > ? ORDER BY id", (pause.last_id,))
        self.conn.execute(pause.trigger_sql)

    def import_document(self, doc: Document, *, annotator: str | None = None) -> ImportResult:
        """Store an imported document with its spans and events, all or nothing (a savepoint).

        ``doc.status`` and each span's and event's status and origin are stored as given; an
        argument's ``span_id`` indexes ``doc.spans``. A text already in the project gets the
        spans and events only while nobody has reviewed it (:meth:`reviewed`), else nothing
        changes. A document that arrives with accepted or suggested annotations counts as
        pre-annotated ("import"), so pre-annotation leaves it alone. Call inside a transaction.
        """
        digest, short_hash = text_hashes(doc.text)
        stamp = current_time()
        outcome: Literal["added", "merged", "present"]
        with self.transaction(savepoint="import_document"):
            row = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (digest,)).fetchone()
            if row is None:
                cursor = self.conn.execute(
                    "INSERT INTO documents(content_hash, input_hash, title, text, meta, status, annotator,"
                    " imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (digest, short_hash, doc.title, doc.text, orjson.dumps(doc.meta).decode(), doc.status,
                     annotator, stamp, stamp),
                )
                doc_id, outcome = int(cursor.lastrowid or 0), "added"
            elif self.reviewed(row[0]):
                doc_id, outcome = row[0], "present"
            else:
                doc_id, outcome = row[0], "merged"
                self.update_document(doc_id, status=doc.status, annotator=annotator, updated_at=stamp)
            if outcome != "present":
                span_ids = self._insert_imported_spans(doc_id, doc.spans)
                for event in doc.events:
                    arguments = tuple(replace(a, span_id=span_ids[a.span_id]) for a in event.arguments)
                    self.insert_event(doc_id, replace(event, arguments=arguments))
                if any(s.status != "rejected" for s in doc.spans) or any(e.status != "rejected" for e in doc.events):
                    self.conn.execute(
                        "UPDATE documents SET preannotated_with = 'import', preannotated_at = ?"
                        " WHERE id = ? AND preannotated_at IS NULL", (stamp, doc_id))
                    self.store_missing_tokens([doc_id])  # what an export reads instead of re-tokenising
        return ImportResult(doc_id, outcome)

    def _insert_imported_spans(self, doc_id: int, spans: list[Span]) -> list[int]:
        """Insert imported spans once each; returns the id each of ``spans`` ended up as.

        A span given twice (same characters and label) is stored once. A machine suggestion on
        the same characters as an imported span (a pre-annotated, unreviewed document) gives way
        to it: its event roles move to the imported span and the suggestion goes.
        """
        first: dict[tuple[int, int, str], int] = {}
        unique: list[Span] = []
        for s in spans:
            key = (s.start, s.end, s.label)
            if key not in first:
                first[key] = len(unique)
                unique.append(s)
        ids = self.insert_spans(doc_id, unique)
        by_range = {(s.start, s.end): span_id for s, span_id in zip(unique, ids)}
        for old_id, start, end in self.conn.execute(
            'SELECT id, start, "end" FROM spans WHERE doc_id = ? AND status = \'suggested\''
            " AND origin NOT IN ('human', 'import')", (doc_id,)).fetchall():
            if (start, end) in by_range:
                self.conn.execute("UPDATE arguments SET span_id = ? WHERE span_id = ?", (by_range[(start, end)], old_id))
                self.conn.execute("DELETE FROM spans WHERE id = ?", (old_id,))
        return [ids[first[(s.start, s.end, s.label)]] for s in spans]

    def reviewed(self, doc_id: int) -> bool:
        """True when a person has worked on the document's labels: a span or event accepted or
        rejected, or made by hand or imported (what an import must not overwrite)."""
        return any(
            self.conn.execute(
                f"SELECT 1 FROM {table} WHERE doc_id = ? AND (status != 'suggested' OR origin IN ('human', 'import'))"
                " LIMIT 1", (doc_id,)).fetchone()
            for table in ("spans", "events")
        )

    def document_ids(self, *, status: str | None = None, annotator: str | None = None) -> list[int]:
        """Ids of the project's documents in list order, optionally of one status or last annotator."""
        where, params = self._status_annotator_filter(status, annotator)
        return [r[0] for r in self.conn.execute(f"SELECT id FROM documents{where} ORDER BY id", params)]

    def count_documents(self, *, status: str | None = None, annotator: str | None = None) -> int:
        """How many documents there are, optionally of one status or last annotator."""
        where, params = self._status_annotator_filter(status, annotator)
        return int(self.conn.execute(f"SELECT count(*) FROM documents{where}", params).fetchone()[0])

    @staticmethod
    def _status_annotator_filter(status: str | None, annotator: str | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if annotator is not None:
            clauses.append("annotator = ?")
            params.append(annotator)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def annotators(self) -> set[str]:
        """The names that documents were last edited by."""
        return {r[0] for r in self.conn.execute("SELECT DISTINCT annotator FROM documents") if r[0]}

    def latest_model(self) -> str | None:
        """The model (or "import") that pre-annotated the newest pre-annotated document; None if none was."""
        row = self.conn.execute(
            "SELECT preannotated_with FROM documents WHERE preannotated_with IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else row[0]

    @staticmethod
    def _document_filter(status: str | None, label: str | None, search: str | None) -> tuple[str, list[Any]]:
        """The WHERE clause (over ``documents d``) and parameters of the document list's filters."""
        where, params = [], []
        if status:
            where.append("d.status = ?")
            params.append(status)
        if label:
            where.append("EXISTS (SELECT 1 FROM spans x WHERE x.doc_id = d.id AND x.label = ? AND x.status != 'rejected')")
            params.append(label)
        if search and search.strip():
            where.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(fts_query(search))
        return ("WHERE " + " AND ".join(where) if where else ""), params

    def matching_ids(self, *, status: str | None = None, label: str | None = None,
                     search: str | None = None) -> array[int]:
        """Ids of the documents passing the list's filters, in list order (see :meth:`summaries`).

        An ``array`` of 8-byte ints: 800 KB for 100,000 documents, where their summaries would
        take tens of MB. No ORDER BY in SQL: unsorted, SQLite reads the ids from the small status
        index instead of scanning the table with its texts (7x slower at 10,000 articles).
        """
        where, params = self._document_filter(status, label, search)
        rows = self.conn.execute(f"SELECT d.id FROM documents d {where}", params)
        ids = array("q", (r[0] for r in rows))
        return array("q", sorted(ids))

    def pending_scores(self, *, status: str | None = None, label: str | None = None,
                       search: str | None = None) -> list[PendingScores]:
        """Lowest and mean score of each listed document's scored suggestions, one aggregate query.

        Only documents passing the list's filters (as :meth:`matching_ids`) and having at least
        one suggested span with a score are returned, in no particular order; what the document
        list's "most doubtful first" order ranks (:mod:`annotator.doubt`).
        """
        where, params = self._document_filter(status, label, search)
        among = f" AND s.doc_id IN (SELECT d.id FROM documents d {where})" if where else ""
        rows = self.conn.execute(
            "SELECT s.doc_id, MIN(s.score), AVG(s.score), COUNT(*) FROM spans s"
            f" WHERE s.status = 'suggested' AND s.score IS NOT NULL{among} GROUP BY s.doc_id", params)
        return [PendingScores(*row) for row in rows]

    def ids_with_status(self, statuses: Sequence[str]) -> array[int]:
        """Ids of the documents with one of ``statuses``, sorted (read from the status index).

        What "the next document to work on" needs without reading the list's pages: nothing to
        read at all when every document is done.
        """
        marks = ", ".join("?" * len(statuses))
        rows = self.conn.execute(f"SELECT id FROM documents WHERE status IN ({marks})", list(statuses))
        return array("q", sorted(r[0] for r in rows))

    def summaries_of(self, doc_ids: Sequence[int]) -> list[DocSummary]:
        """The list entries of some documents (a page of the list), in the order of ``doc_ids``."""
        if not doc_ids:
            return []
        marks = ", ".join("?" * len(doc_ids))
        found = {
            row[0]: DocSummary(*row)
            for row in self.conn.execute(
                f"""SELECT d.id, d.title, d.status,
                           (SELECT COUNT(*) FROM spans WHERE doc_id = d.id AND status != 'rejected'),
                           (SELECT COUNT(*) FROM spans WHERE doc_id = d.id AND status = 'suggested')
                    FROM documents d WHERE d.id IN ({marks})""",
                list(doc_ids),
            )
        }
        return [found[i] for i in doc_ids if i in found]

    def summaries(self, *, status: str | None = None, label: str | None = None,
                  search: str | None = None) -> list[DocSummary]:
        """Documents' ids, titles, statuses and span counts in list order, optionally filtered.

        ``label`` keeps documents with a (not rejected) span of that label; ``search`` is
        full-text search over titles and texts (FTS5; every word must occur, a trailing word
        also matches as a prefix). For a whole large project, page through
        :meth:`matching_ids` with :meth:`summaries_of` instead.
        """
        ids = self.matching_ids(status=status, label=label, search=search)
        return [s for at in range(0, len(ids), 500) for s in self.summaries_of(ids[at : at + 500])]

    def summary(self, doc_id: int) -> DocSummary:
        """One document's list entry."""
        found = self.summaries_of([doc_id])
        if not found:
            raise Gone(doc_id)
        return found[0]

    def document(self, doc_id: int) -> Document:
        """Load a document with all its spans."""
        row = self.conn.execute(
            "SELECT id, title, text, meta, status FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise Gone(f"no document with id {doc_id}")
        return Document(
            text=row[2], title=row[1], meta=orjson.loads(row[3]), status=row[4], id=row[0],
            spans=self.spans(doc_id), events=self.events(doc_id),
        )

    def document_row(self, doc_id: int) -> dict[str, Any]:
        """The raw ``documents`` row (for commands and exports)."""
        rows = list(self.db.query("SELECT * FROM documents WHERE id = ?", [doc_id]))
        if not rows:
            raise Gone(f"no document with id {doc_id}")
        return rows[0]

    def update_document(self, doc_id: int, **values: Any) -> None:
        """Set columns of a document and its ``updated_at`` (now, unless given: undo restores it)."""
        values.setdefault("updated_at", current_time())
        assignments = ", ".join(f'"{k}" = ?' for k in values)
        self.conn.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*values.values(), doc_id))

    def iter_documents(self, *, status: str | None = None, ids: Iterable[int] | None = None,
                       batch: int = 200) -> Iterator[dict[str, Any]]:
        """Stream ``documents`` rows in id order without holding them all in memory.

        With ``ids``, only those documents are read (a part of a split export). Read through the
        connection, not sqlite-utils: an export need not import it (0.14 s, numpy with it).
        """
        def query(sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
            cursor = self.conn.execute(sql, params)
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, row)) for row in cursor]

        if ids is not None:
            chosen = sorted(ids)
            for at in range(0, len(chosen), batch):
                part = chosen[at : at + batch]
                marks = ", ".join("?" * len(part))
                found = query(f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", part)
                yield from (row for row in found if status is None or row["status"] == status)
            return
        last = 0
        while True:
            where = "id > ?" + (" AND status = ?" if status else "")
            params: list[Any] = [last] + ([status] if status else [])
            rows = query(f"SELECT * FROM documents WHERE {where} ORDER BY id LIMIT {batch}", params)
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    def add_time(self, doc_id: int, seconds: float) -> None:
        """Add active working time to a document (not an undoable action: time spent stays spent)."""
        if seconds > 0:
            with self.transaction():
                self.conn.execute("UPDATE documents SET seconds_spent = seconds_spent + ? WHERE id = ?",
                                  (seconds, doc_id))

    def document_counts(self) -> dict[str, int]:
        """Documents by status (cheap: the status index), for the status bar."""
        counts = dict.fromkeys(DOC_STATUSES, 0)
        for status, n in self.conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"):
            counts[status] = n
        return counts
    def stats(self) -> dict[str, Any]:
        """Documents by status, spans by label and status, events by type and status."""
        docs = self.document_counts()
        spans: dict[str, dict[str, int]] = {}
        for label, status, n in self.conn.execute(
            "SELECT label, status, COUNT(*) FROM spans GROUP BY label, status ORDER BY label"
        ):
            spans.setdefault(label, {"suggested": 0, "accepted": 0, "rejected": 0})[status] = n
        events: dict[str, dict[str, int]] = {}
        for kind, status, n in self.conn.execute(
            "SELECT type, status, COUNT(*) FROM events GROUP BY type, status ORDER BY type"
        ):
            events.setdefault(kind, {"suggested": 0, "accepted": 0, "rejected": 0})[status] = n
        total, done_total, done_n = self.conn.execute(
            "SELECT COALESCE(SUM(seconds_spent), 0), COALESCE(SUM(seconds_spent) FILTER (WHERE status = 'done'), 0),"
            " COUNT(*) FILTER (WHERE status = 'done' AND seconds_spent > 0) FROM documents"
        ).fetchone()
        time = {"seconds_total": round(total, 1),
                "seconds_per_done_document": round(done_total / done_n, 1) if done_n else None}
        return {"documents": docs, "spans": spans, "events": events, "time": time}
