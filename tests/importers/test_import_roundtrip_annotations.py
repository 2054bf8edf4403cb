"""Export, import into an empty project, export again: the same records (native JSONL, brat, doccano).

Fields that must differ, and are left out of the comparison:
- database ids: ``meta.id``, span ``id`` ``s12``, event ``id`` ``e3`` and an argument's
  ``span_id``: the new project numbers its rows itself (arguments are still compared by role,
  offsets, text and label, so each still points at the same span);
- ``_timestamp``: the time of the document's last change, which is the import;
- ``source`` of spans and events: their origin, which becomes "import";
- ``meta.source`` when the first export had none: the importer records the file a document
  came from (only the doccano record can lack it; the native one always has the key).
brat files are compared by content in file order; ``.annotator-export.json`` holds the export
time and the project's file name, so it is left out.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.documents import Argument, Document, Event, Span
from annotator.exporters import ExportOptions, export
from annotator.importers import import_paths
from annotator.store import Store, open_project

EVERYTHING = ExportOptions(status="any", suggestions=True)
WITH_NOMINALS = ExportOptions(status="any", suggestions=True, nominals=True)


def _comparable(record: dict[str, Any], imported_from: Path | None) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k != "_timestamp"}
    out["meta"] = {k: v for k, v in record["meta"].items()
                   if k != "id" and not (k == "source" and v == str(imported_from))}
    out["spans"] = [{k: v for k, v in s.items() if k not in ("id", "source")} for s in record.get("spans", [])]
    out["events"] = [
        {**{k: v for k, v in e.items() if k not in ("id", "source")},
         "arguments": [{k: v for k, v in a.items() if k != "span_id"} for a in e["arguments"]]}
        for e in record.get("events", [])
    ]
    return out


def _records(path: Path, imported_from: Path | None = None) -> list[dict[str, Any]]:
    return [_comparable(orjson.loads(line), imported_from) for line in path.read_bytes().splitlines()]


def _again(folder: Path, fmt: str, first: Path, second: Path, options: ExportOptions = EVERYTHING) -> None:
    """Import ``first`` into a new, empty project in ``folder`` and export it as ``second``."""
    with open_project(folder / "copy.db") as copy:
        report = import_paths(copy, [first])
        assert report.ok, [str(p) for p in report.problems]
        export(copy, fmt, second, options)


def test_native_jsonl_with_events_and_suggestions(project: Store, events_project: dict[str, int],
                                                  tmp_path: Path) -> None:
    export(project, "jsonl", tmp_path / "first.jsonl", EVERYTHING)
    _again(tmp_path, "jsonl", tmp_path / "first.jsonl", tmp_path / "second.jsonl")
    first, second = _records(tmp_path / "first.jsonl"), _records(tmp_path / "second.jsonl")
    assert first == second
    assert any(r["events"] for r in first) and any(s["status"] == "suggested" for r in first for s in r["spans"])


def test_native_jsonl_with_nominal_mentions_in_spans(project: Store, events_project: dict[str, int],
                                                     tmp_path: Path) -> None:
    export(project, "jsonl", tmp_path / "first.jsonl", WITH_NOMINALS)
    _again(tmp_path, "jsonl", tmp_path / "first.jsonl", tmp_path / "second.jsonl", WITH_NOMINALS)
    first = _records(tmp_path / "first.jsonl")
    assert first == _records(tmp_path / "second.jsonl")
    assert any(s["kind"] == "nominal" for r in first for s in r["spans"])


def test_native_jsonl_of_done_documents(project: Store, events_project: dict[str, int], tmp_path: Path) -> None:
    export(project, "jsonl", tmp_path / "first.jsonl", ExportOptions())
    _again(tmp_path, "jsonl", tmp_path / "first.jsonl", tmp_path / "second.jsonl", ExportOptions())
    assert _records(tmp_path / "first.jsonl") == _records(tmp_path / "second.jsonl")


def test_brat_folder(project: Store, events_project: dict[str, int], tmp_path: Path) -> None:
    export(project, "brat", tmp_path / "first", EVERYTHING)
    _again(tmp_path, "brat", tmp_path / "first", tmp_path / "second")

    def contents(folder: Path) -> list[tuple[str, str]]:
        return [(p.suffix, p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())
                if p.name != ".annotator-export.json"]

    first = contents(tmp_path / "first")
    assert first == contents(tmp_path / "second")
    assert any(suffix == ".ann" and "\nE1\t" in text for suffix, text in first)


def test_doccano(project: Store, events_project: dict[str, int], tmp_path: Path) -> None:
    export(project, "doccano", tmp_path / "first.jsonl", EVERYTHING)
    _again(tmp_path, "doccano", tmp_path / "first.jsonl", tmp_path / "second.jsonl")
    first, second = _records(tmp_path / "first.jsonl"), _records(tmp_path / "second.jsonl", tmp_path / "first.jsonl")
    assert first == second and any(r["label"] for r in first)


# Texts an analyst meets: emoji (outside the BMP), combining marks, CRLF, right-to-left scripts.
PIECES = st.sampled_from(["Kyiv", "👩‍👩‍👧", "😀", "e\u0301", "\r\n", "\n", "קייב", "كييف", " ", "drone", "\u200f", "Ω"])
TEXTS = st.lists(PIECES, min_size=1, max_size=12).map("".join).filter(lambda t: bool(t.strip()))
LABELS = st.sampled_from(["GPE", "PERSON", "WEAPON", "ORG"])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, str, str, float | None]],
                                        list[tuple[int, int, int]]]:
    """A text, spans (start, end, label, status, kind, score) and ATTACK events (trigger start, end, Target
    span index)."""
    text = draw(TEXTS)
    ranges = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda r: r[0] < r[1])
    # A project never holds one range with one label twice (the app and import store it once).
    spans = draw(st.lists(st.tuples(ranges, LABELS, st.sampled_from(["accepted", "suggested"]),
                                    st.sampled_from(["name", "nominal"]),
                                    st.none() | st.floats(0, 1)), max_size=6,
                          unique_by=lambda span: (span[0], span[1])))
    flat = [(s, e, label, status, kind, score) for (s, e), label, status, kind, score in spans]
    events = draw(st.lists(st.tuples(ranges, st.integers(0, max(len(flat) - 1, 0))), max_size=2)) if flat else []
    return text, flat, [(s, e, i) for (s, e), i in events]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["done", "in_progress", "new"]), st.sampled_from([EVERYTHING, WITH_NOMINALS]))
def test_native_jsonl_roundtrip_of_any_text_and_spans(doc: tuple[str, list[Any], list[Any]], status: str,
                                                      options: ExportOptions) -> None:
    text, spans, events = doc
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with open_project(folder / "p.db") as store, store.transaction():
            doc_id = store.add_document(Document(text, title="t")).doc_id
            ids = store.insert_spans(doc_id, [Span(s, e, label, status=st_, kind=kind, score=score)
                                              for s, e, label, st_, kind, score in spans])
            for s, e, i in events:
                store.insert_event(doc_id, Event("ATTACK", s, e, status="accepted",
                                                 arguments=(Argument("Target", ids[i]),)))
            store.update_document(doc_id, status=status)
        with open_project(folder / "p.db") as store:
            export(store, "jsonl", folder / "first.jsonl", options)
        _again(folder, "jsonl", folder / "first.jsonl", folder / "second.jsonl", options)
        first, second = _records(folder / "first.jsonl"), _records(folder / "second.jsonl")
        assert first == second
        assert [r["text"] for r in second] == [text]
