"""Bad annotations refuse their whole record with one line naming file, line and annotation."""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.importers import import_paths
from annotator.store import open_project

TEXT = "Drones hit Odesa 😀 at night."
GOOD = {"start": 11, "end": 16, "label": "GPE", "text": "Odesa"}


def _problems(tmp_path: Path, *records: object) -> tuple[list[str], list[str]]:
    """(problems, texts stored) after importing the records into a new project."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    with open_project(tmp_path / "p.db") as store:
        report = import_paths(store, [path])
        texts = [store.document(i).text for i in store.document_ids()]
        spans = sum(len(store.spans(i)) for i in store.document_ids())
    assert spans == sum(len(r["spans"]) for r in records if isinstance(r, dict) and r["text"] in texts)
    return [str(p).removeprefix(f"{path}:") for p in report.problems], texts


def test_each_kind_of_bad_span_is_refused_with_its_reason(tmp_path: Path) -> None:
    bad = [
        {"start": 11, "end": 11, "label": "GPE"},
        {"start": 20, "end": 99, "label": "GPE"},
        {"start": 11, "end": 16, "label": "GPE", "text": "Odessa"},
        {"start": "11", "end": 16, "label": "GPE"},
        {"start": 11, "end": 16, "label": "SHIP"},
    ]
    records = [{"text": f"{i} {TEXT}", "spans": [{**GOOD, "start": 13, "end": 18}, {**span, "id": "s9"}]}
               for i, span in enumerate(bad)]
    records[2]["spans"][0]["text"] = "Odesa"
    problems, texts = _problems(tmp_path, {"text": TEXT, "spans": [GOOD]}, *records)
    assert texts == [TEXT]  # never a partial document
    assert problems[0] == "2: span s9: empty span 11:11; a span covers at least one character"
    assert problems[1].startswith("3: span s9: 20:99 lies outside the text (0:")
    assert problems[2].startswith("4: span s9: its text 'Odessa' differs from the text at 11:16 ('t Ode')")
    assert "not bytes or UTF-16 units" in problems[2]
    assert problems[3] == "5: span s9: start and end must be whole numbers, not '11' and 16"
    assert problems[4].startswith("6: span s9: label 'SHIP' is not in the project's label schema (PERSON, ")
    assert problems[4].endswith("add it to a label schema file and load that with File → Load label schema…, "
                                "then import again")


def test_bad_events_are_refused(tmp_path: Path) -> None:
    trigger = {"start": 9, "end": 12, "text": "hit"}  # after the record's "N " prefix
    records = [
        {"text": f"{i} {TEXT}", "spans": [{"id": "s1", "start": 13, "end": 18, "label": "GPE"}], "events": [event]}
        for i, event in enumerate([
            {"id": "e1", "type": "ATTACK", "trigger": {"start": 8, "end": 11, "text": "hit"},
             "arguments": [{"role": "Target", "span_id": "s1"}]},
            {"id": "e1", "type": "ATTACK", "trigger": trigger, "arguments": [{"role": "Target", "span_id": "s2"}]},
            {"id": "e1", "type": "ATTACK", "trigger": trigger, "arguments": [{"role": "Pilot", "span_id": "s1"}]},
            {"id": "e1", "type": "BOMBARD", "trigger": trigger, "arguments": []},
        ])
    ]
    problems, texts = _problems(tmp_path, *records)
    assert texts == []
    assert problems[0].startswith("1: event e1 (ATTACK) trigger: its text 'hit' differs from the text at 8:11")
    assert problems[1] == "2: event e1 (ATTACK): argument Target points at span 's2', which is not among the record's spans"
    assert problems[2].startswith("3: event e1: role 'Pilot' is not a role of ATTACK in the project's schema (Attacker")
    assert problems[3].startswith("4: event e1: event type 'BOMBARD' is not in the project's label schema (ATTACK")


def test_a_prodigy_answer_must_be_one_of_three(tmp_path: Path) -> None:
    problems, texts = _problems(tmp_path, {"text": TEXT, "spans": [], "answer": "maybe"})
    assert problems == ["1: \"answer\" must be accept, reject or ignore, not 'maybe'"] and texts == []


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and "\x00" not in t),  # NUL: refused as a text
       st.integers(-3, 15), st.integers(-3, 15),
       st.one_of(st.none(), st.text(max_size=4)))
def test_a_span_is_stored_only_when_it_fits_its_text(text: str, start: int, end: int, given: str | None) -> None:
    import tempfile

    span = {"start": start, "end": end, "label": "GPE"} | ({} if given is None else {"text": given})
    with tempfile.TemporaryDirectory() as tmp:
        problems, texts = _problems(Path(tmp), {"text": text, "spans": [span]})
    fits = 0 <= start < end <= len(text) and given in (None, text[start:end])
    assert (texts == [text], len(problems)) == ((True, 0) if fits else (False, 1))
