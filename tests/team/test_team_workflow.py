"""Assign -> annotate in three files -> merge -> agreement, through the real commands."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.store import open_project
from annotator.team.merge import analysts
from team_data import NAMES, annotate, build_project


@pytest.fixture
def team(tmp_path: Path) -> dict[str, Path]:
    project = tmp_path / "news.db"
    build_project(project)
    assert main(["assign", str(project), "--to", ",".join(NAMES), "--overlap", "0.3", "--seed", "7",
                 str(tmp_path / "out")]) == 0
    files = {n: tmp_path / "out" / f"{n}.db" for n in NAMES}
    for name, path in files.items():
        annotate(path, name)
    return {"project": project, **files}


def test_assign_gives_each_analyst_their_documents_and_shares_some(tmp_path: Path) -> None:
    project = tmp_path / "news.db"
    build_project(project)
    assert main(["assign", str(project), "--to", "ana,ben,cai", "--overlap", "0.3", "--seed", "7",
                 str(tmp_path / "out")]) == 0
    texts: dict[str, set[str]] = {}
    for name in NAMES:
        with open_project(tmp_path / "out" / f"{name}.db", create=False) as store:
            given = store.get_setting("team.assignment")
            assert given["annotator"] == name and given["project"] == "news"
            texts[name] = {store.document(d).text for d in store.document_ids()}
            assert all(len(store.spans(d)) == 4 for d in store.document_ids())  # the suggestions came along
            assert store.schema.names  # and the schema
    shared = texts["ana"] & texts["ben"] & texts["cai"]
    assert len(shared) == 3  # 0.3 of 10, given to all three
    assert len(texts["ana"] | texts["ben"] | texts["cai"]) == 10
    assert sorted(len(t) for t in texts.values()) == [5, 5, 6]  # the other 7 dealt out evenly


def test_assign_refuses_the_same_name_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_project(tmp_path / "news.db")
    assert main(["assign", str(tmp_path / "news.db"), "--to", "ana,Ana", str(tmp_path / "out")]) == 1
    message = capsys.readouterr().err.strip()
    assert "more than once" in message and "\n" not in message
    assert not (tmp_path / "out").exists()


def _rows(path: Path) -> list[tuple[object, ...]]:
    with open_project(path, create=False) as store:
        return [(s.doc_id, s.start, s.end, s.label, s.status, s.annotator) for d in store.document_ids()
                for s in store.spans(d)] + [(e.doc_id, e.trigger_start, e.type, e.annotator, len(e.arguments))
                                            for d in store.document_ids() for e in store.events(d)]


def test_merge_keeps_who_did_what_and_every_decision(team: dict[str, Path], tmp_path: Path) -> None:
    merged = tmp_path / "team.db"
    assert main(["merge", str(merged), *(str(team[n]) for n in NAMES)]) == 0
    with open_project(merged, create=False) as store:
        spans = [s for d in store.document_ids() for s in store.spans(d)]
        events = [e for d in store.document_ids() for e in store.events(d)]
        assert store.count_documents() == 10
        assert {s.annotator for s in spans} == set(NAMES)  # every span under the analyst's name
        assert {e.annotator for e in events} == {"ana", "ben"}
        assert all(len(e.arguments) == 2 for e in events)
        assert not any(s.label == "DATE" and s.status == "accepted" and s.annotator == "ben" for s in spans)
        done = analysts(store)
        assert all(set(docs.values()) == {"done"} for docs in done.values())
    for name in NAMES:
        with open_project(team[name], create=False) as source:
            decided = sum(s.status != "suggested" for d in source.document_ids() for s in source.spans(d))
        assert decided == sum(s.annotator == name for s in spans)  # no decision lost


def test_merging_the_same_file_twice_changes_nothing(team: dict[str, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    merged = tmp_path / "team.db"
    assert main(["merge", str(merged), str(team["ana"]), str(team["ben"])]) == 0
    before = _rows(merged)
    capsys.readouterr()
    assert main(["merge", str(merged), str(team["ana"])]) == 0
    assert "already merged; nothing changed" in capsys.readouterr().err
    assert _rows(merged) == before


def test_merge_again_after_more_work_replaces_the_analysts_rows(team: dict[str, Path], tmp_path: Path) -> None:
    from annotator.editing import operations as ops
    from annotator.editing.session import EditingSession

    merged = tmp_path / "team.db"
    assert main(["merge", str(merged), str(team["ana"])]) == 0
    with open_project(team["ana"], create=False) as store:
        doc_id = store.document_ids()[0]
        gpe = [s.id for s in store.spans(doc_id) if s.label == "GPE" and s.id is not None]
        EditingSession(store, annotator="ana").run(ops.reject(doc_id, gpe[:1]))
    assert main(["merge", str(merged), str(team["ana"])]) == 0
    with open_project(merged, create=False) as store:
        spans = [s for d in store.document_ids() for s in store.spans(d) if s.annotator == "ana"]
    assert sum(s.status == "rejected" for s in spans) == 1
    with open_project(team["ana"], create=False) as source:
        decided = [s for d in source.document_ids() for s in source.spans(d) if s.status != "suggested"]
    assert len(spans) == len(decided)  # the older rows were replaced, none is there twice


def test_merge_refuses_a_file_from_another_project(team: dict[str, Path], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.db"
    build_project(other, documents=3)
    assert main(["assign", str(other), "--to", "dan,eve", "--overlap", "0", str(tmp_path / "other")]) == 0
    merged = tmp_path / "team.db"
    assert main(["merge", str(merged), str(team["ana"])]) == 0
    before = _rows(merged)
    capsys.readouterr()
    assert main(["merge", str(merged), str(tmp_path / "other" / "dan.db")]) == 1
    message = capsys.readouterr().err.strip()
    assert "assigned from project other" in message and "nothing was merged" in message and "\n" not in message
    assert _rows(merged) == before


def test_merge_refuses_two_analysts_with_the_same_name(team: dict[str, Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assign", str(team["project"]), "--to", "ana,dan", "--overlap", "0", str(tmp_path / "again")]) == 0
    merged = tmp_path / "team.db"
    capsys.readouterr()
    assert main(["merge", str(merged), str(team["ana"]), str(tmp_path / "again" / "ana.db")]) == 1
    message = capsys.readouterr().err.strip()
    assert "two analysts with one name" in message and "\n" not in message
    assert not merged.exists()  # refused before the new team project was made
    assert main(["merge", str(merged), str(team["ana"])]) == 0
    capsys.readouterr()
    assert main(["merge", str(merged), str(tmp_path / "again" / "ana.db")]) == 1
    assert "already holds work of an analyst named ana" in capsys.readouterr().err


def test_merge_refuses_a_plain_project(team: dict[str, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge", str(tmp_path / "team.db"), str(team["project"])]) == 1
    assert "is not an analyst's file" in capsys.readouterr().err


def test_agreement_reports_spans_tokens_and_events_lowest_first(team: dict[str, Path], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    merged = team["project"]  # merging into the project assigned from works too
    assert main(["merge", str(merged), *(str(team[n]) for n in NAMES)]) == 0
    capsys.readouterr()
    assert main(["agreement", str(merged), "--json"]) == 0
    report = orjson.loads(capsys.readouterr().out)
    assert report["documents"] == 3 and report["analysts"] == list(NAMES)
    # Hand-computed over the 3 shared documents and 3 pairs (see tests/team_data.annotate):
    labels = {r["label"]: r for r in report["spans"]["labels"]}
    assert [r["label"] for r in report["spans"]["labels"]] == ["LOC", "NORP", "DATE", "GPE"]
    assert labels["GPE"]["f1_exact"] == pytest.approx(0.8)
    assert labels["DATE"]["f1_exact"] == pytest.approx(0.5)
    assert labels["NORP"]["f1_exact"] == pytest.approx(1 / 3)
    assert labels["NORP"]["f1_overlap"] == pytest.approx(1.0)  # "Ukrainian" overlaps "Ukrainian forces"
    assert labels["LOC"]["f1_exact"] == 0
    assert report["spans"]["f1_exact"] == pytest.approx(6 / 11)
    assert report["spans"]["f1_overlap"] == pytest.approx(8 / 11)
    events = report["events"]
    assert events["f1_trigger_type"] == pytest.approx(0.5)  # ana and ben agree; cai has none
    assert [(r["role"], r["f1"]) for r in events["roles"]] == [("ATTACK.Target", 0.0), ("ATTACK.Attacker", 1.0)]
    assert [d["f1_exact"] for d in report["documents_lowest_first"]] == [pytest.approx(6 / 11)] * 3
    assert -1 <= report["tokens"]["krippendorff_alpha"] < 1
    assert {(p["a"], p["b"]) for p in report["pairs"]} == {("ana", "ben"), ("ana", "cai"), ("ben", "cai")}
    # Cohen's kappa of ana and ben against scikit-learn, on token labels the test gives by hand:
    # they differ only on "Monday" (ana DATE, ben O), and cai's "Ukrainian forces" takes both tokens.
    from sklearn.metrics import cohen_kappa_score

    from team_data import TEXT, at

    with open_project(merged, create=False) as store:
        shared = [d for d in store.document_ids() if sum(d in docs for docs in analysts(store).values()) == 3]
        tokens = [(t.start, t.end) for d in shared for t in store.tokens_of(d, store.document(d).text).tokens()]
    text = TEXT.format(n=0)
    marks = {at(text, p): label for p, label in (("Ukrainian", "NORP"), ("Donetsk", "GPE"), ("Kyiv", "GPE"))}
    ana = [marks.get(t, "DATE" if t == at(text, "Monday") else "O") for t in tokens]
    ben = [marks.get(t, "O") for t in tokens]
    pair = next(p for p in report["pairs"] if (p["a"], p["b"]) == ("ana", "ben"))
    assert pair["cohen_kappa"] == pytest.approx(cohen_kappa_score(ana, ben))
    assert main(["agreement", str(merged)]) == 0
    shown = capsys.readouterr().out
    assert "Span agreement by label" in shown and "ATTACK.Target" in shown


def test_export_writes_one_analysts_view_of_the_team_project(team: dict[str, Path], tmp_path: Path) -> None:
    merged = tmp_path / "team.db"
    assert main(["merge", str(merged), *(str(team[n]) for n in NAMES)]) == 0
    out = tmp_path / "ben.jsonl"
    assert main(["export", str(merged), str(out), "--annotator", "ben"]) == 0
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    with open_project(team["ben"], create=False) as source:
        assert len(lines) == source.count_documents(status="done")
    for line in lines:
        assert sorted(s["label"] for s in line["spans"]) == ["GPE", "GPE", "NORP"]  # ben rejected Monday
        assert len(line["events"]) == 1
    out = tmp_path / "cai.jsonl"
    assert main(["export", str(merged), str(out), "--annotator", "cai"]) == 0
    for line in (orjson.loads(x) for x in out.read_bytes().splitlines()):
        assert sorted(s["label"] for s in line["spans"]) == ["DATE", "GPE", "LOC", "NORP"] and not line["events"]


def test_agreement_before_any_shared_document_says_so(team: dict[str, Path], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    merged = tmp_path / "team.db"
    assert main(["merge", str(merged), str(team["ana"])]) == 0  # one analyst: nothing to compare yet
    capsys.readouterr()
    assert main(["agreement", str(merged)]) == 0
    assert "No document was finished by two or more analysts yet" in capsys.readouterr().err
    assert main(["agreement", str(merged), "--json"]) == 0
    report = orjson.loads(capsys.readouterr().out)
    assert report["documents"] == 0 and report["pairs"] == [] and report["tokens"]["krippendorff_alpha"] is None
