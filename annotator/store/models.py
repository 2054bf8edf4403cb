"""The project's learned models (table ``models``) and replacing a document's old-model suggestions.

A model row says what the model was trained on (document ids, base model, seed, epochs), its
held-out scores beside those of the model in use when it was trained, whether it was adopted, and
whether it is the one in use (at most one row; none: the base model). Re-suggesting a document
removes only suggestions nobody has touched and stores the new ones in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from annotator.documents import Event, Span
from annotator.store.connection import current_time
from annotator.store.suggestions import SuggestionRows

# What pre-annotation writes; a span or event of another origin was made by a person or imported.
MACHINE_ORIGINS = ("model", "rule", "memory")
# Untouched: made by pre-annotation, no person named on it, never edited since (the memory's own
# relabels of unreviewed suggestions, origin memory, count as machine-made).
UNTOUCHED = ("status = 'suggested' AND origin IN ('model', 'rule', 'memory') AND annotator IS NULL"
             " AND (updated_at = created_at OR origin = 'memory')")


@dataclass(frozen=True, slots=True)
class ModelRecord:
    """One stored model and its figures (``scores``: {"model": ..., "in_use": ...} as Evaluation dicts)."""

    id: int
    path: str
    name: str
    base_model: str
    seed: int
    epochs: int
    document_ids: list[int]
    held_out_ids: list[int]
    scores: dict[str, Any]
    f1: float | None
    previous_f1: float | None
    adopted: bool
    in_use: bool
    seconds: float
    created_at: str


_COLUMNS = ("id, path, name, base_model, seed, epochs, document_ids, held_out_ids, scores, f1, previous_f1,"
            " adopted, in_use, seconds, created_at")


def _record(row: Sequence[Any]) -> ModelRecord:
    return ModelRecord(row[0], row[1], row[2], row[3], row[4], row[5], orjson.loads(row[6]), orjson.loads(row[7]),
                       orjson.loads(row[8]), row[9], row[10], bool(row[11]), bool(row[12]), row[13], row[14])


class ModelRows(SuggestionRows):
    """Learned models and re-suggestion."""

    def models(self) -> list[ModelRecord]:
        """Every stored model, oldest first."""
        return [_record(r) for r in self.conn.execute(f"SELECT {_COLUMNS} FROM models ORDER BY id")]

    def model_record(self, model_id: int) -> ModelRecord | None:
        """One stored model, or None."""
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM models WHERE id = ?", (model_id,)).fetchone()
        return None if row is None else _record(row)

    def model_in_use(self) -> ModelRecord | None:
        """The project's model, or None when it uses the base model."""
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM models WHERE in_use = 1").fetchone()
        return None if row is None else _record(row)

    def next_model_number(self) -> int:
        """The id the next stored model will get (names its folder before it is recorded)."""
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM models").fetchone()[0])

    def add_model(self, *, number: int, path: str, name: str, base_model: str, seed: int, epochs: int,
                  document_ids: Sequence[int], held_out_ids: Sequence[int], scores: dict[str, Any],
                  f1: float | None, previous_f1: float | None, adopted: bool, seconds: float) -> int:
        """Record a trained model (already saved at ``path``); an adopted one becomes the model in use."""
        with self.transaction():
            self.conn.execute(
                f"INSERT INTO models({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (number, path, name, base_model, seed, epochs, orjson.dumps(list(document_ids)).decode(),
                 orjson.dumps(list(held_out_ids)).decode(), orjson.dumps(scores).decode(), f1, previous_f1,
                 int(adopted), seconds, current_time()),
            )
            if adopted:
                self.use_model(number)
        return number

    def use_model(self, model_id: int | None) -> None:
        """Make model ``model_id`` the one in use (None: go back to the base model)."""
        with self.transaction():
            self.conn.execute("UPDATE models SET in_use = 0 WHERE in_use = 1")
            if model_id is not None:
                self.conn.execute("UPDATE models SET in_use = 1 WHERE id = ?", (model_id,))

    def documents_to_resuggest(self, model: str, *, batch: int = 200, only_from: Sequence[str] | None = None
                               ) -> Iterator[tuple[int, str]]:
        """(id, text) of pre-annotated documents nobody has reviewed (status new) whose suggestions
        come from another model than ``model`` (with ``only_from``: from one of those models), in id order."""
        last = 0
        where, params = self._resuggest_filter(model, only_from)
        while True:
            rows = self.conn.execute(
                f"SELECT id, text FROM documents WHERE {where} AND id > ? ORDER BY id LIMIT ?",
                (*params, last, batch)).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def count_to_resuggest(self, model: str, *, only_from: Sequence[str] | None = None) -> int:
        """How many documents :meth:`documents_to_resuggest` would give."""
        where, params = self._resuggest_filter(model, only_from)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM documents WHERE {where}", params).fetchone()[0])

    @staticmethod
    def _resuggest_filter(model: str, only_from: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
        where = "status = 'new' AND preannotated_at IS NOT NULL AND preannotated_with IS NOT ?"
        if only_from is None:
            return where, (model,)
        if not only_from:
            return where + " AND 0", (model,)
        return where + f" AND preannotated_with IN ({', '.join('?' * len(only_from))})", (model, *only_from)

    def untouched_suggestions(self, doc_id: int) -> list[tuple[int, int, int, str, str | None, float | None]]:
        """(id, start, end, label, kb_id, kb_score) of a document's suggestions no person decided or
        edited (:data:`UNTOUCHED`, what re-suggestion replaces), in id order."""
        return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in self.conn.execute(
            f'SELECT id, start, "end", label, kb_id, kb_score FROM spans WHERE doc_id = ? AND {UNTOUCHED} ORDER BY id',
            (doc_id,))]

    def replace_suggestions(self, doc_id: int, spans: Sequence[Span], events: Sequence[Event], *, model: str) -> bool:
        """Swap one document's untouched suggestions for ``model``'s, in one transaction.

        Kept: every span or event a person accepted, rejected, edited (``updated_at`` moved) or
        made, every span filling a kept event's role, and the whole document once it is no longer
        new (someone opened it meanwhile). New suggestions on the characters of a kept span are
        left out, as pre-annotation leaves them out. Returns whether the document was re-suggested.
        """
        with self.transaction():
            row = self.conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None or row[0] != "new":
                return False
            self.conn.execute(
                f"DELETE FROM events WHERE doc_id = ? AND {UNTOUCHED}"
                " AND id NOT IN (SELECT event_id FROM arguments WHERE origin NOT IN ('model', 'rule', 'memory'))",
                (doc_id,))
            self.conn.execute(
                f"DELETE FROM spans WHERE doc_id = ? AND {UNTOUCHED} AND id NOT IN (SELECT a.span_id FROM arguments a"
                " JOIN events e ON e.id = a.event_id WHERE e.doc_id = ?)", (doc_id, doc_id))
            self.conn.execute("UPDATE documents SET preannotated_at = NULL WHERE id = ?", (doc_id,))
            self.store_suggestions([(doc_id, spans, events)], model=model)  # joins this transaction
        return True
