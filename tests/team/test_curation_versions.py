"""What the curator is shown of a document several analysts finished: its places, their versions, who said what."""

from __future__ import annotations

from pathlib import Path

from annotator.store import open_project
from annotator.team.curation import curation
from team_data import build_team, shared_documents


def test_places_and_versions_of_a_shared_document(tmp_path: Path) -> None:
    with open_project(build_team(tmp_path), create=False) as team:
        found = curation(team, shared_documents(team)[0])
        assert found.analysts == ("ana", "ben", "cai")
        shown = [(u.kind, found.text[u.start:u.end], u.agreed, u.decided,
                  [(v.analysts, v.describe(found.text)) for v in u.versions]) for u in found.units]
    assert shown == [
        ("span", "Ukrainian forces", False, False,
         [(("ana", "ben"), "Ukrainian NORP"), (("cai",), "Ukrainian forces NORP")]),
        ("event", "shelled", False, False,
         [(("ana",), 'ATTACK "shelled": Attacker Ukrainian, Target Donetsk'),
          (("ben",), 'ATTACK "shelled": Attacker Ukrainian, Target Kyiv'),
          (("cai",), "— nothing")]),
        ("span", "Donetsk", True, False, [(("ana", "ben", "cai"), "Donetsk GPE")]),
        ("span", "Monday", False, False, [(("ana", "cai"), "Monday DATE"), (("ben",), "— nothing")]),
        ("span", "Kyiv", False, False, [(("ana", "ben"), "Kyiv GPE"), (("cai",), "Kyiv LOC")]),
    ]


def test_a_document_one_analyst_finished_is_agreed_throughout(tmp_path: Path) -> None:
    with open_project(build_team(tmp_path), create=False) as team:
        single = next(d for d in team.document_ids() if d not in shared_documents(team))
        found = curation(team, single)
    assert len(found.analysts) == 1 and found.units
    assert all(u.agreed for u in found.units) and not found.open_disputes


def test_a_plain_project_has_nothing_to_curate(tmp_path: Path) -> None:
    from team_data import build_project

    build_project(tmp_path / "plain.db", documents=2)
    with open_project(tmp_path / "plain.db", create=False) as store:
        found = curation(store, store.document_ids()[0])
    assert found.analysts == () and found.units == ()
