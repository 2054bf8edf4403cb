"""brat standoff -> documents with spans and events: ``NAME.txt`` beside ``NAME.ann``.

The counterpart of :mod:`annotator.exporters.brat`, reading what brat reads:

* The ``.txt`` is stored verbatim; ``.ann`` offsets count code points of the text as brat's
  server reads it (universal newlines: a CRLF is one character), and are mapped back to it.
* ``T`` lines are entities, except those an ``E`` line names as its trigger, whose label is
  the event type. Fragments (``T1 LOC 10 15;16 20``) become one span over the whole range when
  only whitespace lies between them (how brat writes a span across a line break); a truly
  discontinuous span is refused, since Annotator stores continuous spans only. The text
  field must equal the fragments joined by one space, as brat writes it.
* ``E`` lines: ``TYPE:Tn Role:Tm Role2:Tk``; trailing digits number repeated roles and are
  dropped. ``A`` lines give ``Modality`` (a value) and ``Negated`` (negative polarity) of an
  event, ``Nominal Tn`` that an entity is a nominal mention (kind "nominal"; else a name).
  ``N`` lines ``Reference Tn RID:EID`` give an entity its knowledge-base id (``Annotator:ID`` is ``ID``).
  Relations (``R``), equivalences (``*``), other normalisations, notes (``#``) and
  other attributes have no place in Annotator and are left out.
* Names in brat's storage form are mapped back to the schema's names when storing.

Everything is imported as accepted, origin "import"; a document with annotations is done.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

from annotator.brat_names import LOCAL_KB
from annotator.documents import Argument, Document, DocStatus, Event, Span
from annotator.importers.annotations import AnnotatedDocument, RecordError, Where, check_range
from annotator.importers.reading import Unreadable, decode, title_of, unreadable_reason
from annotator.importers.report import ImportProblem
from annotator.safe_read import check_file_size, not_a_file, storable, too_long

# Configuration files of a brat collection: part of it, not articles.
CONF_FILES = frozenset({"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"})
_FRAGMENT = re.compile(r"^(\d+) (\d+)$")


def ann_of(txt: Path) -> Path | None:
    """The ``.ann`` beside a ``.txt``, if there is one (then the pair is a brat document)."""
    ann = txt.with_suffix(".ann")
    return ann if ann.is_file() else None


def pair_of(path: Path) -> tuple[Path, Path] | None:
    """(``.txt``, ``.ann``) when ``path`` is either half of a brat document, else None."""
    if path.suffix == ".ann":
        return path.with_suffix(".txt"), path
    ann = ann_of(path) if path.suffix == ".txt" else None
    return (path, ann) if ann is not None else None


def without_paired_ann(files: list[Path]) -> list[Path]:
    """``files`` less each ``.ann`` whose ``.txt`` is also there (the pair is read once, from the .txt)."""
    named = set(files)
    return [f for f in files if not (f.suffix == ".ann" and f.with_suffix(".txt") in named)]


def is_collection_file(path: Path) -> bool:
    """True for a brat ``.ann`` with its ``.txt``, or a brat configuration file: read, not skipped."""
    if path.name in CONF_FILES:
        return True
    return path.suffix == ".ann" and path.with_suffix(".txt").is_file()


def read_brat(txt: Path, ann: Path) -> Iterator[Document | AnnotatedDocument | ImportProblem]:
    """The document of one ``.txt``/``.ann`` pair, or the problem with it."""
    reason = not_a_file(txt)  # an .ann named directly: its .txt may be missing, or a pipe that never ends
    if reason:
        yield ImportProblem(txt, reason)
        return
    try:
        check_file_size(txt.stat().st_size)
        text = decode(txt.read_bytes())
    except (Unreadable, OSError) as exc:
        yield ImportProblem(txt, unreadable_reason(exc))
        return
    problem = too_long(text)
    if problem:
        yield ImportProblem(txt, problem)
        return
    try:
        data = ann.read_bytes()
        ann_text = decode(data) if data.strip() else ""  # an empty .ann: a document without annotations
    except (Unreadable, OSError) as exc:
        yield ImportProblem(ann, unreadable_reason(exc))
        return
    title = title_of(text)
    doc = Document(text=text, title=title, meta={"title": title, "source": storable(txt)})
    try:
        item = parse_ann(doc, ann_text, ann)
    except RecordError as exc:
        yield ImportProblem(ann, str(exc), exc.line)
        return
    yield item if item.annotations else doc


class _Positions:
    """Offsets in the text as brat reads it (CRLF -> LF) mapped back to the verbatim text."""

    def __init__(self, text: str) -> None:
        crs = [m.start() for m in re.finditer("\r\n", text)]
        self._lf_newlines = [r - i for i, r in enumerate(crs)]  # where each CRLF's LF lands
        self.text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    def original(self, offset: int) -> int:
        return offset + bisect_left(self._lf_newlines, offset)


def parse_ann(doc: Document, ann_text: str, ann: Path) -> AnnotatedDocument:
    """``doc`` with the entities and events of an ``.ann`` file; RecordError names the line."""
    positions = _Positions(doc.text)
    bound: dict[str, tuple[int, str, int, int]] = {}  # T id -> (line, label, start, end) in the verbatim text
    events: list[tuple[int, str, str, str, list[tuple[str, str]]]] = []  # line, E id, type, trigger, args
    modality: dict[str, str] = {}
    negated: set[str] = set()
    nominal: set[str] = set()
    references: dict[str, str] = {}  # T id -> knowledge-base id, from N lines
    for number, line in enumerate(ann_text.splitlines(), start=1):
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            bound[ident] = (number, *_text_bound(positions, ident, rest, number))
        elif kind == "E":
            parts = rest.split()
            pairs = [p.partition(":") for p in parts]
            if not parts or any(not sep or not a or not b for a, sep, b in pairs):
                raise RecordError(f"{ident}: malformed event line; expected E1<TAB>TYPE:T1 Role:T2 …", number)
            (kind_, _, trigger), *args = pairs
            events.append((number, ident, kind_, trigger, [(role, target) for role, _, target in args]))
        elif kind and kind in "AM":
            fields = rest.split()
            if len(fields) >= 2 and fields[0] == "Modality" and len(fields) == 3:
                modality[fields[1]] = fields[2]
            elif len(fields) == 2 and fields[0] == "Negated":
                negated.add(fields[1])
            elif len(fields) == 2 and fields[0] == "Nominal":
                nominal.add(fields[1])
        elif kind == "N":
            fields = rest.partition("\t")[0].split()
            if len(fields) == 3 and fields[0] == "Reference" and ":" in fields[2]:
                references[fields[1]] = _kb_id(fields[2])
    triggers = {trigger for _, _, _, trigger, _ in events}
    spans: list[Span] = []
    span_where: list[Where] = []
    index: dict[str, int] = {}
    for ident, (number, label, start, end) in bound.items():
        if ident in triggers:
            continue
        index[ident] = len(spans)
        spans.append(Span(start, end, label, origin="import", status="accepted",
                          kind="nominal" if ident in nominal else "name", kb_id=references.get(ident)))
        span_where.append((number, ident))
    out_events: list[Event] = []
    event_where: list[Where] = []
    for number, ident, kind, trigger, roles in events:
        if trigger not in bound:
            raise RecordError(f"{ident}: trigger {trigger} has no T line", number)
        _, trigger_label, start, end = bound[trigger]
        if trigger_label != kind:
            raise RecordError(f"{ident}: event type {kind} but its trigger {trigger} is labelled {trigger_label}", number)
        arguments = []
        for role, target in roles:
            if target not in index:
                what = "is an event; Annotator's arguments are entities" if target[:1] == "E" else "has no entity T line"
                raise RecordError(f"{ident}: argument {role}:{target} {what}", number)
            arguments.append(Argument(role.rstrip("0123456789") or role, index[target], origin="import"))
        out_events.append(Event(kind, start, end, modality.get(ident, "asserted"),
                                "negative" if ident in negated else "positive", origin="import",
                                status="accepted", arguments=tuple(arguments)))
        event_where.append((number, ident))
    status: DocStatus = "done" if spans or out_events else "new"
    document = Document(doc.text, doc.title, doc.meta, status, spans=spans, events=out_events)
    return AnnotatedDocument(document, ann, None, None, tuple(span_where), tuple(event_where), brat_names=True)


def _kb_id(reference: str) -> str:
    """brat's ``RID:EID`` as the id a span carries (``Annotator:ID``, an id without a prefix, is ``ID``)."""
    prefix, _, rest = reference.partition(":")
    return rest if prefix == LOCAL_KB else reference


def _text_bound(positions: _Positions, ident: str, rest: str, number: int) -> tuple[str, int, int]:
    """(label, start, end) of a T line, offsets in the verbatim text."""
    body, tab, given = rest.partition("\t")
    label, _, offsets = body.partition(" ")
    fragments = []
    for part in offsets.split(";"):
        match = _FRAGMENT.match(part.strip())
        if not match or not label or not tab:
            raise RecordError(f"{ident}: malformed text-bound line; expected T1<TAB>LABEL START END<TAB>TEXT", number)
        fragments.append((int(match[1]), int(match[2])))
    text = positions.text
    for start, end in fragments:
        check_range(text, start, end, f"{ident} ({label})", number)
    expected = " ".join(text[s:e] for s, e in fragments)
    if given != expected:
        raise RecordError(f"{ident} ({label}): its text {given[:40]!r} differs from the text at its offsets "
                          f"({expected[:40]!r}); offsets count characters of the .txt, a CRLF as one", number)
    fragments.sort()
    for (_, end), (start, _) in zip(fragments, fragments[1:]):
        if text[end:start].strip():
            raise RecordError(f"{ident} ({label}): discontinuous span ({offsets}) with text between its fragments; "
                              "Annotator stores continuous spans only: split it into separate T lines", number)
    start, end = fragments[0][0], max(e for _, e in fragments)
    return label, positions.original(start), positions.original(end)
