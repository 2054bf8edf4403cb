"""What the model doubts: suggestions and documents ordered least confident first (Prodigy's ``prefer_uncertain``).

A suggestion's score is the model's probability that it is right (for model entities, the share
of the beam's parses that contain it: :mod:`annotator.preannotate.confidence`). Prodigy's
``ner.teach`` ranks by closeness to 0.5 because it asks about every candidate entity, most of
them improbable ones the model would not predict. Here the analyst is shown only what the
model did suggest, so a suggestion at 0.3 (an imported one, or a rule's, can score that low) is
not "sure": it is 70% likely wrong. The doubt of a suggestion is therefore ``1 - score``, the
chance that it is wrong, and "least confident first" is simply the lowest score first (model
entities under 0.4 are never suggested, so for them the two rankings differ only between 0.4 and 0.6).

A document's doubt is that of its most doubtful suggestion still to review (the **lowest
minimum score** first; ties by the lower mean score, then by id). The minimum, not the mean: a
long article with one suggestion at 0.2 among forty at 0.99 holds as good a question as a short
one, and a mean would sink it; and the first document of the list then holds the suggestion that
Tab, in least-confident-first order, goes to first. Documents with no scored suggestion left
come after all the others, in their usual order.

The store aggregates the scores in one query (:meth:`Store.pending_scores`); ranking them is
a sort here, so ordering a list of 10,000 documents costs one ``GROUP BY`` and one sort.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from annotator.documents import Span
from annotator.store import PendingScores, Store

ListOrder = Literal["list", "doubt"]
# "list": by id, the order documents were imported in (the default, as it always was);
# "doubt": the documents whose pending suggestions the model doubts most first.
LIST_ORDERS: tuple[ListOrder, ...] = ("list", "doubt")
DEFAULT_LIST_ORDER: ListOrder = "list"
UNSCORED = 2.0  # where a suggestion with no score ranks: after every scored one (scores are 0..1)


def suggestion_rank(span: Span) -> tuple[float, int, int, int]:
    """Sort key of a suggestion, least confident first: score (unscored last), then text order."""
    return (span.score if span.score is not None else UNSCORED, span.start, -span.end, span.id or 0)


def least_confident_first(spans: Iterable[Span]) -> list[Span]:
    """The suggestions among ``spans``, lowest score first (unscored ones last, in text order)."""
    return sorted((s for s in spans if s.status == "suggested"), key=suggestion_rank)


def step_by_confidence(spans: Sequence[Span], after: Span | None, step: int) -> Span | None:
    """The suggestion after (``step`` 1) or before (-1) ``after`` in least-confident-first order, wrapping.

    With nothing focused, step 1 gives the least confident suggestion and -1 the most confident.
    ``after`` need not be a suggestion any more (one just accepted keeps its place in the order),
    so deciding the least confident suggestion moves on to the next least confident. None when
    no suggestion is left.
    """
    ranked = least_confident_first(spans)
    if not ranked:
        return None
    if after is None:
        return ranked[0] if step > 0 else ranked[-1]
    key = suggestion_rank(after)
    if step > 0:
        return next((s for s in ranked if suggestion_rank(s) > key), ranked[0])
    return next((s for s in reversed(ranked) if suggestion_rank(s) < key), ranked[-1])


def document_rank(scores: PendingScores) -> tuple[float, float, int]:
    """Sort key of a document, most doubtful first: its lowest pending score, its mean score, its id."""
    return (scores.lowest, scores.mean, scores.doc_id)


def doubtful_first(ids: Sequence[int], scores: Iterable[PendingScores]) -> list[int]:
    """``ids`` (in list order) reordered: the documents with scored suggestions left, most doubtful first, then the rest.

    The rest keep their order in ``ids``; scores of documents not in ``ids`` are ignored.
    """
    listed = set(ids)
    ranked = sorted((s for s in scores if s.doc_id in listed), key=document_rank)
    first = [s.doc_id for s in ranked]
    ranked_ids = set(first)
    return first + [i for i in ids if i not in ranked_ids]


def ordered_ids(store: Store, *, order: str = DEFAULT_LIST_ORDER, status: str | None = None,
                label: str | None = None, search: str | None = None) -> Sequence[int]:
    """Ids of the documents passing the list's filters, in ``order`` (see :data:`LIST_ORDERS`).

    The default order is the store's, by id, untouched; "doubt" adds one aggregate query.
    """
    ids = store.matching_ids(status=status, label=label, search=search)
    if order != "doubt":
        return ids
    return doubtful_first(ids, store.pending_scores(status=status, label=label, search=search))
