"""What every export format shares: which documents, spans and events go out, and their codes.

One rule for all formats: a document goes out if its status matches (and its annotator, with
``annotator``, and it is in the chosen part of a split); a span goes out if it is accepted, or
suggested when ``suggestions`` is on, and its label is among ``labels`` when given; rejected
ones never do. Events follow the same status rule. An accepted event is labelled data with its
arguments: a suggested span filling one of its roles goes out too, as accepted (accepting an
event in the app accepts its fillers; a project imported or made before that may still hold
such a filler), so an accepted event never loses an argument. Otherwise an event's argument
goes out only if the span filling it goes out, so every argument of an exported event points
at an exported span (a rejected or filtered-out filler shows as an empty role, as in the app).

Nominal mentions (``Span.kind == "nominal"``: "the Ukrainian military") are exported spans
like any other, so events keep them as role fillers; the NER formats (JSONL ``spans``, spaCy,
CoNLL, doccano) write only :attr:`DocumentExport.ner_spans`, which leaves them out unless
``nominals`` is on. OneIE and brat write every span, nominal ones marked as such.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotator.documents import Argument, Event, Span
from annotator.errors import ExportError
from annotator.splits import SplitError, parse_fractions

if TYPE_CHECKING:
    from annotator.schema import Schema
    from annotator.store import Store
    from annotator.team.curation import TeamRows
    from annotator.team.merge import AnalystView

CODE_KEYS: tuple[str, ...] = ("ace", "acled", "cameo", "plover")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Which documents, spans and events go out."""

    status: str = "done"  # "done" or "any"
    suggestions: bool = False  # also unreviewed suggestions (never rejected spans or events)
    labels: frozenset[str] | None = None  # only spans with these labels (None: all)
    annotator: str | None = None  # only documents whose ``documents.annotator`` is this name
    split: tuple[float, ...] | None = None  # train, dev[, test] fractions: OUT becomes a folder
    seed: int = 0  # shuffles the split; the same seed gives the same parts
    nominals: bool = False  # NER formats also write nominal mentions (events always keep them)
    doc_ids: frozenset[int] | None = None  # only these documents (one part of a split)
    # A team project's analyst (--annotator NAME of a merged analyst): their documents, their status, their rows.
    analyst: AnalystView | None = field(default=None, compare=False)
    # A team project without --annotator: the analysts' merged rows, left out (the curated view goes out).
    team: TeamRows | None = field(default=None, compare=False)
    # Called with the number of documents read so far; may raise ExportCancelled to stop
    # (the atomic writers then leave no output behind).
    progress: Callable[[int], None] | None = field(default=None, compare=False)
    # Called with one line when the format could not write every span exactly as labelled.
    notice: Callable[[str], None] | None = field(default=None, compare=False)

    def tell(self, message: str | None) -> None:
        """Pass a notice to the user, if there is one and someone listens."""
        if message and self.notice is not None:
            self.notice(message)

    def wants_document(self, status: str) -> bool:
        """True when a document with ``status`` is exported."""
        return self.status == "any" or status == self.status

    def wants_row(self, row: dict[str, Any]) -> bool:
        """True when the ``documents`` row goes out: status, annotator and split part match."""
        if self.analyst is not None:  # the analyst's own status of the document, not the team's
            status = self.analyst.statuses.get(row["id"])
            return status is not None and self.wants_document(status) and (
                self.doc_ids is None or row["id"] in self.doc_ids)
        return (self.wants_document(row["status"])
                and (self.annotator is None or row["annotator"] == self.annotator)
                and (self.doc_ids is None or row["id"] in self.doc_ids))

    def wants_span(self, span: Span) -> bool:
        """Accepted spans (suggested ones with ``suggestions``) of the chosen labels; never rejected ones."""
        if self.labels is not None and span.label not in self.labels:
            return False
        return span.status == "accepted" or (self.suggestions and span.status == "suggested")

    def wants_event(self, event: Event) -> bool:
        """The same rule as for spans."""
        return event.status == "accepted" or (self.suggestions and event.status == "suggested")


@dataclass(frozen=True, slots=True)
class DocumentExport:
    """One document as it goes out: its ``documents`` row, exported spans and events.

    ``events`` keep only arguments whose span is in ``spans``, ordered by the schema's role
    order, then by position.
    """

    row: dict[str, Any]
    spans: list[Span]
    events: list[Event]
    nominals: bool = False  # whether ner_spans includes nominal mentions

    @property
    def ner_spans(self) -> list[Span]:
        """The spans an NER format writes: names, and nominal mentions too with ``nominals``."""
        return self.spans if self.nominals else [s for s in self.spans if s.kind == "name"]

    @property
    def text(self) -> str:
        """The document's verbatim text."""
        return self.row["text"]

    def span_by_id(self) -> dict[int, Span]:
        """Exported spans by id (what an argument's ``span_id`` refers to)."""
        return {s.id: s for s in self.spans if s.id is not None}


def select(row: dict[str, Any], spans: list[Span], events: list[Event], options: ExportOptions,
           schema: Schema | None = None) -> DocumentExport:
    """Apply the export rule to one document's spans and events."""
    if options.analyst is not None:  # only what that analyst merged
        span_ids, event_ids = options.analyst.rows_of(row["id"])
        spans = [s for s in spans if s.id in span_ids]
        events = [e for e in events if e.id in event_ids]
    elif options.team is not None:  # the team's own rows: what the curator decided
        mine = options.team.of(row["id"])
        spans = mine.team_spans(spans)
        events = mine.team_events(events)
    fillers = _fillers_of_accepted(spans, events, options)
    kept_spans = [replace(s, status="accepted") if s.id in fillers else s
                  for s in spans if s.id in fillers or options.wants_span(s)]
    by_id = {s.id: s for s in kept_spans}
    kept_events = []
    for event in events:
        if not options.wants_event(event):
            continue
        arguments = [a for a in event.arguments if a.span_id in by_id]
        order = _role_order(schema, event.type)
        arguments.sort(key=lambda a: (order.get(a.role, len(order)), by_id[a.span_id].start,
                                      by_id[a.span_id].end, a.id or 0))
        kept_events.append(_with_arguments(event, tuple(arguments)))
    return DocumentExport(row, kept_spans, kept_events, options.nominals)


def _fillers_of_accepted(spans: list[Span], events: list[Event], options: ExportOptions) -> set[int]:
    """Ids of suggested spans that fill a role of an accepted event (of the chosen labels): labelled data."""
    filling = {a.span_id for e in events if e.status == "accepted" for a in e.arguments}
    return {s.id for s in spans if s.id in filling and s.status == "suggested"
            and (options.labels is None or s.label in options.labels)}


def iter_exports(store: Store, options: ExportOptions) -> Iterator[DocumentExport]:
    """Stream the chosen documents one at a time, in project order."""
    schema = store.schema
    for row in iter_rows(store, options):
        yield select(row, store.spans(row["id"]), store.events(row["id"]), options, schema)


def iter_rows(store: Store, options: ExportOptions) -> Iterator[dict[str, Any]]:
    """Stream the ``documents`` rows that go out, in project order, reporting progress."""
    ids = options.doc_ids if options.analyst is None else frozenset(document_ids(store, options))
    rows = store.iter_documents(status=_status(options) if options.analyst is None else None, ids=ids)
    return counted((row for row in rows if options.wants_row(row)), options)


def document_ids(store: Store, options: ExportOptions) -> list[int]:
    """Ids of the documents that go out, in project order (what a split shuffles)."""
    if options.analyst is not None:
        ids = sorted(d for d, status in options.analyst.statuses.items() if options.wants_document(status))
        return ids if options.doc_ids is None else [i for i in ids if i in options.doc_ids]
    ids = store.document_ids(status=_status(options), annotator=options.annotator)
    return ids if options.doc_ids is None else [i for i in ids if i in options.doc_ids]


def count_documents(store: Store, options: ExportOptions) -> int:
    """How many documents go out (for a progress bar's total)."""
    if options.doc_ids is not None or options.analyst is not None:
        return len(document_ids(store, options))
    return store.count_documents(status=_status(options), annotator=options.annotator)


def _status(options: ExportOptions) -> str | None:
    return None if options.status == "any" else options.status


def parse_options(store: Store, *, status: str = "done", suggestions: bool = False, labels: str | None = None,
                  annotator: str | None = None, split: str | None = None, seed: int | None = None,
                  nominals: bool = False) -> ExportOptions:
    """ExportOptions from the command line's strings, checked against the project.

    Raises ExportError naming the project's labels for an unknown label, its annotators for an
    unknown name, and what to give for bad split fractions.
    """
    chosen: frozenset[str] | None = None
    if labels is not None:
        chosen = frozenset(name.strip() for name in labels.split(",") if name.strip())
        known = project_labels(store)
        unknown = sorted(chosen - known)
        if not chosen or unknown:
            raise ExportError(f"--labels: unknown label {', '.join(unknown) or repr(labels)}; "
                              f"the project's labels are {', '.join(sorted(known))}.")
    analyst = None
    if annotator is not None:
        from annotator.team.merge import analyst_view

        analyst = analyst_view(store, annotator)  # a team project's analyst: their view of it
        names = store.annotators()
        if analyst is None and annotator not in names:
            raise ExportError(f"--annotator: no document was last edited by {annotator!r}; "
                              f"annotators in this project: {', '.join(sorted(names)) or 'none yet'}.")
    fractions = None
    if split is not None:
        try:
            fractions = parse_fractions(split)
        except SplitError as exc:
            raise ExportError(f"--split {exc}") from None
    elif seed is not None:
        raise ExportError("--seed shuffles a split; give --split as well, such as --split 0.8,0.1,0.1.")
    return ExportOptions(status=status, suggestions=suggestions, labels=chosen, annotator=annotator,
                         split=fractions, seed=seed or 0, nominals=nominals, analyst=analyst)


def project_labels(store: Store) -> frozenset[str]:
    """Span labels the project knows: the schema's and any used by a span."""
    used = store.span_labels()
    return frozenset(label.name for label in store.schema.labels) | used


class ExportCancelled(Exception):
    """The user stopped an export; nothing was written."""


def counted(rows: Iterable[dict[str, Any]], options: ExportOptions) -> Iterator[dict[str, Any]]:
    """Pass rows through, reporting progress after each (the hook may cancel)."""
    for n, row in enumerate(rows, start=1):
        yield row
        if options.progress is not None:
            options.progress(n)


def event_codes(schema: Schema | None, event_type: str) -> dict[str, str | None]:
    """The interoperability codes of an event type: ACE, ACLED, CAMEO, PLOVER (None if unknown)."""
    codes: dict[str, str | None] = dict.fromkeys(CODE_KEYS)
    found = schema.event(event_type) if schema is not None else None
    if found is not None:
        codes.update(found.codes)
    return codes


def _role_order(schema: Schema | None, event_type: str) -> dict[str, int]:
    if schema is None:
        return {}
    return {role.name: i for i, role in enumerate(schema.roles_of(event_type))}


def _with_arguments(event: Event, arguments: tuple[Argument, ...]) -> Event:
    return event if arguments == event.arguments else replace(event, arguments=arguments)


EXPORT_MARKER = ".annotator-export.json"  # the manifest a folder export writes: format, files, ...


def written_before(out: Path, accept: Callable[[dict[str, Any]], bool]) -> set[str]:
    """Names an earlier export wrote into ``out``, from its marker; none without an accepted marker."""
    try:
        manifest = orjson.loads((out / EXPORT_MARKER).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return set()
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list) or not accept(manifest):
        return set()
    return {str(f) for f in manifest["files"]} | {EXPORT_MARKER}


def folder_target(out: str | Path, *, writes: str, kind: str, ours: Callable[[Path], set[str]]) -> Path:
    """The absolute ``out`` if a folder export may be written there; ExportError saying why not.

    ``out`` may be missing, empty, or hold only the files ``ours(out)`` names (an earlier export
    of the same kind, which is replaced); anything else the user put there is never replaced.
    """
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; {writes} a folder. Give a folder name such as "
                          f"{out.with_suffix('')}-{kind}.")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such folder to create the {kind} folder in.")
    if out.is_dir():
        allowed = ours(out)
        foreign = sorted(p.name for p in out.iterdir() if p.name not in allowed)
        if foreign:
            shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
            raise ExportError(f"{out} holds files this export did not write ({shown}); give a new or "
                              f"empty folder, or the folder of an earlier {kind} export to replace it.")
    return out
