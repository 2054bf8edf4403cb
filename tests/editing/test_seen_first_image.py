"""An action that changes one row twice is checked against what the window showed before it, not against
its own first change. A regression: accepting a team document's agreements (an event's filler, then the
same span's own place) was refused as "changed elsewhere a moment ago"."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.documents import Document, Span
from annotator.editing import operations as ops
from annotator.editing.session import EditingSession, StaleError
from annotator.store import open_project


def test_a_row_changed_twice_in_one_action_is_not_taken_for_a_change_elsewhere(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.db") as store:
        with store.transaction():
            doc_id = store.add_document(Document("Kyiv was hit.", "K")).doc_id
            (span_id,) = store.insert_spans(doc_id, [Span(0, 4, "PERSON", origin="model")])
        shown = {"status": "suggested", "label": "PERSON"}
        session = EditingSession(store, annotator="ana")
        both = ops.Composite(doc_id, [ops.accept(doc_id, [span_id]), ops.relabel(doc_id, [span_id], "GPE")],
                             name="accept_relabel", text="Accept and relabel")
        session.run(both, seen=lambda table, row_id: shown if (table, row_id) == ("spans", span_id) else None)
        (span,) = store.spans(doc_id)
        assert (span.label, span.status) == ("GPE", "accepted")
        # ... while a row that really changed since it was shown is still refused.
        with pytest.raises(StaleError):
            session.run(ops.reject(doc_id, [span_id]), seen=lambda table, row_id: shown)
