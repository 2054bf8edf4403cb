"""spaCy pipeline + rules -> suggested spans and events, stored in the project.

The model runs through ``nlp.pipe`` unchanged (so its speed is the baseline's); rule matches,
the schema's label mapping and the event rules (:mod:`annotator.preannotate.events`) are applied to each
parsed doc afterwards, and each batch of results is stored in one transaction. spaCy is
imported lazily: the core and the UI can start without paying for it.

This module holds the :class:`Suggester` (one doc's suggestions) and the batch run
(:func:`suggest_documents`, :func:`preannotate`); the stages live beside it: :mod:`.model`
(which pipeline, loaded how), :mod:`.confidence` (beam scores of entities), :mod:`.rules`
(weapons, the gazetteer, merging with the model) and :mod:`.events` (one module per stage of
event finding). :func:`load_model` is looked up here when a run loads its model, so tests can
replace it on this module.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, takewhile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.preannotate.confidence import EntityScorer, entity_scores
from annotator.documents import Event, Span
from annotator.preannotate.events import EventRules, shift
from annotator.learned_ids import LearnedIds
from annotator.memory import Lessons
from annotator.preannotate.actors import ActorIndex
from annotator.preannotate.linking import link_places
from annotator.preannotate.model import INSTALL_HINT, ModelNotFound, load_model, model_id, resolve_model
from annotator.preannotate.rules import Rules, consistent, entity_parts, load_patterns, merge
from annotator.schema import Schema
from annotator.store import Store, StoredSuggestions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "U.N": a dotted abbreviation short of its period
MIN_ENTITY_SCORE = 0.4  # model entities less probable than this are left out (see Suggester)
# Labels whose suggestions under a score are right less than half the time on ontonotes-dev (EVENT
# under 0.7: 0 of 5, DATE under 0.5: 2 of 14), so they cost more than they save. (FAC under 0.8,
# 3 of 16, is left alone: such places still serve as event arguments on wikievents-dev.)
MIN_LABEL_SCORE: dict[str, float] = {"EVENT": 0.7, "DATE": 0.5}


def pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Split text longer than ``limit`` at line breaks (else spaces) into (offset, piece)."""
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        cut = start + limit if cut <= start else cut + 1
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


# Compiled rules per loaded pipeline: compiling the gazetteer takes about a second, which
# every run (e.g. each import in the app) would otherwise pay again.
_RULES: weakref.WeakKeyDictionary[Language, Rules] = weakref.WeakKeyDictionary()
_RULES_LOCK = threading.Lock()
_EVENT_RULES: weakref.WeakKeyDictionary[Language, EventRules] = weakref.WeakKeyDictionary()


def _cached(cache: weakref.WeakKeyDictionary[Language, Any], nlp: Language, build: Callable[[Any], Any]) -> Any:
    with _RULES_LOCK:
        compiled = cache.get(nlp)
        if compiled is None:
            compiled = cache[nlp] = build(nlp.vocab)
        return compiled


def rules_for(nlp: Language) -> Rules:
    """The rules compiled for ``nlp``'s vocabulary, built on first use and kept while ``nlp`` lives."""
    return _cached(_RULES, nlp, Rules.build)


def event_rules_for(nlp: Language) -> EventRules:
    """The event rules compiled for ``nlp``'s vocabulary (cached like :func:`rules_for`)."""
    return _cached(_EVENT_RULES, nlp, EventRules.build)


class Suggester:
    """Turns parsed docs into schema-labelled suggestions (model entities + rules, and events).

    Every model entity carries its probability from a beam search (:mod:`annotator.confidence`);
    entities below ``min_score`` are not suggested: on news development sets fewer than half of
    them are right, so correcting them costs an analyst more than adding the few right ones.
    """

    def __init__(self, nlp: Language, schema: Schema, *, memory: Lessons | None = None,
                 min_score: float = MIN_ENTITY_SCORE, actors: ActorIndex | None = None,
                 learned_ids: LearnedIds | None = None) -> None:
        self.nlp = nlp
        self.schema = schema
        # What analysts' corrections taught, applied after model and rules (None: nothing learned).
        self.memory = memory.compile(nlp) if memory else None
        self.actors = actors  # the project's actor lists (None: it has none)
        self.learned_ids = learned_ids or None  # phrase -> id, from the ids analysts chose (None: none)
        self.rules = rules_for(nlp)
        self.event_rules = event_rules_for(nlp)
        self.model = model_id(nlp)
        # A beam needs spaCy's transition-based NER; a pipeline whose "ner" is something else (an
        # entity ruler, a span categoriser) keeps that component's entities, unscored.
        self.scorer = EntityScorer(nlp) if "ner" in nlp.pipe_names and hasattr(nlp.get_pipe("ner"), "moves") else None
        self.min_score = min_score
        self.consistency = load_patterns()["consistency"]
        self.capitalised = frozenset(load_patterns()["names"]["labels"])
        self.boundaries = load_patterns()["boundaries"]

    def suggest(self, doc: Doc, offset: int = 0) -> list[Span]:
        """Suggestions for one doc, with offsets shifted by ``offset``."""
        scores = entity_scores(doc)
        if scores is None and self.scorer is not None and doc.ents:
            scores = self.scorer.score([doc])[0]
        span_scores: dict[tuple[int, int], float] = {}
        for (start, end, _), p in (scores or {}).items():
            span_scores[(start, end)] = span_scores.get((start, end), 0.0) + p
        model_spans = []
        cased = not doc.text.islower()  # an all-lowercase text says nothing by its capitals
        for ent in doc.ents:
            label = self.schema.map_label(ent.label_)
            if label is None:
                continue
            if cased and ent.label_ in self.capitalised and not any(c.isupper() for c in ent.text):
                continue  # "congress", "the feline group": a name label on words nobody capitalised
            score = None
            if scores is not None:  # how likely this label; kept if some entity is likely here at all
                score = scores.get((ent.start_char, ent.end_char, ent.label_), 0.0)
                if span_scores.get((ent.start_char, ent.end_char), 0.0) < self.min_score or \
                        score < MIN_LABEL_SCORE.get(ent.label_, 0.0):
                    continue
            end = ent.end_char
            if _ABBREVIATION.fullmatch(ent.text) and doc.text[end:end + 1] == ".":
                # "the U.S." ending a sentence: the tokenizer cut the abbreviation's last period off
                parts = [(ent.start_char, end + 1, ent.label_)]
            else:
                parts = entity_parts(doc.text, ent.start_char, end, ent.label_, self.boundaries)
            for start, end, part_label in parts:
                mapped = label if part_label == ent.label_ else self.schema.map_label(part_label)
                if mapped is not None:
                    model_spans.append(Span(start + offset, end + offset, mapped, origin="model", score=score))
        rule_spans = [
            Span(s.start + offset, s.end + offset, s.label, origin="rule", score=s.score)
            for s in self.rules.find(doc)
            if self.schema.get(s.label) is not None
        ]
        spans = merge(model_spans, rule_spans, override=self.rules.override, weapon_label=self.rules.weapon_label)
        spans = consistent(spans, doc.text if not offset else " " * offset + doc.text, self.consistency,
                           places=self.rules.place_names)
        spans = self.memory.revise(doc, spans, offset) if self.memory is not None else spans
        return self.link(doc.text if not offset else " " * offset + doc.text, spans)

    def link(self, text: str, spans: list[Span]) -> list[Span]:
        """Knowledge-base ids for spans: what analysts chose for the phrase, then GeoNames for places,
        then the actor lists for the rest (each a suggestion with a score)."""
        if self.learned_ids is not None:
            spans = self.learned_ids.link(text, spans)
        spans = link_places(text, spans)
        return self.actors.link(text, spans) if self.actors is not None else spans

    def suggest_all(self, doc: Doc, offset: int = 0) -> tuple[list[Span], list[Event]]:
        """Spans and events for one doc, offsets shifted by ``offset``.

        The events' ``Argument.span_id`` values are indices into the returned span list (which
        ends with the spans the event rules added for role fillers that are not entities).
        """
        spans = self.suggest(doc)
        new_spans, events = self.event_rules.find(doc, spans, self.schema)
        if self.memory is not None and new_spans:  # role fillers the memory relabels or drops too
            new_spans, events = self.memory.revise_fillers(doc, len(spans), new_spans, events)
        spans.extend(new_spans)
        if offset:
            return shift(spans, events, offset=offset, index_base=0)
        return spans, events


def project_suggester(nlp: Language, store: Store) -> Suggester:
    """A Suggester with all the project gives it: the schema, the correction memory (one matcher
    for the whole run), the actor lists and the learned ids."""
    return Suggester(nlp, store.schema, memory=Lessons.load(store), actors=ActorIndex.load(store),
                     learned_ids=LearnedIds.load(store))


@dataclass(slots=True)
class PreannotateReport:
    """What a pre-annotation run did."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    model: str = ""

    def add(self, stored: StoredSuggestions, documents: int) -> None:
        """Count one stored batch of ``documents``."""
        self.spans += stored.spans
        self.events += stored.events
        self.documents += documents


Progress = Callable[[int, int], None]
Suggestions = tuple[int, list[Span], list[Event]]  # (doc_id, spans, events), as Store.store_suggestions takes


def suggest_documents(
    suggester: Suggester,
    rows: Iterable[tuple[int, str]],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    zone_docs: int = 0,
    stopped: Callable[[], bool] | None = None,
) -> Iterator[Suggestions]:
    """(doc_id, spans, events) for each (doc_id, text) of ``rows``, in order: the one computation of suggestions.

    Both roads use it: :func:`preannotate` on this machine and each task of a Dask cluster
    (:mod:`annotator.cluster`), so both give exactly the same suggestions. Texts longer than the
    pipeline's ``max_length`` are parsed in :func:`pieces` and joined again; ``zone_docs`` pieces
    (default ``ZONE_DOCS``) are parsed per spaCy memory zone. Once ``stopped()`` is true no more
    text goes in; what is already in the pipe still comes out (a multi-process ``nlp.pipe`` left
    early hangs on workers blocked writing results), so only whole documents are yielded.
    """
    nlp = suggester.nlp
    zone_docs = zone_docs or ZONE_DOCS
    halt = stopped if stopped is not None else (lambda: False)
    limit = nlp.max_length

    def work() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for doc_id, text in rows:
            parts = list(pieces(text, limit))
            for offset, piece in parts:
                yield piece, (doc_id, offset, len(parts))

    collected: dict[int, tuple[list[Span], list[Event]]] = {}
    seen: dict[int, int] = {}
    items = work()
    while not halt():
        zone = _zone_of(items, zone_docs)
        first = next(zone, None)
        if first is None:
            break
        # Strings and vocabulary entries added while parsing are freed when the zone ends, so a
        # 100,000-document run stays at the memory of one zone (spaCy >= 3.8); only plain
        # Span/Event objects leave it. Worker processes (n_process > 1) also end with the zone.
        with nlp.memory_zone():
            fed = takewhile(lambda _item: not halt(), chain([first], zone))
            parsed = _scored(suggester, nlp.pipe(fed, as_tuples=True, batch_size=batch_size, n_process=n_process,
                                                  disable=["ner"] if suggester.scorer is not None else []), batch_size)
            for doc, (doc_id, offset, n_parts) in parsed:
                spans, events = suggester.suggest_all(doc, offset)
                doc_spans, doc_events = collected.setdefault(doc_id, ([], []))
                if doc_spans:  # a later piece of a long document: its argument indices follow the earlier pieces' spans
                    spans, events = shift(spans, events, offset=0, index_base=len(doc_spans))
                doc_spans.extend(spans)
                doc_events.extend(events)
                seen[doc_id] = seen.get(doc_id, 0) + 1
                if seen[doc_id] == n_parts:  # the document's last piece: it is whole
                    del seen[doc_id]
                    yield (doc_id, *collected.pop(doc_id))


def preannotate(
    store: Store,
    *,
    nlp: Language | None = None,
    model: str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    zone_docs: int = 0,
) -> PreannotateReport:
    """Suggest entities and events for every document not yet pre-annotated, storing each batch at once.

    Resumable: an interrupted run leaves whole batches stored, and the next run picks up the
    documents still pending. ``progress(done, total)`` is called after each stored batch.
    Texts are parsed ``zone_docs`` pieces (default ``ZONE_DOCS``) per spaCy memory zone.
    """
    nlp = nlp if nlp is not None else load_model(model)
    suggester = project_suggester(nlp, store)
    total = store.count_pending_preannotation()
    report = PreannotateReport(model=suggester.model)
    if total == 0:
        return report
    finished: list[Suggestions] = []

    def flush() -> None:
        if finished:
            report.add(store.store_suggestions(finished, model=suggester.model), len(finished))
            finished.clear()
            if progress is not None:
                progress(report.documents, total)

    stopped = False
    for result in suggest_documents(suggester, store.pending_preannotation(), batch_size=batch_size,
                                    n_process=n_process, zone_docs=zone_docs, stopped=lambda: stopped):
        finished.append(result)
        if len(finished) >= batch_size:
            flush()
            if should_stop is not None and should_stop():
                stopped = True
    flush()
    return report


def _scored(suggester: Suggester, parsed: Iterator[tuple[Doc, Any]], batch_size: int) -> Iterator[tuple[Doc, Any]]:
    """Docs parsed without the NER, given entities and their scores by the beam, ``batch_size`` at a time."""
    if suggester.scorer is None:
        yield from parsed
        return
    batch: list[tuple[Doc, Any]] = []
    for item in chain(parsed, [None]):
        if item is not None:
            batch.append(item)
        if batch and (item is None or len(batch) >= batch_size):
            suggester.scorer.annotate([doc for doc, _ in batch])
            yield from batch
            batch = []


ZONE_DOCS = 1000  # pieces of text parsed per spaCy memory zone
ZONE_CHARS = 4_000_000  # ... or fewer, once this many characters have gone in


def _zone_of(items: Iterator[tuple[str, Any]], size: int) -> Iterator[tuple[str, Any]]:
    """The next ``size`` items (or ``ZONE_CHARS`` characters) of ``items``, never taking one more."""
    chars = 0
    for n, item in enumerate(items, start=1):
        yield item
        chars += len(item[0])
        if n >= size or chars >= ZONE_CHARS:
            return
