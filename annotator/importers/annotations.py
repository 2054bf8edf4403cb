"""Records with existing annotations -> documents to store: native, Prodigy and doccano JSONL.

A JSONL record brings annotations when it has ``spans``, ``events`` or ``answer`` (the native
record of :mod:`annotator.exporters.jsonl`, which is Prodigy's plus events), or ``entities`` or
a ``label``/``labels`` list of ``[start, end, label]`` (doccano). The rules (README, "Import"):

* Offsets are code points into ``text``, ``end`` exclusive. A span or trigger that is empty,
  outside the text, or whose given ``text`` differs from the text at its offsets refuses the
  whole record: a document is stored with all its annotations or not at all.
* Labels, event types, roles, modality and polarity must be in the project's schema; this is
  checked when storing (:func:`store_annotated`), since readers do not know the project.
* Document status: ``meta.status`` when it is one; else Prodigy's ``answer``: accept -> done,
  reject -> new, ignore -> skipped; else done when the record has annotations.
* Span and event status: their own ``status`` when given; else reject -> rejected (what the
  annotator judged wrong, kept as negative examples the way the app keeps rejections),
  ignore -> suggested (nobody confirmed them), otherwise accepted. Origin is always "import".
* Span kind: a native span's ``kind`` ("name" or "nominal"; a name when absent, and always in
  Prodigy and doccano records). A span's, event's or argument's ``score`` (a number) is kept, and a
  native span's ``kb_id`` (a knowledge-base id, a string) with its ``kb_score``. An event argument
  whose ``span_id`` is not among the record's spans but which gives its own offsets, label and
  ``"kind": "nominal"`` is a nominal mention the export left out of ``spans`` (they are for
  NER): it is brought back as a span with the event's status, once however many roles it fills.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from annotator.brat_names import brat_name
from annotator.documents import (
    DOC_STATUSES, SPAN_KINDS, SPAN_STATUSES, Argument, Document, DocStatus, Event, Span, SpanKind, SpanStatus,
)
from annotator.importers.report import ImportProblem
from annotator.schema import Schema
from annotator.store import ImportResult, Store

DOC_STATUS_OF_ANSWER: dict[Any, DocStatus] = {"accept": "done", "reject": "new", "ignore": "skipped"}
SPAN_STATUS_OF_ANSWER: dict[Any, SpanStatus] = {"accept": "accepted", "reject": "rejected", "ignore": "suggested"}
SCHEMA_HINT = "add it to a label schema file and load that with File → Load label schema…, then import again"

Where = tuple[int | None, str]  # (line, name) of an annotation, for messages


class RecordError(ValueError):
    """An annotation cannot be imported; ``line`` is where it is, when it has its own line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with imported spans and events, checked against its text but not yet the schema.

    An event argument's ``span_id`` indexes ``document.spans``. ``span_where``/``event_where``
    name each annotation for messages. With ``brat_names``, names are in brat's storage form
    (:func:`annotator.brat_names.brat_name`) and are mapped back to the schema's names.
    """

    document: Document
    path: Path
    line: int | None = None
    annotator: str | None = None
    span_where: tuple[Where, ...] = ()
    event_where: tuple[Where, ...] = ()
    brat_names: bool = False

    @property
    def annotations(self) -> int:
        """How many spans and events it brings."""
        return len(self.document.spans) + len(self.document.events)


def has_annotations(record: dict[str, Any]) -> bool:
    """True when a JSONL record carries annotations (native, Prodigy or doccano)."""
    if any(key in record for key in ("spans", "events", "answer", "entities")):
        return True
    return any(isinstance(record.get(key), list) for key in ("label", "labels"))


def with_annotations(record: dict[str, Any], doc: Document, path: Path,
                     line: int | None) -> Document | AnnotatedDocument | ImportProblem:
    """``doc`` (read from ``record``) with the record's annotations, or the problem with them."""
    if not has_annotations(record):
        return doc
    try:
        return _from_record(record, doc, path, line)
    except RecordError as exc:
        return ImportProblem(path, str(exc), line)


def store_annotated(store: Store, item: AnnotatedDocument) -> ImportResult | ImportProblem:
    """Store one annotated document in one savepoint, or say why its names do not fit the schema."""
    try:
        doc = _fit_schema(store.schema, item)
    except RecordError as exc:
        return ImportProblem(item.path, str(exc), exc.line if exc.line is not None else item.line)
    return store.import_document(doc, annotator=item.annotator)


# -- JSONL records ---------------------------------------------------------------------------

def _from_record(record: dict[str, Any], doc: Document, path: Path, line: int | None) -> AnnotatedDocument:
    answer: Any = record.get("answer")
    if answer is not None and answer not in DOC_STATUS_OF_ANSWER:
        raise RecordError(f"\"answer\" must be accept, reject or ignore, not {_short(answer)}")
    default = SPAN_STATUS_OF_ANSWER.get(answer, "accepted")
    # Prodigy's _annotator_id; doccano's export (ours) keeps the annotator in meta.
    annotator = next((a for a in (record.get("_annotator_id"), doc.meta.get("annotator")) if isinstance(a, str)), None)
    text = doc.text
    if "spans" in record or "events" in record:
        spans, names, ids = _native_spans(text, record.get("spans"), default, annotator)
        events, event_names = _events(text, record.get("events"), spans, ids, default, annotator, names)
    else:
        spans, names = _doccano_spans(text, record, annotator)
        events, event_names = [], []
    given_status = doc.meta.get("status")
    status: DocStatus
    if given_status in DOC_STATUSES:
        status = cast(DocStatus, given_status)
    else:
        status = DOC_STATUS_OF_ANSWER.get(answer) or ("done" if spans or events else "new")
    given = record.get("meta", {}).get("title") if isinstance(record.get("meta"), dict) else None
    title = given if isinstance(given, str) and not record.get("title") else doc.title  # exported titles verbatim
    document = replace(doc, title=title, status=status, spans=spans, events=events)
    return AnnotatedDocument(document, path, line, annotator, tuple((None, n) for n in names),
                             tuple((None, n) for n in event_names))


def _native_spans(text: str, raw: Any, default: str,
                  annotator: str | None) -> tuple[list[Span], list[str], dict[str, int]]:
    """Native/Prodigy ``spans``: the spans, their names, and span id -> index (for arguments)."""
    if raw is None:
        return [], [], {}
    if not isinstance(raw, list):
        raise RecordError("\"spans\" must be a list")
    spans: list[Span] = []
    names: list[str] = []
    ids: dict[str, int] = {}
    for i, item in enumerate(raw):
        name = _name("span", item, i)
        if not isinstance(item, dict):
            raise RecordError(f"{name} must be an object with start, end and label")
        start, end = check_range(text, item.get("start"), item.get("end"), name)
        label = _label(item.get("label"), name)
        check_text(text, start, end, item.get("text"), name)
        status = _status(item, default, name)
        if isinstance(item.get("id"), str):
            ids[item["id"]] = len(spans)
        spans.append(Span(start, end, label, origin="import", status=status, score=_score(item, name),
                          annotator=annotator, kind=_kind(item, name), kb_id=_kb_id(item, name),
                          kb_score=_score(item, name, "kb_score")))
        names.append(name)
    return spans, names, ids


def _doccano_spans(text: str, record: dict[str, Any], annotator: str | None) -> tuple[list[Span], list[str]]:
    """doccano's ``label``/``labels`` (``[start, end, label]`` lists) or ``entities`` objects."""
    spans: list[Span] = []
    names: list[str] = []
    if "entities" in record:
        raw = record["entities"]
        if not isinstance(raw, list):
            raise RecordError("\"entities\" must be a list")
        for i, item in enumerate(raw):
            name = _name("entity", item, i)
            if not isinstance(item, dict):
                raise RecordError(f"{name} must be an object with start_offset, end_offset and label")
            spans.append(_plain_span(text, item.get("start_offset"), item.get("end_offset"), item.get("label"),
                                     name, annotator))
            names.append(name)
        return spans, names
    key = "label" if isinstance(record.get("label"), list) else "labels"
    for i, item in enumerate(record[key]):
        name = f"{key}[{i}]"
        if not isinstance(item, list) or len(item) < 3:
            raise RecordError(f"{name} must be [start, end, \"LABEL\"], not {_short(item)}")
        spans.append(_plain_span(text, item[0], item[1], item[2], name, annotator))
        names.append(name)
    return spans, names


def _plain_span(text: str, start: Any, end: Any, label: Any, name: str, annotator: str | None) -> Span:
    start, end = check_range(text, start, end, name)
    return Span(start, end, _label(label, name), origin="import", status="accepted", annotator=annotator)


def _events(text: str, raw: Any, spans: list[Span], ids: dict[str, int], default: str,
            annotator: str | None, span_names: list[str]) -> tuple[list[Event], list[str]]:
    """Native ``events``: trigger offsets, arguments pointing at the record's spans.

    A nominal mention brought back from an argument is appended to ``spans`` and ``span_names``.
    """
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        raise RecordError("\"events\" must be a list")
    events: list[Event] = []
    names: list[str] = []
    for i, item in enumerate(raw):
        name = _name("event", item, i)
        if not isinstance(item, dict):
            raise RecordError(f"{name} must be an object with type, trigger and arguments")
        kind = item.get("type")
        if not isinstance(kind, str) or not kind:
            raise RecordError(f"{name} has no \"type\"")
        trigger = item.get("trigger")
        if not isinstance(trigger, dict):
            raise RecordError(f"{name} ({kind}) has no \"trigger\" object with start and end")
        start, end = check_range(text, trigger.get("start"), trigger.get("end"), f"{name} ({kind}) trigger")
        check_text(text, start, end, trigger.get("text"), f"{name} ({kind}) trigger")
        modality, polarity = item.get("modality", "asserted"), item.get("polarity", "positive")
        if not isinstance(modality, str) or not isinstance(polarity, str):
            raise RecordError(f"{name} ({kind}): modality and polarity must be strings")
        arguments = item.get("arguments") or []
        if not isinstance(arguments, list):
            raise RecordError(f"{name} ({kind}): \"arguments\" must be a list")
        status = _status(item, default, name)
        for a in arguments:
            _left_out_nominal(text, a, spans, ids, status, annotator, f"{name} ({kind})", span_names)
        args = tuple(_argument(a, spans, ids, f"{name} ({kind})") for a in arguments)
        events.append(Event(kind, start, end, modality, polarity, origin="import", status=status,
                            score=_score(item, name), annotator=annotator, arguments=args))
        names.append(name)
    return events, names


def _left_out_nominal(text: str, raw: Any, spans: list[Span], ids: dict[str, int], status: SpanStatus,
                      annotator: str | None, event: str, span_names: list[str]) -> None:
    """Bring back the nominal mention an argument names that the export left out of ``spans``."""
    if not isinstance(raw, dict) or raw.get("kind") != "nominal" or not isinstance(raw.get("span_id"), str):
        return
    if raw["span_id"] in ids:
        return
    name = f"{event}: argument {raw.get('role')!s}"
    start, end = check_range(text, raw.get("start"), raw.get("end"), name)
    check_text(text, start, end, raw.get("text"), name)
    ids[raw["span_id"]] = len(spans)
    spans.append(Span(start, end, _label(raw.get("label"), name), origin="import", status=status,
                      annotator=annotator, kind="nominal"))
    span_names.append(f"span {raw['span_id']}")


def _argument(raw: Any, spans: list[Span], ids: dict[str, int], event: str) -> Argument:
    """An argument whose ``span_id`` is the index of its span in ``spans``."""
    if not isinstance(raw, dict) or not isinstance(raw.get("role"), str) or not raw["role"]:
        raise RecordError(f"{event}: each argument needs a \"role\" and a \"span_id\"")
    role, span_id = raw["role"], raw.get("span_id")
    if span_id is not None:
        if span_id not in ids:
            raise RecordError(f"{event}: argument {role} points at span {_short(span_id)}, which is not among "
                              "the record's spans")
        index = ids[span_id]
        span = spans[index]
        if raw.get("start", span.start) != span.start or raw.get("end", span.end) != span.end:
            raise RecordError(f"{event}: argument {role} has offsets {raw.get('start')}:{raw.get('end')} but its "
                              f"span {span_id} is at {span.start}:{span.end}")
    else:
        found = [i for i, s in enumerate(spans) if (s.start, s.end) == (raw.get("start"), raw.get("end"))
                 and raw.get("label", s.label) == s.label]
        if not found:
            raise RecordError(f"{event}: argument {role} has no \"span_id\" and no span of the record is at "
                              f"{raw.get('start')}:{raw.get('end')}")
        index = found[0]
    return Argument(role, index, score=_score(raw, f"{event}: argument {role}"), origin="import")


# -- checks shared with brat -----------------------------------------------------------------

def check_range(text: str, start: Any, end: Any, name: str, line: int | None = None) -> tuple[int, int]:
    """``(start, end)``; RecordError unless ``0 <= start < end <= len(text)`` with whole numbers."""
    if type(start) is not int or type(end) is not int:  # bool is an int, but never an offset
        raise RecordError(f"{name}: start and end must be whole numbers, not {_short(start)} and {_short(end)}", line)
    if start >= end:
        raise RecordError(f"{name}: empty span {start}:{end}; a span covers at least one character", line)
    if start < 0 or end > len(text):
        raise RecordError(f"{name}: {start}:{end} lies outside the text (0:{len(text)})", line)
    return start, end


def check_text(text: str, start: int, end: int, given: Any, name: str, line: int | None = None) -> None:
    """RecordError when a span's given ``text`` is not the text at its offsets."""
    if given is None or given == text[start:end]:
        return
    raise RecordError(f"{name}: its text {_short(given)} differs from the text at {start}:{end} "
                      f"({_short(text[start:end])}); offsets must count characters (code points), not bytes or "
                      "UTF-16 units", line)


def _label(label: Any, name: str) -> str:
    if not isinstance(label, str) or not label:
        raise RecordError(f"{name} has no label")
    return label


def _status(item: dict[str, Any], default: str, name: str) -> SpanStatus:
    status = item.get("status", default)
    if status not in SPAN_STATUSES:
        raise RecordError(f"{name}: status must be one of {', '.join(SPAN_STATUSES)}, not {_short(status)}")
    return cast(SpanStatus, str(status))


def _kind(item: dict[str, Any], name: str) -> SpanKind:
    kind = item.get("kind", "name")
    if kind not in SPAN_KINDS:
        raise RecordError(f"{name}: kind must be one of {', '.join(SPAN_KINDS)}, not {_short(kind)}")
    return cast(SpanKind, str(kind))


def _kb_id(item: dict[str, Any], name: str) -> str | None:
    kb_id = item.get("kb_id")
    if kb_id is None:
        return None
    if not isinstance(kb_id, str) or not kb_id.strip():
        raise RecordError(f"{name}: kb_id must be a non-empty string, not {_short(kb_id)}")
    return kb_id


def _score(item: dict[str, Any], name: str, key: str = "score") -> float | None:
    score = item.get(key)
    if score is None:
        return None
    if type(score) not in (int, float) or score != score:  # bool is an int; NaN is no score
        raise RecordError(f"{name}: {key} must be a number, not {_short(score)}")
    return float(score)


def _name(kind: str, item: Any, index: int) -> str:
    """``span s12`` when the annotation has an id, else ``span #3`` (counted from 1)."""
    given = item.get("id") if isinstance(item, dict) else None
    return f"{kind} {given}" if isinstance(given, (str, int)) and not isinstance(given, bool) else f"{kind} #{index + 1}"


def _short(value: Any, limit: int = 40) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


# -- the project's schema --------------------------------------------------------------------

def _fit_schema(schema: Schema, item: AnnotatedDocument) -> Document:
    """The document with every name checked against (and, for brat, mapped to) the schema."""
    doc = item.document

    def find(name: str, known: list[str], *, role: bool = False) -> str | None:
        if name in known:
            return name
        if item.brat_names:
            return next((k for k in known if brat_name(k, role=role) == name), None)
        return None

    spans = []
    for span, (line, name) in zip(doc.spans, item.span_where):
        label = find(span.label, schema.names)
        if label is None:
            raise RecordError(f"{name}: label {span.label!r} is not in the project's label schema "
                              f"({', '.join(schema.names)}); {SCHEMA_HINT}", line)
        spans.append(span if label == span.label else replace(span, label=label))
    events = []
    for event, (line, name) in zip(doc.events, item.event_where):
        kind = find(event.type, [e.name for e in schema.events])
        if kind is None:
            raise RecordError(f"{name}: event type {event.type!r} is not in the project's label schema "
                              f"({', '.join(e.name for e in schema.events)}); {SCHEMA_HINT}", line)
        roles = [r.name for r in schema.roles_of(kind)]
        arguments = []
        for argument in event.arguments:
            role = find(argument.role, roles, role=True)
            if role is None:
                raise RecordError(f"{name}: role {argument.role!r} is not a role of {kind} in the project's schema "
                                  f"({', '.join(roles)}); {SCHEMA_HINT}", line)
            arguments.append(argument if role == argument.role else replace(argument, role=role))
        modality = find(event.modality, list(schema.modalities))
        polarity = find(event.polarity, list(schema.polarities))
        if modality is None or polarity is None:
            bad, allowed = ((event.modality, schema.modalities) if modality is None
                            else (event.polarity, schema.polarities))
            raise RecordError(f"{name}: {bad!r} is not one of {', '.join(allowed)}", line)
        events.append(replace(event, type=kind, modality=modality, polarity=polarity, arguments=tuple(arguments)))
    return replace(doc, spans=spans, events=events)
