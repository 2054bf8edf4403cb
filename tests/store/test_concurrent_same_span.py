"""Two windows editing the same span: the second edit, made on an out-of-date view, is refused, never silently lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import commands
from annotator.documents import Document, Span
from annotator.store import open_project

TEXT = "Delegations met in Geneva on Friday."


def test_an_edit_made_on_an_out_of_date_view_is_refused_and_the_earlier_edit_kept(tmp_path: Path) -> None:
    first = open_project(tmp_path / "p.db")
    with first.transaction():
        doc = first.add_document(Document(TEXT, "Talks")).doc_id
        (geneva,) = first.insert_spans(doc, [Span(18, 24, "PERSON", origin="model")])
    second = open_project(tmp_path / "p.db", create=False)
    shown = {"start": 18, "end": 24, "label": "PERSON", "status": "suggested"}  # what both windows show

    def seen(table: str, row_id: int) -> dict[str, object] | None:
        return shown if (table, row_id) == ("spans", geneva) else None

    commands.execute(first, commands.relabel(doc, [geneva], "GPE"), annotator="ana", seen=seen)
    with pytest.raises(commands.StaleError, match=f"span {geneva} was changed elsewhere"):
        commands.execute(second, commands.relabel(doc, [geneva], "LOC"), annotator="bo", seen=seen)
    row = second.span_row(geneva)
    assert (row["label"], row["status"], row["annotator"]) == ("GPE", "accepted", "ana")
    assert [r[0] for r in second.conn.execute("SELECT command FROM history")] == ["relabel"]  # nothing half-done

    # Seeing the project as it is now, the second analyst may still overrule: both steps are in the history.
    shown.update(label="GPE", status="accepted")
    commands.execute(second, commands.relabel(doc, [geneva], "LOC"), annotator="bo", seen=seen)
    assert [r[0] for r in second.conn.execute("SELECT annotator FROM history ORDER BY id")] == ["ana", "bo"]
    assert first.span_row(geneva)["label"] == "LOC"
    first.close()
    second.close()
