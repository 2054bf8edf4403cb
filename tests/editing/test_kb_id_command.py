"""Choosing a span's id is one undoable action (also after reopening the project): the span gets the
id and counts as accepted; the typeahead's candidates are GeoNames places, actor-list entries and NIL."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import commands, history
from annotator.commands import CommandError
from annotator.documents import Document, Span
from annotator.kb import candidates, import_actor_list
from annotator.store import open_project

TEXT = "Russian troops shelled Paris overnight."


def test_set_kb_id_undo_redo_and_after_restart(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as store:
        with store.transaction():
            doc = store.add_document(Document(TEXT)).doc_id
            (span_id,) = store.insert_spans(doc, [Span(23, 28, "GPE", origin="model", status="suggested", score=0.9,
                                                       kb_id="geonames:2988507", kb_score=0.6)])
        command = commands.set_kb_id(doc, [span_id], "geonames:4717560")
        assert command.text() == "Link to geonames:4717560"
        commands.execute(store, command, annotator="ana")
        (span,) = store.spans(doc)
        assert (span.kb_id, span.kb_score, span.status, span.label) == ("geonames:4717560", None, "accepted", "GPE")
        commands.undo(store, command, annotator="ana")
        (span,) = store.spans(doc)
        assert (span.kb_id, span.kb_score, span.status) == ("geonames:2988507", 0.6, "suggested")
        commands.redo(store, command, annotator="ana")
        assert store.spans(doc)[0].kb_id == "geonames:4717560"
    with open_project(path, create=False) as store:
        done, _redo = history.restore_stack(store.conn)
        assert done[-1].name == "set_kb_id"
        commands.undo(store, commands.Restored(done[-1]))
        assert store.spans(doc)[0].kb_id == "geonames:2988507"


def test_an_id_with_spaces_is_refused() -> None:
    with pytest.raises(CommandError, match="no spaces"):
        commands.set_kb_id(1, [1], "geonames 1")


def test_candidates_for_the_typeahead(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("acled:9,Paris Commune Brigade,,ORG,a militia\n", encoding="utf-8")
    with open_project(tmp_path / "p.db") as store:
        import_actor_list(store, tmp_path / "a.csv")
        found = candidates(store, "Paris")
    ids = [c.kb_id for c in found]
    assert ids[0] == "geonames:2988507" and "geonames:4717560" in ids  # the big Paris first, then Texas
    assert ids[-2:] == ["acled:9", "NIL"]
    assert "US" in next(c.detail for c in found if c.kb_id == "geonames:4717560")
