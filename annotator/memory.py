"""What analysts' corrections teach: phrase -> label and phrase ✗ label, applied to unreviewed suggestions.

A relabelled suggestion ("Kyiv" PERSON -> GPE) or a span added by hand teaches ``phrase -> label``;
a rejected suggestion teaches ``phrase ✗ label``; accepting a suggestion reinforces an existing
``phrase -> label``. Each lesson is a row of the ``memory`` table (one per phrase, label and kind,
with a count, who and when, and an ``enabled`` switch for the analyst).

The editing session learns by rule from every action it runs (:mod:`annotator.editing.teaching`):
the lesson is recorded in the action's transaction, applied at once to the suggestions of
documents not yet reviewed (status ``new``), and undone with the action. Deleting a span
withdraws the lesson it taught. Later pre-annotation applies the memory too (:class:`Lessons`,
used by :class:`annotator.preannotate.Suggester`), so a document gets the same suggestions
whether it was imported before or after the correction.

Phrases are the exact text of a span, matched case-sensitively on whole tokens (spaCy's
tokenizer): "Kyiv" matches in "Kyiv's" but never inside "Kyivstar". What the memory does to a
phrase's suggestions (:meth:`Lessons.decide`):

- A phrase with enabled ``-> label`` entries gets the label analysts gave it most often (the
  most recent on a tie): other labels are relabelled (origin ``memory``), and whole-token
  occurrences that no span overlaps get a new suggestion (origin ``memory``) - the gazetteer's
  policy in :func:`annotator.preannotate.rules.merge`, so a learned "Kyiv" never nests inside "Kyiv Oblast".
- Otherwise an enabled ``✗ label`` drops the phrase's suggestions with that label. Dropped
  suggestions of unreviewed documents are deleted rather than marked rejected: 'rejected' means
  an analyst looked and said no (exports and statistics count it so), and a document
  pre-annotated after the lesson never gets the span at all, so both roads lead to the same rows.
- When a phrase has both ``-> L`` and ``✗ L``, the one taught more often (the latest on a tie)
  is in force, so one stray rejection does not undo many confirmations.

Core module: no Qt; spaCy is imported lazily.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from annotator.documents import Event, Span
from annotator.store import Store, memory_rows

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

KINDS = ("is", "not")  # "is": phrase -> label; "not": phrase ✗ label
NOT_MARKS = ("✗", "!")  # how a ✗ entry's label is written (as listed, or easy to type)
MAX_PHRASE_CHARS = 100  # longer spans are sentences, not names: nothing worth remembering
_COLUMNS = memory_rows.COLUMNS


class EntryNotFound(LookupError):
    """No memory entry matches; the message says what exists instead."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the memory: what a phrase is (or is not), how often and when it was taught."""

    id: int
    phrase: str
    label: str
    kind: str  # "is" (phrase -> label) or "not" (phrase ✗ label)
    count: int
    enabled: bool
    source: str  # how it was first learned: relabel, add or reject
    first_by: str | None
    first_at: str
    last_by: str | None
    last_at: str

    @property
    def shown_label(self) -> str:
        """The label as listed: ``GPE`` or ``✗GPE``."""
        return self.label if self.kind == "is" else f"{NOT_MARKS[0]}{self.label}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (the CLI's ``--json``)."""
        return asdict(self)


def _entry(row: Iterable[Any]) -> Entry:
    values = dict(zip(_COLUMNS, row))
    values["enabled"] = bool(values["enabled"])
    return Entry(**values)


def entries(store: Store, *, phrase: str | None = None) -> list[Entry]:
    """Everything learned (switched off entries too), by phrase, label and kind."""
    return [_entry(r) for r in memory_rows.all_rows(store, phrase=phrase)]


def entry(store: Store, entry_id: int) -> Entry:
    """One entry by id; EntryNotFound if it was forgotten."""
    row = memory_rows.by_id(store, entry_id)
    if row is None:
        raise EntryNotFound(f"memory entry {entry_id} no longer exists")
    return _entry(row)


def parse_label(text: str) -> tuple[str, str]:
    """``GPE`` -> (GPE, "is"); ``✗GPE`` or ``!GPE`` -> (GPE, "not")."""
    text = text.strip()
    for mark in NOT_MARKS:
        if text.startswith(mark):
            return text[len(mark):].strip(), "not"
    return text, "is"


def find(store: Store, phrase: str, label: str) -> Entry:
    """The entry for ``phrase`` and ``label`` as listed (``GPE``, or ``✗GPE`` / ``!GPE`` for a rejection)."""
    name, kind = parse_label(label)
    for e in entries(store, phrase=phrase):
        if (e.label, e.kind) == (name, kind):
            return e
    known = ", ".join(e.shown_label for e in entries(store, phrase=phrase))
    hint = f"it has {known}" if known else "nothing was learned about it; `annotator memory PROJECT` lists what was"
    raise EntryNotFound(f"no memory entry {phrase!r} {label}: {hint}")


def set_enabled(store: Store, entry_id: int, enabled: bool) -> Entry:
    """Switch an entry on or off (off: kept and listed, applied to nothing). Returns it as it is now.

    Suggestions the entry already changed stay as they are; it no longer applies to new
    lessons' propagation or to later pre-annotation.
    """
    with store.transaction():
        entry(store, entry_id)
        memory_rows.set_enabled(store, entry_id, enabled)
    return entry(store, entry_id)


def forget(store: Store, entry_id: int) -> Entry:
    """Delete an entry (teaching the same correction again starts it afresh). Returns what was deleted."""
    with store.transaction():
        gone = entry(store, entry_id)
        memory_rows.delete(store, entry_id)
    return gone


EDITS = {"disable": "Disabled", "enable": "Enabled", "forget": "Forgot"}  # action -> what the message says


def edit(store: Store, action: str, phrase: str, label: str) -> str:
    """Disable, enable or forget the entry for ``phrase`` and ``label`` (as listed); returns a message saying so.

    Raises EntryNotFound (saying what the phrase has instead) when there is no such entry.
    """
    if action not in EDITS:
        raise ValueError(f"unknown memory edit {action!r}; use one of {', '.join(EDITS)}")
    found = find(store, phrase, label)
    if action == "forget":
        forget(store, found.id)
    else:
        set_enabled(store, found.id, action == "enable")
    return f"{EDITS[action]} {found.phrase!r} {found.shown_label}."


# -- phrase -> id: what choosing ids taught ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IdEntry:
    """One phrase -> id of ``memory_ids``: the id analysts chose for the phrase, how often and when."""

    id: int
    phrase: str
    kb_id: str
    count: int
    first_by: str | None
    first_at: str
    last_by: str | None
    last_at: str
    names: str  # what the id names: an actor-list entry, a GeoNames place, or NIL

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (the CLI's ``--json``, beside the label entries: kind ``id``)."""
        return {"kind": "id", **asdict(self)}


def id_entries(store: Store) -> list[IdEntry]:
    """Every phrase -> id, by phrase, the most chosen id first, with what each id names."""
    from annotator.kb import describe

    names: dict[str, str] = {}
    out = []
    for row in memory_rows.id_rows(store):
        values = dict(zip(memory_rows.ID_COLUMNS, row))
        kb_id = values["kb_id"]
        if kb_id not in names:
            names[kb_id] = describe(store, kb_id)
        out.append(IdEntry(**values, names=names[kb_id]))
    return out


def find_id(store: Store, phrase: str, kb_id: str) -> IdEntry:
    """The phrase -> id entry for ``phrase`` and ``kb_id``; EntryNotFound saying what the phrase has instead."""
    found = [e for e in id_entries(store) if e.phrase == phrase]
    for e in found:
        if e.kb_id == kb_id:
            return e
    hint = f"it has {', '.join(e.kb_id for e in found)}" if found else \
        "no id was chosen for it; `annotator memory PROJECT` lists what was"
    raise EntryNotFound(f"no memory entry {phrase!r} -> {kb_id}: {hint}")


def forget_id(store: Store, entry_id: int) -> None:
    """Delete a phrase -> id entry (choosing the id again starts it afresh).

    Ids it already gave to suggestions stay; later pre-annotations no longer give them.
    """
    with store.transaction():
        memory_rows.delete_id(store, entry_id)


def forget_learned_id(store: Store, phrase: str, kb_id: str) -> str:
    """Forget the phrase -> id entry for ``phrase`` and ``kb_id``; returns a message saying so."""
    found = find_id(store, phrase, kb_id)
    forget_id(store, found.id)
    return f"Forgot {found.phrase!r} -> {found.kb_id}."


# -- applying the memory ----------------------------------------------------------------------
@dataclass(slots=True)
class Lessons:
    """The enabled entries in force, compiled for applying: best label per phrase, rejected pairs.

    Build with :meth:`load`; falsy when there is nothing to apply (pre-annotation then skips it).
    """

    best: dict[str, str] = field(default_factory=dict)  # phrase -> the label to give it
    rejected: set[tuple[str, str]] = field(default_factory=set)  # (phrase, label) to drop
    _matcher: PhraseMatcher | None = field(default=None, repr=False, compare=False)  # finds ``best`` phrases

    @classmethod
    def load(cls, store: Store, *, phrases: Iterable[str] | None = None) -> Lessons:
        """The lessons in force (all, or for ``phrases``), for labels in the project's schema."""
        schema = store.schema
        votes: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
        for phrase, label, kind, count, last_at in memory_rows.votes(store, phrases):
            if schema.get(label) is not None:
                votes.setdefault((phrase, label), {})[kind] = (count, last_at)
        lessons = cls()
        candidates: dict[str, tuple[int, str, str]] = {}
        for (phrase, label), kinds in votes.items():
            yes, no = kinds.get("is"), kinds.get("not")
            if yes is not None and (no is None or yes >= no):  # more often, else more recently
                if phrase not in candidates or (*yes, label) > candidates[phrase]:
                    candidates[phrase] = (*yes, label)
            elif no is not None:
                lessons.rejected.add((phrase, label))
        lessons.best = {phrase: c[2] for phrase, c in candidates.items()}
        return lessons

    def __bool__(self) -> bool:
        return bool(self.best or self.rejected)

    def decide(self, phrase: str, label: str) -> str | None:
        """The label a suggestion of ``phrase`` labelled ``label`` should have; None: drop it."""
        best = self.best.get(phrase)
        if best is not None:
            return best
        if (phrase, label) in self.rejected:
            return None
        return label

    def compile(self, nlp: Language | None = None) -> Lessons:
        """Build the matcher for the phrases to add, tokenized by ``nlp`` (default: spaCy's blank English).

        Pre-annotation compiles once per run with its pipeline; :meth:`occurrences` compiles on
        demand for a doc of another vocabulary.
        """
        from spacy.matcher import PhraseMatcher

        if nlp is None:
            from annotator.tokens import make_doc

            vocab = make_doc("").vocab
            patterns = [make_doc(p) for p in self.best]
        else:
            vocab = nlp.vocab
            patterns = list(cast("Tokenizer", nlp.tokenizer).pipe(self.best))
        self._matcher = PhraseMatcher(vocab, attr="ORTH")
        if patterns:
            self._matcher.add("MEMORY", patterns)
        return self

    def occurrences(self, doc: Doc) -> Iterator[tuple[int, int, str]]:
        """(start, end, label) of every whole-token occurrence of a learned phrase, longest first where they overlap."""
        if not self.best:
            return
        if self._matcher is None or cast(Any, self._matcher).vocab is not doc.vocab:  # the stub lacks .vocab
            from spacy.matcher import PhraseMatcher
            from spacy.tokens import Doc as SpacyDoc

            from annotator.tokens import make_doc

            self._matcher = PhraseMatcher(doc.vocab, attr="ORTH")
            self._matcher.add("MEMORY", [SpacyDoc(doc.vocab, words=[t.text for t in make_doc(p)]) for p in self.best])
        from spacy.util import filter_spans

        for span in filter_spans(self._matcher(doc, as_spans=True)):
            label = self.best.get(span.text)  # the exact text, not just the same token texts
            if label is not None:
                yield span.start_char, span.end_char, label

    def revise(self, doc: Doc, spans: list[Span], offset: int = 0) -> list[Span]:
        """Apply the lessons to one doc's suggestions (offsets shifted by ``offset`` from ``doc``'s).

        Relabels and drops suggestions of learned phrases, then adds the learned phrases where
        no suggestion overlaps them; changed and added spans get origin 'memory'.
        """
        text = doc.text
        kept: list[Span] = []
        for s in spans:
            label = self.decide(text[s.start - offset:s.end - offset], s.label)
            if label is None:
                continue
            kept.append(s if label == s.label else replace(s, label=label, origin="memory", score=None))
        if len(kept) > 1 and len({(s.start, s.end, s.label) for s in kept}) < len(kept):  # relabelled into a twin
            seen: set[tuple[int, int, str]] = set()
            unique: list[Span] = []
            for s in kept:
                if (s.start, s.end, s.label) not in seen:
                    seen.add((s.start, s.end, s.label))
                    unique.append(s)
            kept = unique
        added = False
        covered: bytearray | None = None
        for start, end, label in self.occurrences(doc):
            if covered is None:
                covered = bytearray(len(text))
                for s in kept:
                    covered[s.start - offset:s.end - offset] = b"\x01" * (s.end - s.start)
            if covered.find(1, start, end) != -1:
                continue
            covered[start:end] = b"\x01" * (end - start)
            kept.append(Span(start + offset, end + offset, label, origin="memory"))
            added = True
        if added:
            kept.sort(key=lambda s: (s.start, -s.end, s.label))
        return kept

    def revise_fillers(self, doc: Doc, base: int, fillers: list[Span], events: list[Event]
                       ) -> tuple[list[Span], list[Event]]:
        """Apply the lessons to the spans the event rules added as role fillers (doc offsets).

        ``fillers`` follow ``base`` entity suggestions; events' argument indices point into both.
        A dropped filler takes its role with it (the event stays); later indices close the gap.
        """
        text = doc.text
        kept: list[Span] = []
        index: dict[int, int] = {}
        for i, s in enumerate(fillers):
            label = self.decide(text[s.start:s.end], s.label)
            if label is None:
                continue
            index[base + i] = base + len(kept)
            kept.append(s if label == s.label else replace(s, label=label, origin="memory", score=None))
        if len(kept) == len(fillers):
            return kept, events
        revised = []
        for e in events:
            arguments = tuple(replace(a, span_id=index.get(a.span_id, a.span_id)) for a in e.arguments
                              if a.span_id < base or a.span_id in index)
            revised.append(e if arguments == e.arguments else replace(e, arguments=arguments))
        return kept, revised


# -- what a span teaches -----------------------------------------------------------------------
def phrase_of(text: str, start: int, end: int) -> str | None:
    """The phrase a span teaches, or None when it is not worth remembering.

    Not for spans with surrounding or line-break whitespace (not token-aligned names) or longer
    than MAX_PHRASE_CHARS.
    """
    phrase = text[start:end]
    if not phrase or phrase != phrase.strip() or "\n" in phrase or "\r" in phrase or len(phrase) > MAX_PHRASE_CHARS:
        return None
    return phrase


_Op = TypeVar("_Op")


def teach(command: _Op) -> _Op:
    """The command itself: the editing session teaches by rule from the kind of every action it runs.

    Kept so that callers from before (scripts, tests) still read as they did.
    """
    return command
