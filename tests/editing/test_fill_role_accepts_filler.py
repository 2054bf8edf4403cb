"""Filling a role with a suggested span accepts the span in the same step, so the argument is exported.

Before, the span stayed 'suggested': once the event was accepted and the document done, exports
(which write accepted spans) dropped the argument although the window showed the role filled.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator import commands, event_commands as ec
from annotator.documents import Document, Span
from annotator.exporters import export
from annotator.exporters.common import ExportOptions
from annotator.store import Store

TEXT = "Russian forces shelled Kharkiv on Monday."


def _setup(project: Store) -> tuple[int, int, int]:
    """A document with a suggested Kharkiv and an accepted ATTACK on "shelled": (doc, span, event)."""
    with project.transaction():
        doc = project.add_document(Document(TEXT, "Shelling")).doc_id
        (kharkiv,) = project.insert_spans(doc, [Span(23, 30, "GPE", origin="model")])
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    commands.execute(project, add, annotator="ana")
    assert add.event_id is not None
    return doc, kharkiv, add.event_id


def _exported_targets(project: Store, out: Path) -> list[str]:
    export(project, "jsonl", out, ExportOptions())
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    return [a["text"] for e in record["events"] for a in e["arguments"] if a["role"] == "Target"]


def test_filling_a_role_accepts_the_suggested_filler_and_undo_reverts_both(project: Store, tmp_path: Path) -> None:
    doc, kharkiv, event = _setup(project)
    fill = ec.FillRole(doc, event, "Target", kharkiv)
    commands.execute(project, fill, annotator="ana")
    assert project.span_row(kharkiv)["status"] == "accepted"
    done = commands.SetDocStatus(doc, "done")
    commands.execute(project, done, annotator="ana")
    assert _exported_targets(project, tmp_path / "a.jsonl") == ["Kharkiv"]

    commands.undo(project, done)
    commands.undo(project, fill)  # one undo: the role is empty and Kharkiv a suggestion again
    assert project.event(event).arguments == ()
    assert (project.span_row(kharkiv)["status"], project.span_row(kharkiv)["annotator"]) == ("suggested", None)
    commands.redo(project, fill)
    assert project.span_row(kharkiv)["status"] == "accepted"
    assert [a.span_id for a in project.event(event).arguments] == [kharkiv]


def test_filling_with_an_accepted_span_leaves_it_as_it_is(project: Store) -> None:
    doc, kharkiv, event = _setup(project)
    commands.execute(project, commands.accept(doc, [kharkiv]), annotator="bo")
    before = project.span_row(kharkiv)
    fill = ec.FillRole(doc, event, "Target", kharkiv)
    commands.execute(project, fill, annotator="ana")
    assert project.span_row(kharkiv) == before  # still bo's decision
    commands.undo(project, fill)
    assert project.span_row(kharkiv) == before
