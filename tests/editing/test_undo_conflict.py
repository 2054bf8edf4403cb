"""Undo and redo never overwrite what another window or process changed since: they are refused and say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import commands, history, memory
from annotator.documents import Document, Span
from annotator.store import Store, open_project

TEXT = "Russian forces shelled Kharkiv on Monday, killing three civilians in Kharkiv."


@pytest.fixture
def two_windows(tmp_path: Path):  # noqa: ANN201 - (first store, second store, doc id)
    """Two connections to one project file, as two app windows (or the app and a terminal) hold them."""
    first = open_project(tmp_path / "p.db")
    with first.transaction():
        doc = first.add_document(Document(TEXT, "Shelling")).doc_id
        first.insert_spans(doc, [Span(0, 7, "NORP", origin="model"), Span(23, 30, "PERSON", origin="model"),
                                 Span(34, 40, "DATE", origin="model")])
    second = open_project(tmp_path / "p.db", create=False)
    yield first, second, doc
    first.close()
    second.close()


def label_status(store: Store, span_id: int) -> tuple[str, str]:
    row = store.span_row(span_id)
    return row["label"], row["status"]


def test_undo_of_a_span_relabelled_elsewhere_is_refused_and_keeps_the_other_edit(two_windows):
    first, second, doc = two_windows
    mine = commands.relabel(doc, [2], "GPE")
    commands.execute(first, mine, annotator="ana")
    commands.execute(second, commands.relabel(doc, [2], "LOC"), annotator="bo")  # the other window, later

    with pytest.raises(commands.StaleError, match="changed since.*Undo skipped"):
        commands.undo(first, mine, annotator="ana")
    assert label_status(first, 2) == ("LOC", "accepted")
    assert first.span_row(2)["annotator"] == "bo"
    # The refusal is in the history, so after a restart the action is off the undo stack too.
    done, _redo = history.restore_stack(first.conn)
    assert [e.history_id for e in done] == [
        first.conn.execute("SELECT id FROM history WHERE annotator = 'bo'").fetchone()[0]]


def test_undo_of_an_edit_next_to_other_edits_still_works(two_windows):
    first, second, doc = two_windows
    mine = commands.accept(doc, [1])
    commands.execute(first, mine, annotator="ana")
    commands.execute(second, commands.reject(doc, [3]), annotator="bo")  # same document, another span

    commands.undo(first, mine, annotator="ana")
    assert label_status(first, 1) == ("NORP", "suggested")
    assert label_status(first, 3) == ("DATE", "rejected")  # the other window's edit is kept
    commands.redo(first, mine, annotator="ana")
    assert label_status(first, 1) == ("NORP", "accepted")


def test_undo_of_a_span_deleted_elsewhere_is_refused(two_windows):
    first, second, doc = two_windows
    mine = commands.accept(doc, [2])
    commands.execute(first, mine)
    commands.execute(second, commands.DeleteSpan(doc, 2))
    with pytest.raises(commands.StaleError, match="span 2 was deleted"):
        commands.undo(first, mine)
    assert [s.id for s in first.spans(doc)] == [1, 3]


def test_redo_over_an_edit_made_elsewhere_is_refused(two_windows):
    first, second, doc = two_windows
    mine = commands.reject(doc, [1])
    commands.execute(first, mine)
    commands.undo(first, mine)
    commands.execute(second, commands.relabel(doc, [1], "ORG"))
    with pytest.raises(commands.StaleError, match="Redo skipped"):
        commands.redo(first, mine)
    assert label_status(second, 1) == ("ORG", "accepted")


def test_restored_undo_after_restart_is_refused_too(two_windows, tmp_path):
    first, second, doc = two_windows
    commands.execute(first, commands.relabel(doc, [2], "GPE"))
    (entry,), _ = history.restore_stack(first.conn)
    commands.execute(second, commands.accept(doc, [2]), annotator="bo")  # accepted again elsewhere, by bo
    with pytest.raises(commands.StaleError):
        commands.undo(first, commands.Restored(entry))
    assert label_status(first, 2) == ("GPE", "accepted")


def test_lessons_taught_twice_keep_both_counts_when_one_is_undone(two_windows):
    first, second, doc = two_windows
    with first.transaction():
        other = first.add_document(Document("Kharkiv was quiet.", "Quiet")).doc_id
        first.update_document(other, status="done")
    mine = memory.teach(commands.relabel(doc, [2], "GPE"))  # teaches Kharkiv -> GPE
    commands.execute(first, mine)
    theirs = memory.teach(commands.AddSpan(doc, 69, 76, "GPE"))  # the second Kharkiv, in the other window
    commands.execute(second, theirs)
    count = first.conn.execute("SELECT count FROM memory WHERE phrase = 'Kharkiv' AND kind = 'is'").fetchone()[0]
    assert count == 2

    with pytest.raises(commands.StaleError):
        commands.undo(first, mine)  # undoing would forget a lesson the other window taught too
    assert first.conn.execute("SELECT count FROM memory WHERE phrase = 'Kharkiv' AND kind = 'is'").fetchone()[0] == 2
    # The refusal is in the history: after a restart the action is off the undo stack, as in the window.
    done, _redo = history.restore_stack(first.conn)
    assert [e.text for e in done] == [theirs.text()]
    commands.undo(second, theirs)
    assert first.conn.execute("SELECT count FROM memory WHERE phrase = 'Kharkiv' AND kind = 'is'").fetchone()[0] == 1
