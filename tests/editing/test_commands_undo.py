"""Every user action is a command: apply writes the DB, revert restores it exactly, redo reuses ids,
and each step is written to the history table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest

from annotator import commands
from annotator.commands import CommandError
from annotator.store import Store

Rows = dict[str, list[tuple]]


def _dump(store: Store) -> Rows:
    """Every row of the tables an action may touch (history is checked separately)."""
    return {
        "documents": store.conn.execute("SELECT * FROM documents ORDER BY id").fetchall(),
        "spans": store.conn.execute("SELECT * FROM spans ORDER BY id").fetchall(),
    }


def _history(store: Store) -> list[tuple[str, int, str | None, dict[str, Any]]]:
    rows = store.conn.execute("SELECT command, doc_id, annotator, payload FROM history ORDER BY id")
    return [(c, d, a, orjson.loads(p)) for c, d, a, p in rows]


def _span(store: Store, span_id: int) -> dict[str, Any]:
    return store.span_row(span_id)


def _ids(store: Store, doc_id: int) -> list[int]:
    return [s.id for s in store.spans(doc_id)]


def _status(store: Store, doc_id: int) -> str:
    return store.document_row(doc_id)["status"]


def _cases() -> dict[str, Callable[[Store, int], commands.Command]]:
    return {
        "accept": lambda s, d: commands.accept(d, _ids(s, d)),
        "reject": lambda s, d: commands.reject(d, _ids(s, d)[:1]),
        "relabel": lambda s, d: commands.relabel(d, _ids(s, d)[1:], "LOC"),
        "kind": lambda s, d: commands.set_kind(d, _ids(s, d), "nominal"),
        "add": lambda s, d: commands.AddSpan(d, 15, 21, "WEAPON"),
        "add-existing": lambda s, d: commands.AddSpan(d, 22, 27, "GPE"),
        "delete": lambda s, d: commands.DeleteSpan(d, _ids(s, d)[0]),
        "done": lambda s, d: commands.SetDocStatus(d, "done"),
    }


@pytest.mark.parametrize("case", list(_cases()))
def test_apply_revert_redo(project: Store, article_doc: int, case: str) -> None:
    with project.transaction():  # backdate, so a revert that stamps "now" cannot pass by luck
        project.conn.execute("UPDATE documents SET updated_at = '2001-01-01T00:00:00.000+00:00'")
        project.conn.execute("UPDATE spans SET updated_at = '2001-01-01T00:00:00.000+00:00'")
    before = _dump(project)
    command = _cases()[case](project, article_doc)
    commands.execute(project, command, annotator="ana")
    applied = _dump(project)
    assert applied != before
    commands.undo(project, command, annotator="ana")
    assert _dump(project) == before  # every column of every row, timestamps included
    commands.execute(project, command, annotator="ana")
    redone = _dump(project)
    assert [r[0] for r in redone["spans"]] == [r[0] for r in applied["spans"]]  # same span ids
    assert _history(project)[0][0] == command.name
    assert [h[0] for h in _history(project)] == [command.name, f"undo:{command.name}", command.name]
    assert all(h[1] == article_doc and h[2] == "ana" for h in _history(project))


def test_accept_and_reject_set_status_and_annotator(project: Store, article_doc: int) -> None:
    norp, gpe = _ids(project, article_doc)
    commands.execute(project, commands.accept(article_doc, [norp]), annotator="ana")
    commands.execute(project, commands.reject(article_doc, [gpe]), annotator="bo")
    assert (_span(project, norp)["status"], _span(project, norp)["annotator"]) == ("accepted", "ana")
    assert (_span(project, gpe)["status"], _span(project, gpe)["annotator"]) == ("rejected", "bo")
    assert _span(project, gpe)["label"] == "GPE" and _span(project, gpe)["origin"] == "model"


def test_relabel_changes_label_and_accepts(project: Store, article_doc: int) -> None:
    gpe = _ids(project, article_doc)[1]
    changes = commands.execute(project, commands.relabel(article_doc, [gpe], "LOC"), annotator="ana")
    row = _span(project, gpe)
    assert (row["label"], row["status"], row["start"], row["end"]) == ("LOC", "accepted", 22, 27)
    assert changes.span_ids == {gpe}


def test_add_span_creates_a_human_span_and_redo_reuses_its_id(project: Store, article_doc: int) -> None:
    add = commands.AddSpan(article_doc, 15, 21, "WEAPON")
    commands.execute(project, add, annotator="ana")
    row = _span(project, add.span_id)
    assert (row["start"], row["end"], row["label"], row["origin"], row["status"], row["annotator"]) == (
        15, 21, "WEAPON", "human", "accepted", "ana")
    first_id = add.span_id
    commands.undo(project, add)
    assert first_id not in _ids(project, article_doc)
    commands.execute(project, add, annotator="ana")
    assert add.span_id == first_id and _span(project, first_id)["label"] == "WEAPON"


def test_adding_an_existing_suggestion_accepts_it_instead_of_duplicating(project: Store, article_doc: int) -> None:
    gpe = _ids(project, article_doc)[1]
    add = commands.AddSpan(article_doc, 22, 27, "GPE")
    commands.execute(project, add, annotator="ana")
    assert add.span_id == gpe and len(_ids(project, article_doc)) == 2
    assert (_span(project, gpe)["status"], _span(project, gpe)["origin"]) == ("accepted", "model")
    commands.undo(project, add)
    assert _span(project, gpe)["status"] == "suggested"


def test_delete_and_undo_restore_the_same_row(project: Store, article_doc: int) -> None:
    span_id = _ids(project, article_doc)[0]
    original = _span(project, span_id)
    delete = commands.DeleteSpan(article_doc, span_id)
    commands.execute(project, delete)
    with pytest.raises(KeyError):
        _span(project, span_id)
    commands.undo(project, delete)
    assert _span(project, span_id) == original


def test_document_moves_to_in_progress_on_first_edit_and_back_on_undo(project: Store, article_doc: int) -> None:
    norp, gpe = _ids(project, article_doc)
    assert _status(project, article_doc) == "new"
    first = commands.accept(article_doc, [norp])
    second = commands.reject(article_doc, [gpe])
    commands.execute(project, first, annotator="ana")
    assert _status(project, article_doc) == "in_progress"
    commands.execute(project, second, annotator="ana")
    commands.undo(project, second)
    assert _status(project, article_doc) == "in_progress"
    commands.undo(project, first)
    assert _status(project, article_doc) == "new"
    assert project.document_row(article_doc)["annotator"] is None


def test_set_status_done_and_back(project: Store, article_doc: int) -> None:
    done = commands.SetDocStatus(article_doc, "done")
    changes = commands.execute(project, done, annotator="ana")
    assert changes.doc_status and _status(project, article_doc) == "done"
    assert project.summary(article_doc).status == "done"
    commands.undo(project, done)
    assert _status(project, article_doc) == "new"


def test_history_payload_says_what_changed(project: Store, article_doc: int) -> None:
    norp = _ids(project, article_doc)[0]
    commands.execute(project, commands.relabel(article_doc, [norp], "ORG"), annotator="ana")
    ((name, doc_id, who, payload),) = _history(project)
    assert (name, doc_id, who) == ("relabel", article_doc, "ana")
    assert payload["table"] == "spans" and payload["ids"] == [norp] and payload["values"]["label"] == "ORG"
    assert payload["before"][str(norp)]["status"] == "suggested"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: commands.AddSpan(d, 5, 5, "GPE"), "outside the text"),
        (lambda d: commands.AddSpan(d, 0, 10_000, "GPE"), "outside the text"),
        (lambda d: commands.AddSpan(d, 0, 7, "NOT_A_LABEL"), "not a label"),
        (lambda d: commands.AddSpan(d + 99, 0, 7, "GPE"), "no longer exists"),
        (lambda d: commands.SetDocStatus(d + 99, "done"), "no longer exists"),
    ],
)
def test_invalid_actions_change_nothing(project: Store, article_doc: int, make, message: str) -> None:
    before = _dump(project)
    with pytest.raises(CommandError, match=message):
        commands.execute(project, make(article_doc), annotator="ana")
    assert _dump(project) == before and _history(project) == []


def test_span_of_another_document_is_refused_and_nothing_changes(project: Store, article_doc: int) -> None:
    from annotator.documents import Document

    with project.transaction():
        other = project.add_document(Document("Another article.")).doc_id
    before = _dump(project)
    with pytest.raises(CommandError, match="another document"):
        commands.execute(project, commands.accept(other, _ids(project, article_doc)))
    assert _dump(project) == before


def test_unknown_status_and_empty_selection_are_refused() -> None:
    with pytest.raises(CommandError, match="unknown document status"):
        commands.SetDocStatus(1, "finished")
    with pytest.raises(CommandError, match="no span"):
        commands.accept(1, [])


def test_finish_document_accepts_all_marks_done_and_undoes_in_one_step(project: Store, article_doc: int) -> None:
    command = commands.finish_document(project, article_doc)
    commands.execute(project, command, annotator="ana")
    assert {s.status for s in project.spans(article_doc)} == {"accepted"}
    assert project.summary(article_doc).status == "done"
    commands.undo(project, command)
    assert {s.status for s in project.spans(article_doc)} == {"suggested"}
    assert project.summary(article_doc).status == "new"


def test_move_span_boundary(project: Store, article_doc: int) -> None:
    span = project.spans(article_doc)[0]
    command = commands.move_span(article_doc, span.id, span.start, span.end + 7)
    commands.execute(project, command)
    moved = project.spans(article_doc)[0]
    assert (moved.start, moved.end, moved.status) == (span.start, span.end + 7, "accepted")
    commands.undo(project, command)
    assert project.spans(article_doc)[0] == span
