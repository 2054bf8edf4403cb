"""Making a span a nominal mention, or a name again, is one undoable action: undo and redo (also after
reopening the project) restore the kind, and the label and status stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import commands, history
from annotator.commands import CommandError
from annotator.documents import Document, Span
from annotator.store import open_project

TEXT = "Russian troops shelled residential buildings in Kharkiv."


def test_set_kind_undo_redo_and_after_restart(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as store:
        with store.transaction():
            doc = store.add_document(Document(TEXT)).doc_id
            (span_id,) = store.insert_spans(doc, [Span(23, 44, "FAC", origin="model", status="suggested", score=0.4)])
        command = commands.set_kind(doc, [span_id], "nominal")
        commands.execute(store, command, annotator="ana")
        (span,) = store.spans(doc)
        assert (span.kind, span.label, span.status, span.score) == ("nominal", "FAC", "suggested", 0.4)
        assert command.text() == "Make nominal mention"
        commands.undo(store, command, annotator="ana")
        assert store.spans(doc)[0].kind == "name"
        commands.redo(store, command, annotator="ana")
        assert store.spans(doc)[0].kind == "nominal"
        back = commands.set_kind(doc, [span_id], "name")
        assert back.text() == "Make name"
        commands.execute(store, back, annotator="ana")
        assert store.spans(doc)[0].kind == "name"
    with open_project(path, create=False) as store:
        done, _redo = history.restore_stack(store.conn)
        assert done[-1].name == "set_kind"
        commands.undo(store, commands.Restored(done[-1]))  # the session's last action: back to nominal
        assert store.spans(doc)[0].kind == "nominal"


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(CommandError, match="name, nominal"):
        commands.set_kind(1, [1], "pronoun")
