"""``annotator kb import`` stores an actor list in the project (all or nothing, a bad line named),
``annotator kb list`` shows and searches it, and pre-annotation proposes its ids for the spans
whose text is an entry's name or alias."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.documents import Span
from annotator.preannotate.actors import ActorIndex
from annotator.store import open_project
from annotator.store.kb_rows import KbEntry

CSV = (
    "id,name,aliases,type,description\n"
    "acled:1,Rapid Support Forces,RSF|Janjaweed,ORG,Sudanese paramilitary\n"
    "acled:2,Sudanese Armed Forces,SAF;the army,ORG,\n"
    "A-17,Olena Petrenko,,PERSON,spokeswoman of the ministry\n"
    "wikidata:Q7747,Vladimir Putin,Putin,Government,President of Russia\n"
)


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return list(orjson.loads(capsys.readouterr().out))


def test_import_list_search_and_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, actors = tmp_path / "p.db", tmp_path / "actors.csv"
    actors.write_text(CSV, encoding="utf-8")
    assert main(["kb", "import", str(project), str(actors)]) == 0
    assert "4 entries added, 0 replaced; the project holds 4." in capsys.readouterr().err
    listed = _json(capsys, "kb", "list", str(project), "--json")
    assert [(e["kb_id"], e["name"], e["aliases"], e["type"]) for e in listed] == [
        ("A-17", "Olena Petrenko", [], "PERSON"),
        ("acled:1", "Rapid Support Forces", ["RSF", "Janjaweed"], "ORG"),
        ("acled:2", "Sudanese Armed Forces", ["SAF", "the army"], "ORG"),
        ("wikidata:Q7747", "Vladimir Putin", ["Putin"], "Government"),
    ]
    assert [e["kb_id"] for e in _json(capsys, "kb", "list", str(project), "--search", "janja", "--json")] == ["acled:1"]
    assert {e["kb_id"] for e in _json(capsys, "kb", "list", str(project), "--search", "forces", "--json")} == {
        "acled:1", "acled:2"}
    actors.write_text("acled:1,RSF,,ORG\n", encoding="utf-8")  # no header; the same id again replaces it
    assert main(["kb", "import", str(project), str(actors)]) == 0
    assert "0 entries added, 1 replaced; the project holds 4." in capsys.readouterr().err
    assert _json(capsys, "kb", "list", str(project), "--search", "Janjaweed", "--json") == []
    assert main(["kb", "list", str(project)]) == 0
    assert "A-17" in capsys.readouterr().out


def test_a_bad_line_is_named_and_nothing_is_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, actors = tmp_path / "p.db", tmp_path / "actors.csv"
    actors.write_text("x:1,Someone,,PERSON\nx 2,Other,,PERSON\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["kb", "import", str(project), str(actors)]) == 1
    message = capsys.readouterr().err
    assert f"{actors}:2" in message.replace("\n", "") and "no spaces" in message
    assert _json(capsys, "kb", "list", str(project), "--json") == []
    actors.write_text("x:1,Someone\n", encoding="utf-8")
    assert main(["kb", "import", str(project), str(actors)]) == 1
    assert "expected id,name,aliases,type" in capsys.readouterr().err


def test_ids_proposed_by_name_alias_and_type() -> None:
    index = ActorIndex.build([
        KbEntry("acled:1", "Rapid Support Forces", ("RSF",), "ORG", "", "a.csv"),
        KbEntry("p:1", "Jordan", (), "PERSON", "", "a.csv"),
        KbEntry("x:1", "Hamas", (), "Armed group", "", "a.csv"),
        KbEntry("x:2", "Hamas", (), "ORG", "", "a.csv"),
    ], labels=["PERSON", "ORG", "GPE"])
    text = "The RSF and Hamas met in Jordan; Jordan said."
    spans = [Span(4, 7, "ORG"), Span(12, 17, "ORG"), Span(25, 31, "GPE"), Span(33, 39, "PERSON"),
             Span(0, 3, "ORG", kb_id="NIL")]
    linked = index.link(text, spans)
    assert [(s.kb_id, s.kb_score) for s in linked] == [
        ("acled:1", 1.0), ("x:2", 1.0),  # the entry typed with the span's label before the free-typed one
        (None, None),  # "Jordan" the PERSON entry is not proposed for a GPE
        ("p:1", 1.0), ("NIL", None)]


def test_preannotation_proposes_actor_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    from annotator import preannotate as pre
    from annotator.documents import Document
    from annotator.kb import import_actor_list

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "RSF"}, {"label": "GPE", "pattern": "El Fasher"}])
    (tmp_path / "actors.csv").write_text(CSV, encoding="utf-8")
    with open_project(tmp_path / "p.db") as store:
        import_actor_list(store, tmp_path / "actors.csv")
        with store.transaction():
            store.add_document(Document("RSF shelled El Fasher.", title="t"))
        pre.preannotate(store, nlp=nlp)
        (doc_id,) = store.document_ids()
        ids = {store.document(doc_id).text[s.start:s.end]: s.kb_id for s in store.spans(doc_id)}
    assert ids["RSF"] == "acled:1" and ids["El Fasher"] == "geonames:379555"
