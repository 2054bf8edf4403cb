"""An undo that would bring back a role filler of an event deleted elsewhere is refused cleanly.

Undo puts row images back with foreign keys deferred; without a check the commit failed on the
missing event and left the transaction open, so the next edits joined it and were never saved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import commands, event_commands as ec, history
from annotator.documents import Document, Span
from annotator.editing.session import EditingSession
from annotator.store import open_project

TEXT = "Russian forces shelled Kharkiv on Monday."


def test_undo_of_a_cleared_role_whose_event_was_deleted_elsewhere(tmp_path: Path) -> None:
    first = open_project(tmp_path / "p.db")
    with first.transaction():
        doc = first.add_document(Document(TEXT, "Shelling")).doc_id
        first.insert_spans(doc, [Span(23, 30, "GPE", origin="model")])
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(first, add)
    assert add.event_id is not None
    fill = ec.FillRole(doc, add.event_id, "Target", 1)
    commands.execute(first, fill)
    assert fill.argument_id is not None
    session = EditingSession(first, annotator="ana")
    session.run(ec.ClearRole(doc, fill.argument_id))

    second = open_project(tmp_path / "p.db", create=False)  # another window deletes the event
    commands.execute(second, ec.DeleteEvent(doc, add.event_id), annotator="bo")
    second.close()

    with pytest.raises(commands.CommandError, match="event .* was deleted"):
        session.undo()
    assert not first.conn.in_transaction
    assert first.conn.execute("SELECT count(*) FROM arguments").fetchone()[0] == 0
    assert session.undo_text == "Fill Target"  # the refused step left the stack
    session.run(commands.accept(doc, [1]))  # the project takes edits again, and keeps them
    first.close()
    reopened = open_project(tmp_path / "p.db", create=False)
    try:
        assert reopened.span_row(1)["status"] == "accepted"
        done, _redo = history.restore_stack(reopened.conn)
        assert "Clear role" not in [e.text for e in done]  # refused: off the stack after a restart too
    finally:
        reopened.close()
