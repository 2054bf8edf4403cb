"""What an action teaches the correction memory, decided by the kind of operation alone.

The session applies these rules to every operation it runs, in the operation's transaction
(so undo and redo, from the row images, take the lesson and its propagation with it):

- Accepting, rejecting or relabelling a *suggested* span, and labelling text by hand (also
  inside a composite, or the span a role filling labels or accepts), teaches: a relabelled
  suggestion or a hand-made span ``phrase -> label``, a rejected suggestion ``phrase ✗ label``;
  accepting a suggestion reinforces an existing ``phrase -> label`` only. What is learned is
  applied at once to the suggestions of unreviewed documents (:func:`_propagate`).
- Giving a span a knowledge-base id (``set_kb_id``) teaches ``phrase -> id`` (``memory_ids``),
  applied at once to the untouched suggestions of unreviewed documents (:func:`_propagate_id`)
  and by later pre-annotations before the gazetteer and the actor lists.
- Deleting a span withdraws the lesson it taught (:func:`_withdraw`).
- Nothing else teaches: moves, kinds, document status, events.

See :mod:`annotator.memory` for what the memory is and how it is applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotator.store import clock  # its `now` is looked up at each call: tests freeze it
from annotator.documents import Span
from annotator.editing.event_operations import FillRole
from annotator.editing.operations import AddSpan, Changes, Composite, DeleteSpan, Operation, UpdateRows
from annotator.learned_ids import LEARNED_SCORE, LearnedIds
from annotator.memory import Lessons, phrase_of
from annotator.store import Store, memory_rows
from annotator.store import editing_rows as rows

# Documents whose suggestions the memory keeps up to date: not reviewed, already pre-annotated
# (those still pending get the lessons when pre-annotation runs).
UNREVIEWED = "status = 'new' AND preannotated_at IS NOT NULL"


@dataclass(frozen=True, slots=True)
class Lesson:
    """What one action taught: ``source`` relabel/add/reject, or accept (reinforces only)."""

    phrase: str
    label: str
    kind: str
    source: str


def leaves(op: Operation) -> list[Operation]:
    """The parts of an operation that can teach: span accept/reject/relabel, AddSpan (also inside others)."""
    if isinstance(op, Composite):
        return [leaf for part in op.parts for leaf in leaves(part)]
    if isinstance(op, UpdateRows):
        moves = "start" in op.values or "end" in op.values
        return [] if op.table != "spans" or moves else [op]
    if isinstance(op, AddSpan):
        return [op]
    if isinstance(op, FillRole):  # a span labelled on the way, or an existing suggestion it accepts
        return [leaf for part in (op.new_span, op.accept_filler) if part is not None for leaf in leaves(part)]
    return []


def teaches(op: Operation) -> bool:
    """True when running ``op`` may change the memory (so its history entry says what it did)."""
    return isinstance(op, DeleteSpan) or bool(leaves(op))


def apply(store: Store, op: Operation, annotator: str | None) -> tuple[Changes, dict[str, Any] | None]:
    """Apply ``op`` and what it teaches; returns its Changes and what the history records of the memory.

    Changes gain ``other_doc_ids``: the documents whose suggestions the lesson changed.
    """
    if isinstance(op, DeleteSpan):
        changes = op.apply(store, annotator)
        withdrawn = _withdraw(store, op)
        return changes, {"withdrawn": withdrawn}
    parts = leaves(op)
    if not parts:
        return op.apply(store, annotator), None
    before = rows.span_places(store, [i for leaf in parts if isinstance(leaf, UpdateRows) for i in leaf.ids])
    changes = op.apply(store, annotator)
    taught = _lessons(store, parts, before)
    stamp = clock.now()
    ids_taught = _teach_ids(store, parts, before, annotator, stamp)
    spread: list[str] = []
    for lesson in taught:
        if lesson.source == "accept":  # reinforces; spreads only if that changes what the phrase gets
            row = memory_rows.by_key(store, lesson.phrase, lesson.label, lesson.kind)
            if row is not None:
                was = _effect(store, lesson.phrase)
                memory_rows.count_up(store, row[0], annotator, stamp)
                if _effect(store, lesson.phrase) != was:
                    spread.append(lesson.phrase)
        else:
            _record(store, lesson, annotator, stamp)
            spread.append(lesson.phrase)
    others: set[int] = set()
    for phrase in dict.fromkeys(spread):
        others |= _propagate(store, phrase, stamp)
    for phrase in dict.fromkeys(p for p, _kb_id in ids_taught):
        others |= _propagate_id(store, phrase)
    changes.other_doc_ids |= others - {op.doc_id}
    record: dict[str, Any] = {"taught": [[t.phrase, t.label, t.kind, t.source] for t in taught],
                              "other_doc_ids": sorted(others)}
    if ids_taught:
        record["ids_taught"] = ids_taught
    return changes, record


def _teach_ids(store: Store, parts: list[Operation], before: dict[int, tuple[int, int, int, str, str]],
               annotator: str | None, stamp: str) -> list[list[str]]:
    """phrase -> id for every span a ``set_kb_id`` gave an id (NIL included: "no entry" is learned too)."""
    taught: list[list[str]] = []
    for leaf in parts:
        if not isinstance(leaf, UpdateRows) or not isinstance(leaf.values.get("kb_id"), str):
            continue
        kb_id = str(leaf.values["kb_id"])
        for span_id in leaf.ids:
            doc_id, start, end, _label, _status = before.get(span_id, (0, 0, 0, "", ""))
            p = phrase_of(rows.document_text(store, doc_id) or "", start, end)
            if p is not None:
                memory_rows.teach_id(store, p, kb_id, annotator, stamp)
                taught.append([p, kb_id])
    return taught


def _propagate_id(store: Store, phrase: str) -> set[int]:
    """Give the untouched suggestions of ``phrase`` in unreviewed documents the id the memory now gives
    it (as pre-annotation would, :class:`LearnedIds`); returns the documents changed.

    Only suggestions nobody decided or edited (accepted, rejected, relabelled, moved, made nominal
    or made by hand are left alone) and whose label the id fits; their label, origin and times stay.
    """
    learned = LearnedIds.load(store, phrases=[phrase])
    changed: set[int] = set()
    for doc_id in rows.unreviewed_with(store, phrase, UNREVIEWED):
        text = rows.document_text(store, doc_id) or ""
        for span_id, start, end, label, kb_id, kb_score in store.untouched_suggestions(doc_id):
            if text[start:end] != phrase:
                continue
            learned_id = learned.for_span(phrase, label)
            if learned_id is not None and (kb_id, kb_score) != (learned_id, LEARNED_SCORE):
                rows.set_suggested_id(store, span_id, learned_id, LEARNED_SCORE)
                changed.add(doc_id)
    return changed


def _lessons(store: Store, parts: list[Operation], before: dict[int, tuple[int, int, int, str, str]]) -> list[Lesson]:
    texts: dict[int, str] = {}

    def phrase(doc_id: int, start: int, end: int) -> str | None:
        if doc_id not in texts:
            texts[doc_id] = rows.document_text(store, doc_id) or ""
        return phrase_of(texts[doc_id], start, end)

    lessons: list[Lesson] = []
    for leaf in parts:
        if isinstance(leaf, UpdateRows):
            new_label, new_status = leaf.values.get("label"), leaf.values.get("status")
            for span_id in leaf.ids:
                doc_id, start, end, label, status = before.get(span_id, (0, 0, 0, "", ""))
                p = phrase(doc_id, start, end) if status == "suggested" else None
                if p is None:
                    continue
                if new_label is not None and new_label != label:
                    lessons.append(Lesson(p, new_label, "is", "relabel"))
                elif new_status == "rejected":
                    lessons.append(Lesson(p, label, "not", "reject"))
                elif new_status == "accepted":
                    lessons.append(Lesson(p, new_label or label, "is", "accept"))
        elif isinstance(leaf, AddSpan) and leaf.span_id is not None:
            p = phrase(leaf.doc_id, leaf.start, leaf.end)
            was = leaf.took_over  # the span it took over, if any
            if p is None:
                continue
            if was is None or was["status"] == "rejected":
                lessons.append(Lesson(p, leaf.label, "is", "add"))
            elif was["status"] == "suggested":
                source = "relabel" if was["label"] != leaf.label else "accept"
                lessons.append(Lesson(p, leaf.label, "is", source))
    return lessons


def _record(store: Store, lesson: Lesson, annotator: str | None, stamp: str) -> None:
    """Count the lesson: a new entry, or one more for an existing one (left on or off as it is)."""
    row = memory_rows.by_key(store, lesson.phrase, lesson.label, lesson.kind)
    if row is not None:
        memory_rows.count_up(store, row[0], annotator, stamp)
    else:
        memory_rows.insert(store, lesson.phrase, lesson.label, lesson.kind, lesson.source, annotator, stamp)


def _effect(store: Store, phrase: str) -> tuple[str | None, frozenset[str]]:
    """What the memory does to ``phrase`` now: its label, and the labels it drops."""
    lessons = Lessons.load(store, phrases=[phrase])
    return lessons.best.get(phrase), frozenset(label for p, label in lessons.rejected if p == phrase)


def _propagate(store: Store, phrase: str, stamp: str) -> set[int]:
    """Bring the suggestions of ``phrase`` in unreviewed documents in line with the memory; returns those changed."""
    lessons = Lessons.load(store, phrases=[phrase])
    changed: set[int] = set()
    for doc_id in rows.unreviewed_with(store, phrase, UNREVIEWED):
        text = rows.document_text(store, doc_id) or ""
        occupied: list[tuple[int, int]] = []
        touched = False
        spans = rows.span_rows(store, doc_id)
        present = {(r["start"], r["end"], r["label"]) for r in spans}
        for row in spans:
            start, end = row["start"], row["end"]
            if row["status"] == "suggested" and text[start:end] == phrase:
                label = lessons.decide(phrase, row["label"])
                if label != row["label"] and (start, end, label) in present:
                    label = None  # the range already has that label: the suggestion is redundant
                if label is None:
                    store.delete_span(row["id"])
                    touched = True
                    continue
                if label != row["label"]:
                    store.update_span(row["id"], label=label, origin="memory", score=None, updated_at=stamp)
                    present.add((start, end, label))
                    touched = True
            occupied.append((start, end))
        if lessons.best:
            for start, end, label in _occurrences(text, phrase, lessons):
                if any(s < end and start < e for s, e in occupied):
                    continue
                store.insert_spans(doc_id, [Span(start, end, label, origin="memory")])
                occupied.append((start, end))
                touched = True
        if touched:
            changed.add(doc_id)
    return changed


def _occurrences(text: str, phrase: str, lessons: Lessons) -> Iterator[tuple[int, int, str]]:
    """Whole-token occurrences of ``phrase`` in ``text``, as :meth:`Lessons.occurrences` finds them in a Doc.

    spaCy's tokenizer splits at whitespace first and tokenizes each chunk on its own, so only the
    chunks around each occurrence need tokenizing, not the whole (maybe long) document.
    """
    from annotator.tokens import make_doc

    pos = text.find(phrase)
    while pos != -1:
        lo, hi = pos, pos + len(phrase)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        for start, end, label in lessons.occurrences(make_doc(text[lo:hi])):
            if (lo + start, lo + end) == (pos, pos + len(phrase)):
                yield pos, pos + len(phrase), label
        pos = text.find(phrase, pos + 1)


def _withdraw(store: Store, op: DeleteSpan) -> list[list[str]]:
    """Withdraw the lesson the deleted span taught; returns [phrase, label, kind, what happened] or nothing.

    An accepted span taught ``phrase -> label`` (added, accepted or relabelled), a rejected one
    ``phrase ✗ label``. Deleting the span withdraws that entry: forgotten when no other span in
    the project (accepted, or rejected for ✗, same label and exact text) still teaches it,
    otherwise counted once less. Suggestions the entry already changed stay as they are (as
    when an entry is forgotten in the memory list); later pre-annotation and propagation no
    longer apply it.
    """
    span = op.row
    assert span is not None
    kind = {"accepted": "is", "rejected": "not"}.get(span["status"])
    if kind is None:  # a suggestion taught nothing
        return []
    phrase = phrase_of(rows.document_text(store, span["doc_id"]) or "", span["start"], span["end"])
    if phrase is None:
        return []
    row = memory_rows.by_key(store, phrase, span["label"], kind)
    if row is None:
        return []
    forgot = not rows.still_taught(store, phrase, span["label"], span["status"])
    if forgot:
        memory_rows.delete(store, row[0])
    else:
        memory_rows.count_down(store, row[0])
    return [[phrase, span["label"], kind, "forgot" if forgot else "counted once less"]]
