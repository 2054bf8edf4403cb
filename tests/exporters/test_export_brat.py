"""brat export: read back with an independent standoff parser, every offset checked against the .txt.

The parser follows brat's own reader (server/src/annotation.py): lines end at every Unicode
line boundary, a T line's text is its fragments joined by one space, fragments may not overlap
or touch, an event's trigger is a T of the event's type, roles lose trailing digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.documents import Argument, Document, Event, Span
from annotator.exporters import ExportError, ExportOptions, export
from annotator.exporters import brat
from annotator.exporters.common import DocumentExport
from annotator.store import Store


@dataclass
class Ann:
    """One parsed .ann file."""

    textbounds: dict[str, tuple[str, list[tuple[int, int]], str]] = field(default_factory=dict)
    events: dict[str, tuple[str, str, list[tuple[str, str]]]] = field(default_factory=dict)
    attributes: list[tuple[str, str, str | None]] = field(default_factory=list)


@dataclass
class Conf:
    """The parts of annotation.conf the checks need."""

    entities: set[str] = field(default_factory=set)
    events: dict[str, dict[str, tuple[set[str], bool]]] = field(default_factory=dict)  # type -> role -> (types, many)
    attributes: dict[str, set[str] | None] = field(default_factory=dict)


def parse_ann(data: str, text: str) -> Ann:
    ann = Ann()
    seen: set[str] = set()
    for line in data.splitlines():
        ident, rest = line.split("\t", 1)
        assert ident not in seen, f"duplicate id {ident}"
        seen.add(ident)
        if ident.startswith("T"):
            head, shown = rest.split("\t", 1)
            label, offsets = head.split(" ", 1)
            frags = [(int(s), int(e)) for s, e in (part.split(" ") for part in offsets.split(";"))]
            for i, (start, end) in enumerate(frags):
                assert 0 <= start < end <= len(text), line
                for other_start, other_end in frags[:i]:
                    assert not (end >= other_start and start < other_end), f"fragments overlap: {line}"
            assert shown == " ".join(text[s:e] for s, e in frags), line
            ann.textbounds[ident] = (label, frags, shown)
        elif ident.startswith("E"):
            head, *args = rest.split(" ")
            kind, trigger = head.split(":")
            ann.events[ident] = (kind, trigger, [tuple(a.split(":")) for a in args])  # type: ignore[misc]
        elif ident.startswith("A"):
            name, target, *value = rest.split(" ")
            ann.attributes.append((name, target, value[0] if value else None))
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return ann


def parse_conf(data: str) -> Conf:
    conf, section = Conf(), ""
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        name, _, rest = line.partition("\t")
        args = [a.strip() for a in rest.split(",") if a.strip()]
        if section == "entities":
            conf.entities.add(name)
        elif section == "events":
            roles = {}
            for arg in args:
                key, types = arg.split(":")
                roles[key.rstrip("?*+")] = (set(types.split("|")), key[-1] in "*+")
            conf.events[name] = roles
        elif section == "attributes":
            values = dict(a.split(":", 1) for a in args)
            conf.attributes[name] = set(values["Value"].split("|")) if "Value" in values else None
    return conf


def check_collection(folder: Path) -> dict[str, tuple[str, Ann]]:
    """Check every .ann in ``folder`` against its .txt and annotation.conf; return them by name."""
    conf = parse_conf((folder / "annotation.conf").read_text(encoding="utf-8"))
    found = {}
    for txt in sorted(folder.glob("*.txt")):
        raw = txt.read_bytes().decode("utf-8")
        with open(txt, encoding="utf-8") as fh:  # universal newlines, as brat reads it
            assert fh.read() == raw, "brat would count this text differently"
        ann = parse_ann(txt.with_suffix(".ann").read_bytes().decode("utf-8"), raw)
        triggers = {e[1] for e in ann.events.values()}
        for tid, (label, _, _) in ann.textbounds.items():
            assert label in (conf.events if tid in triggers else conf.entities), label
        for eid, (kind, trigger, args) in ann.events.items():
            assert ann.textbounds[trigger][0] == kind and kind in conf.events
            roles = conf.events[kind]
            counts: dict[str, int] = {}
            for role, target in args:
                base = re.match(r"^(.*?)\d*$", role).group(1)  # type: ignore[union-attr]
                assert base in roles, f"{kind} has no role {base}"
                assert target in ann.textbounds and target not in triggers
                counts[base] = counts.get(base, 0) + 1
                assert counts[base] == 1 or roles[base][1], f"{base} may not repeat"
                assert role == base + (str(counts[base]) if counts[base] > 1 else "")
        for name, target, value in ann.attributes:
            assert name in conf.attributes
            if name == "Nominal":  # on an entity
                assert target in ann.textbounds and target not in triggers and value is None
                continue
            assert target in ann.events
            assert value == conf.attributes[name] or value in conf.attributes[name]  # type: ignore[operator]
        found[txt.stem] = (raw, ann)
    return found


def _export(store: Store, out: Path, **options) -> int:
    return export(store, "brat", out, ExportOptions(**options))


def test_collection_reads_back(project: Store, events_project, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert _export(project, out, suggestions=True) == 1
    ((name, (text, ann)),) = check_collection(out).items()
    assert name == f"{events_project['doc']:06d}-Strike-on-Kyiv"
    original = project.document(events_project["doc"]).text
    assert text == original.replace("\r\n", "\n")  # brat counts a CRLF as one character
    labels = {(label, shown) for label, _, shown in ann.textbounds.values()}
    assert {("NORP", "Russian"), ("GPE", "Kyiv"), ("PERSON", "Vance"), ("ATTACK", "struck"),
            ("MEET", "meet"), ("ATTACK", "attack"), ("LOC", "Kyiv Oblast")} <= labels
    assert ("GPE", "Munich") not in labels  # rejected
    oblast = next(frags for label, frags, _ in ann.textbounds.values() if label == "LOC")
    assert len(oblast) == 2 and [text[s:e] for s, e in oblast] == ["Kyiv", "Oblast"]  # split at the line end
    events = {(ann.textbounds[t][2], kind): args for kind, t, args in ann.events.values()}
    assert sorted(events) == [("attack", "ATTACK"), ("meet", "MEET"), ("struck", "ATTACK")]
    assert [(role, ann.textbounds[t][2]) for role, t in events[("meet", "MEET")]] == [
        ("Participant", "Zelensky"), ("Participant2", "Vance"), ("Time", "Friday")]
    attributes = {(name, ann.events[target][0], ann.textbounds[ann.events[target][1]][2], value)
                  for name, target, value in ann.attributes if name != "Nominal"}
    nominal = [ann.textbounds[target] for name, target, _ in ann.attributes if name == "Nominal"]
    assert nominal == [("PERSON", [(text.index("officials"), text.index("officials") + 9)], "officials")]
    assert ("Modality", "MEET", "meet", "planned") in attributes
    assert ("Negated", "ATTACK", "attack", None) in attributes
    assert not any(name == "Negated" and trigger != "attack" for name, _, trigger, _ in attributes)


def test_configuration_comes_from_the_schema(project: Store, events_project, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _export(project, out)
    conf = parse_conf((out / "annotation.conf").read_text(encoding="utf-8"))
    schema = project.schema
    assert conf.entities == set(schema.names)
    assert set(conf.events) == {e.name for e in schema.events}
    attack = conf.events["ATTACK"]
    assert attack["Attacker"] == ({"PERSON", "ORG", "NORP", "GPE"}, True)
    assert attack["Time"] == ({"DATE", "TIME"}, False) and attack["Target"][0] == {"<ENTITY>"}
    assert conf.attributes == {"Modality": {"asserted", "planned", "hypothetical"}, "Negated": None, "Nominal": None}
    assert "[relations]" in (out / "annotation.conf").read_text(encoding="utf-8")
    visual = (out / "visual.conf").read_text(encoding="utf-8")
    for item in [*schema.labels, *schema.events]:
        assert re.search(rf"^{item.name}\tbgColor:{item.color}\b", visual, re.M), item.name


def test_types_beyond_the_schema_are_declared_in_storage_form(project: Store, tmp_path: Path) -> None:
    text = "Both sides signed a truce in Doha."
    with project.transaction():
        doc = project.add_document(Document(text, spans=[
            Span(0, 10, "MISC ITEM", status="accepted"), Span(29, 33, "GPE", status="accepted")])).doc_id
        sides, doha = (s.id for s in project.spans(doc))
        project.insert_event(doc, Event("CEASE FIRE", 12, 18, status="accepted", arguments=(
            Argument("Party Member", sides), Argument("Arg1", doha))))
        project.insert_event(doc, Event("MEET", 12, 18, status="accepted", arguments=(Argument("Venue", doha),)))
    out = tmp_path / "brat"
    _export(project, out, status="any")
    ((_, (_, ann)),) = check_collection(out).items()  # every type and role used is declared
    conf = parse_conf((out / "annotation.conf").read_text(encoding="utf-8"))
    assert "MISC_ITEM" in conf.entities and set(project.schema.names) <= conf.entities
    assert set(conf.events["CEASE_FIRE"]) == {"Party_Member", "Arg1_"}  # a role may not end in a digit
    assert "Venue" in conf.events["MEET"] and "Participant" in conf.events["MEET"]
    assert sorted(kind for kind, _, _ in ann.events.values()) == ["CEASE_FIRE", "MEET"]


@pytest.mark.parametrize("title", ["../../etc/passwd", "a/b:c*?", "", ".hidden", "CON", "tab\tand\x00nul\x1f",
                                   "..", "x" * 300, "Київ: удари", "a\\b|c<d>e\"f"])
def test_file_names_are_safe(project: Store, tmp_path: Path, title: str) -> None:
    with project.transaction():
        first = project.add_document(Document("One.", title=title)).doc_id
        second = project.add_document(Document("Two.", title=title)).doc_id
    out = tmp_path / "brat"
    _export(project, out, status="any")
    names = sorted(p.name for p in out.iterdir() if p.suffix == ".txt")
    assert len(names) == 2 and names[0].startswith(f"{first:06d}") and names[1].startswith(f"{second:06d}")
    for name in names:
        assert not name.startswith(".") and "/" not in name and "\\" not in name
        assert not any(ord(c) < 32 or c in '<>:"|?*' for c in name)
        assert len(name.encode("utf-8")) < 200
        assert (out / name).resolve().parent == out.resolve()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat", "project.db", "project.db-shm", "project.db-wal"]


def test_failure_leaves_nothing_and_keeps_an_earlier_export(project: Store, events_project, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "brat"
    real = brat.brat_document
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(brat, "brat_document", flaky)
    with pytest.raises(RuntimeError):
        _export(project, out, status="any")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("project.db")) == []
    _export(project, out)  # the first document alone: calls 3
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls["n"] = 1
    with pytest.raises(RuntimeError):
        _export(project, out, status="any")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_new_export_replaces_an_earlier_one(project: Store, events_project, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert _export(project, out, status="any") == 2
    (out / ".stats_cache").write_bytes(b"brat's own cache")
    assert _export(project, out) == 1
    assert len(list(out.glob("*.txt"))) == 1 and not (out / ".stats_cache").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_empty_folder_is_used(project: Store, events_project, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert _export(project, out) == 1
    assert (out / "annotation.conf").is_file()


@pytest.mark.parametrize("case", ["foreign-folder", "file", "missing-parent"])
def test_unusable_targets_are_refused_untouched(project: Store, events_project, tmp_path: Path, case: str) -> None:
    if case == "foreign-folder":
        out = tmp_path / "mine"
        out.mkdir()
        (out / "notes.txt").write_text("keep me", encoding="utf-8")
    elif case == "file":
        out = tmp_path / "labels.jsonl"
        out.write_text("keep me", encoding="utf-8")
    else:
        out = tmp_path / "nope" / "brat"
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(ExportError):
        _export(project, out)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


# -- any text, any spans: brat offsets always index the .txt ----------------------------------------
_CHARS = st.sampled_from(list("ab Z.,\t") + ["\r\n", "\r", "\n", "😀", "e\u0301", "\u2028", "\x85", "\x0c", "  "])
_TEXTS = st.lists(_CHARS, min_size=1, max_size=40).map("".join)


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, list[Span], list[Event]]:
    text = draw(_TEXTS)
    n = len(text)
    spans = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        spans.append(Span(start, end, draw(st.sampled_from(["GPE", "LOC", "PERSON"])), status="accepted", id=i + 1))
    events = []
    for j in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        fillers = draw(st.lists(st.sampled_from(spans), max_size=3)) if spans else []
        events.append(Event(draw(st.sampled_from(["ATTACK", "MEET"])), start, end, status="accepted", id=j + 1,
                            polarity=draw(st.sampled_from(["positive", "negative"])),
                            arguments=tuple(Argument("Participant" if j % 2 else "Target", s.id) for s in fillers)))
    return text, spans, events


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=_documents())
def test_offsets_always_index_the_txt(tmp_path: Path, doc: tuple[str, list[Span], list[Event]]) -> None:
    text, spans, events = doc
    row = {"id": 1, "title": "t", "text": text}
    written, ann_text = brat.brat_document(DocumentExport(row, spans, events))
    assert written == text.replace("\r\n", "\n").replace("\r", "\n")
    ann = parse_ann(ann_text, written)
    assert len(ann_text.splitlines()) == ann_text.count("\n")  # no line break inside a line
    for _, frags, _ in ann.textbounds.values():
        for start, end in frags:
            piece = written[start:end]
            assert piece == piece.strip() and not any(c in brat.LINE_BREAKS for c in piece)
    triggers = {t for _, t, _ in ann.events.values()}
    for kind, trigger, args in ann.events.values():
        assert ann.textbounds[trigger][0] == kind
        assert all(target in ann.textbounds and target not in triggers for _, target in args)
    kept = [s for s in spans if written_span(text, s.start, s.end).strip()]
    assert len(ann.textbounds) - len(triggers) == len(kept)


def written_span(text: str, start: int, end: int) -> str:
    """What a span covers once line ends are LF, line breaks read as spaces."""
    piece = text[start:end].replace("\r\n", "\n").replace("\r", "\n")
    return "".join(" " if c in brat.LINE_BREAKS else c for c in piece)
