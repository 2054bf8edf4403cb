"""Knowledge-base ids go out and come back: JSONL ``kb_id``/``kb_score``, spaCy ``Span.kb_id_``,
brat ``N`` lines; doccano and CoNLL leave them out and are the same as without ids; importing the
JSONL or the brat folder gives every span its id back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.documents import Document, Span
from annotator.exporters import ExportOptions, export
from annotator.importers import import_paths
from annotator.store import Store, open_project

EVERYTHING = ExportOptions(status="any", suggestions=True)
TEXT = "Shelling hit Kyiv and Paris, Texas, said Olena Petrenko of the ministry.\n"
SPANS = [
    Span(13, 17, "GPE", status="accepted", kb_id="geonames:703448", kb_score=0.98),
    Span(22, 27, "GPE", status="suggested", score=0.7, kb_id="geonames:4717560", kb_score=0.75),
    Span(29, 34, "GPE", status="accepted", kb_id="geonames:4736286"),
    Span(41, 55, "PERSON", status="accepted", kb_id="actor-17"),
    Span(59, 71, "ORG", status="accepted", kind="nominal", kb_id="NIL"),
]


def _project(path: Path, spans: list[Span], text: str = TEXT) -> Store:
    store = open_project(path)
    with store.transaction():
        doc_id = store.add_document(Document(text, title="t")).doc_id
        store.insert_spans(doc_id, spans)
        store.update_document(doc_id, status="done")
    return store


def _imported_ids(folder: Path, source: Path) -> list[tuple[int, int, str, str | None]]:
    with open_project(folder / "copy.db") as copy:
        report = import_paths(copy, [source])
        assert report.ok, [str(p) for p in report.problems]
        (doc_id,) = copy.document_ids()
        return sorted((s.start, s.end, s.label, s.kb_id) for s in copy.spans(doc_id))


def test_each_format(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db", SPANS) as store:
        for fmt, name in (("jsonl", "out.jsonl"), ("brat", "brat"), ("spacy", "out.spacy"),
                          ("doccano", "doccano.jsonl"), ("conll", "out.conll")):
            export(store, fmt, tmp_path / name, ExportOptions(status="any", suggestions=True, nominals=True))
    with _project(tmp_path / "plain.db", [Span(s.start, s.end, s.label, status=s.status, score=s.score,
                                               kind=s.kind) for s in SPANS]) as plain:
        for fmt, name in (("doccano", "plain-doccano.jsonl"), ("conll", "plain.conll"), ("jsonl", "plain.jsonl")):
            export(plain, fmt, tmp_path / name, ExportOptions(status="any", suggestions=True, nominals=True))

    (record,) = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [(s["text"], s.get("kb_id"), s.get("kb_score")) for s in record["spans"]] == [
        ("Kyiv", "geonames:703448", 0.98), ("Paris", "geonames:4717560", 0.75), ("Texas", "geonames:4736286", None),
        ("Olena Petrenko", "actor-17", None), ("the ministry", "NIL", None)]
    (plain_record,) = [orjson.loads(line) for line in (tmp_path / "plain.jsonl").read_bytes().splitlines()]
    assert all("kb_id" not in s and "kb_score" not in s for s in plain_record["spans"])

    ann = next((tmp_path / "brat").glob("*.ann")).read_text(encoding="utf-8")
    assert "N1\tReference T1 geonames:703448\tKyiv\n" in ann
    assert "N4\tReference T4 Annotator:actor-17\tOlena Petrenko\n" in ann
    assert "N5\tReference T5 Annotator:NIL\tthe ministry\n" in ann

    import spacy
    from spacy.tokens import DocBin

    (doc,) = DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("en").vocab)
    assert [(e.text, e.kb_id_) for e in doc.ents] == [
        ("Kyiv", "geonames:703448"), ("Paris", "geonames:4717560"), ("Texas", "geonames:4736286"),
        ("Olena Petrenko", "actor-17"), ("the ministry", "NIL")]
    assert {(s.text, s.kb_id_) for s in doc.spans["sc"]} == {(e.text, e.kb_id_) for e in doc.ents}

    assert (tmp_path / "doccano.jsonl").read_bytes() == (tmp_path / "plain-doccano.jsonl").read_bytes()
    assert (tmp_path / "out.conll").read_bytes() == (tmp_path / "plain.conll").read_bytes()

    expected = sorted((s.start, s.end, s.label, s.kb_id) for s in SPANS)
    assert _imported_ids(tmp_path / "j", tmp_path / "out.jsonl") == expected
    assert _imported_ids(tmp_path / "b", tmp_path / "brat") == expected


# no CR: the brat export writes the text with LF line ends (its own tests cover that)
PIECES = st.sampled_from(["Kyiv", "😀", "e\u0301", "\n", "קייב", " ", "drone", "Ω"])
TEXTS = st.lists(PIECES, min_size=1, max_size=10).map("".join).filter(lambda t: bool(t.strip()))
KB_IDS = st.none() | st.sampled_from(["geonames:703448", "wikidata:Q1899", "actor-17", "NIL", "Annotator:x",
                                      "a:b:c"]) | st.from_regex(r"[A-Za-z0-9_.:-]{1,12}", fullmatch=True)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(TEXTS)
    # no whitespace at the edges: brat trims it (its own test covers that), which is not what this one is about
    ranges = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(
        lambda r: r[0] < r[1] and text[r[0]:r[1]] == text[r[0]:r[1]].strip())
    spans = draw(st.lists(st.tuples(ranges, KB_IDS, st.none() | st.floats(0, 1)), max_size=5,
                          unique_by=lambda span: span[0]))
    return text, [Span(s, e, "GPE", status="accepted", kb_id=kb, kb_score=score if kb else None)
                  for (s, e), kb, score in spans]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_jsonl_and_brat_round_trips_keep_every_id(doc: tuple[str, list[Span]]) -> None:
    text, spans = doc
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with _project(folder / "p.db", spans, text) as store:
            export(store, "jsonl", folder / "out.jsonl", EVERYTHING)
            export(store, "brat", folder / "brat", EVERYTHING)
        with open_project(folder / "copy.db") as copy:
            assert import_paths(copy, [folder / "out.jsonl"]).ok
            (doc_id,) = copy.document_ids()
            back = sorted((s.start, s.end, s.kb_id, s.kb_score) for s in copy.spans(doc_id))
        assert back == sorted((s.start, s.end, s.kb_id, s.kb_score) for s in spans)
        written = sorted((s.start, s.end, s.kb_id) for s in spans)  # brat keeps no scores
        with open_project(folder / "brat.db") as copy:
            assert import_paths(copy, [folder / "brat"]).ok
            ids = copy.document_ids()
            back_brat = sorted((s.start, s.end, s.kb_id) for d in ids for s in copy.spans(d))
        assert back_brat == written
