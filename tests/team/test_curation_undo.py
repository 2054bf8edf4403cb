"""Each curation choice is one undoable step that writes only the team's rows, never an analyst's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.editing import curation as curate
from annotator.editing.operations import CommandError
from annotator.editing.session import EditingSession
from annotator.store import Store, open_project
from annotator.team.curation import curation, team_rows_of
from team_data import build_team, shared_documents


def _rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every span, event and argument row of the project, as stored."""
    conn: sqlite3.Connection = store.conn
    return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("spans", "events", "arguments")}


def _analysts_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """The analysts' merged rows, as stored."""
    return {"spans": store.conn.execute("SELECT * FROM spans WHERE id IN (SELECT span_id FROM analyst_spans)"
                                        " ORDER BY id").fetchall(),
            "events": store.conn.execute("SELECT * FROM events WHERE id IN (SELECT event_id FROM analyst_events)"
                                         " ORDER BY id").fetchall()}


def _team_view(store: Store, doc_id: int) -> list[tuple[str, str, str]]:
    rows = team_rows_of(store)
    assert rows is not None
    doc = rows.curated(store.document(doc_id))
    return sorted((doc.text[s.start:s.end], s.label, s.status) for s in doc.spans)


@pytest.fixture
def team(tmp_path: Path) -> Store:
    return open_project(build_team(tmp_path), create=False)


def test_pick_reject_and_agreements_each_undo_to_the_rows_before(team: Store) -> None:
    doc_id = shared_documents(team)[0]
    session = EditingSession(team, annotator="lead")
    analysts_before = _analysts_rows(team)
    snapshots = [_rows(team)]

    session.run(curate.accept_agreements(team, doc_id))
    assert ("Donetsk", "GPE", "accepted") in _team_view(team, doc_id)
    snapshots.append(_rows(team))

    units = {curation(team, doc_id).text[u.start:u.end]: u for u in curation(team, doc_id).units}
    session.run(curate.pick(doc_id, units["Kyiv"].key, 1))  # cai: Kyiv LOC
    assert ("Kyiv", "LOC", "accepted") in _team_view(team, doc_id)
    assert ("Kyiv", "GPE", "suggested") not in _team_view(team, doc_id)  # the suggestion there: taken over
    snapshots.append(_rows(team))

    session.run(curate.reject_all(doc_id, units["Monday"].key))
    assert ("Monday", "DATE", "rejected") in _team_view(team, doc_id)
    assert all(s != ("Monday", "DATE", "accepted") for s in _team_view(team, doc_id))
    snapshots.append(_rows(team))

    session.run(curate.pick(doc_id, units["shelled"].key, 1))  # ben's event: Target Kyiv
    rows = team_rows_of(team)
    assert rows is not None
    (event,) = rows.curated(team.document(doc_id)).events
    by_id = {s.id: s for s in team.document(doc_id).spans}
    assert event.status == "accepted" and sorted(
        (a.role, team.document(doc_id).text[by_id[a.span_id].start:by_id[a.span_id].end]) for a in event.arguments
    ) == [("Attacker", "Ukrainian"), ("Target", "Kyiv")]
    assert all(a.span_id not in rows.of(doc_id).span_analyst for a in event.arguments)  # the team's spans fill it

    assert _analysts_rows(team) == analysts_before  # nothing of an analyst's was touched
    while snapshots[1:]:
        session.undo()
        assert _rows(team) == snapshots.pop()
    assert _analysts_rows(team) == analysts_before


def test_accepting_agreements_twice_is_refused_with_a_reason(team: Store) -> None:
    doc_id = shared_documents(team)[0]
    session = EditingSession(team, annotator="lead")
    session.run(curate.accept_agreements(team, doc_id))
    with pytest.raises(CommandError, match="curated already"):
        curate.accept_agreements(team, doc_id)


def test_a_place_that_is_gone_is_refused_and_nothing_changes(team: Store) -> None:
    doc_id = shared_documents(team)[0]
    before = _rows(team)
    with pytest.raises(CommandError, match="no longer there"):
        EditingSession(team, annotator="lead").run(curate.pick(doc_id, ("span", 1, 3), 0))
    assert _rows(team) == before
