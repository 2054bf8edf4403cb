"""What analysts' corrections teach: phrase -> label and phrase ✗ label, applied to unreviewed suggestions.

A relabelled suggestion ("Kyiv" PERSON -> GPE) or a span added by hand teaches ``phrase -> label``;
a rejected suggestion teaches ``phrase ✗ label``; accepting a suggestion reinforces an existing
``phrase -> label``. Each lesson is a row of the ``memory`` table (one per phrase, label and kind,
with a count, who and when, and an ``enabled`` switch for the analyst).

Wrap a user command with :func:`teach`: the lesson is recorded in the command's transaction,
applied at once to the suggestions of documents not yet reviewed (status ``new``), and undone
with the command. Deleting a span withdraws the lesson it taught (:class:`Withdrawal`). Later pre-annotation applies the memory too (:class:`Lessons`, used by
:class:`annotator.preannotate.Suggester`), so a document gets the same suggestions whether it was
imported before or after the correction.

Phrases are the exact text of a span, matched case-sensitively on whole tokens (spaCy's
tokenizer): "Kyiv" matches in "Kyiv's" but never inside "Kyivstar". What the memory does to a
phrase's suggestions (:meth:`Lessons.decide`):

- A phrase with enabled ``-> label`` entries gets the label analysts gave it most often (the
  most recent on a tie): other labels are relabelled (origin ``memory``), and whole-token
  occurrences that no span overlaps get a new suggestion (origin ``memory``) - the gazetteer's
  policy in :func:`annotator.rules.merge`, so a learned "Kyiv" never nests inside "Kyiv Oblast".
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
from typing import TYPE_CHECKING, Any, cast

from annotator.editing.operations import AddSpan, Changes, Command, Composite, DeleteSpan, UpdateRows
from annotator.documents import Event, Span
from annotator.store import Store, now

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

KINDS = ("is", "not")  # "is": phrase -> label; "not": phrase ✗ label
NOT_MARKS = ("✗", "!")  # how a ✗ entry's label is written (as listed, or easy to type)
MAX_PHRASE_CHARS = 100  # longer spans are sentences, not names: nothing worth remembering
_COLUMNS = ("id", "phrase", "label", "kind", "count", "enabled", "source", "first_by", "first_at", "last_by", "last_at")
# Documents whose suggestions the memory keeps up to date: not reviewed, already pre-annotated
# (those still pending get the lessons when pre-annotation runs).
_UNREVIEWED = "status = 'new' AND preannotated_at IS NOT NULL"


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
    where, params = ("WHERE phrase = ?", (phrase,)) if phrase is not None else ("", ())
    rows = store.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM memory {where} ORDER BY phrase, label, kind", params)
    return [_entry(r) for r in rows]


def entry(store: Store, entry_id: int) -> Entry:
    """One entry by id; EntryNotFound if it was forgotten."""
    row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM memory WHERE id = ?", (entry_id,)).fetchone()
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
        store.conn.execute("UPDATE memory SET enabled = ? WHERE id = ?", (int(enabled), entry_id))
    return entry(store, entry_id)


def forget(store: Store, entry_id: int) -> Entry:
    """Delete an entry (teaching the same correction again starts it afresh). Returns what was deleted."""
    with store.transaction():
        gone = entry(store, entry_id)
        store.conn.execute("DELETE FROM memory WHERE id = ?", (entry_id,))
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
        sql = "SELECT phrase, label, kind, count, last_at FROM memory WHERE enabled = 1"
        params: tuple[str, ...] = ()
        if phrases is not None:
            params = tuple(set(phrases))
            if not params:
                return cls()
            sql += f" AND phrase IN ({', '.join('?' * len(params))})"
        schema = store.schema
        votes: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
        for phrase, label, kind, count, last_at in store.conn.execute(sql, params):
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


# -- learning as part of a command ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Lesson:
    """What one action taught: ``source`` relabel/add/reject, or accept (reinforces only)."""

    phrase: str
    label: str
    kind: str
    source: str


def phrase_of(text: str, start: int, end: int) -> str | None:
    """The phrase a span teaches, or None when it is not worth remembering.

    Not for spans with surrounding or line-break whitespace (not token-aligned names) or longer
    than MAX_PHRASE_CHARS.
    """
    phrase = text[start:end]
    if not phrase or phrase != phrase.strip() or "\n" in phrase or "\r" in phrase or len(phrase) > MAX_PHRASE_CHARS:
        return None
    return phrase


def _leaves(command: Command) -> list[Command]:
    """The parts of a command that can teach: span accept/reject/relabel, AddSpan (also inside others)."""
    if isinstance(command, Composite):
        return [leaf for part in command.parts for leaf in _leaves(part)]
    if isinstance(command, UpdateRows):
        moves = "start" in command.values or "end" in command.values
        return [] if command.table != "spans" or moves else [command]
    if isinstance(command, AddSpan):
        return [command]
    # FillRole: a span labelled on the way, or an existing suggestion it accepts.
    parts = [getattr(command, "new_span", None), getattr(command, "accept_filler", None)]
    return [leaf for part in parts if isinstance(part, (AddSpan, UpdateRows)) for leaf in _leaves(part)]


class Teaching:
    """A user command plus what it teaches: recorded, propagated to unreviewed documents, undone with it.

    Behaves as the wrapped command (name, text, doc_id; other attributes are forwarded), so it
    goes through :func:`annotator.commands.execute` / ``undo`` / ``redo`` and on the undo stack
    unchanged. ``apply`` returns the inner command's Changes plus ``other_doc_ids``, the
    documents whose suggestions the lesson changed.
    """

    def __init__(self, command: Command) -> None:
        self.inner = command
        self.doc_id = command.doc_id
        self.taught: list[Lesson] = []
        self._leaves = _leaves(command)
        self._memory_before: dict[int, tuple[Any, ...] | None] = {}  # entry id -> row before (None: inserted)
        self._memory_ids: dict[tuple[str, str, str], int] = {}  # ids of inserted entries, reused on redo
        self._span_before: dict[int, dict[str, Any]] = {}  # relabelled suggestions, as they were
        self._deleted: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []  # dropped suggestions + role rows
        self._added: list[int] = []  # ids of added suggestions
        self._added_ids: list[int] = []  # the first apply's, reused on redo
        self._other_docs: set[int] = set()

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    @property
    def name(self) -> str:
        return self.inner.name

    def text(self) -> str:
        return self.inner.text()

    def payload(self) -> dict[str, Any]:
        taught = [[t.phrase, t.label, t.kind, t.source] for t in self.taught]
        return {**self.inner.payload(), "memory": {"taught": taught, "other_doc_ids": sorted(self._other_docs)}}

    # -- apply / revert ------------------------------------------------------------------------
    def apply(self, store: Store, annotator: str | None) -> Changes:
        before = self._observe(store)
        changes = self.inner.apply(store, annotator)
        self.taught = self._lessons(store, before)
        self._memory_before, self._span_before = {}, {}
        self._deleted, self._added, self._other_docs = [], [], set()
        stamp = now()
        spread: list[str] = []
        for lesson in self.taught:
            if lesson.source == "accept":  # reinforces; spreads only if that changes what the phrase gets
                row = self._row(store, lesson)
                if row is not None:
                    was = _effect(store, lesson.phrase)
                    self._count(store, row, annotator, stamp)
                    if _effect(store, lesson.phrase) != was:
                        spread.append(lesson.phrase)
            else:
                self._record(store, lesson, annotator, stamp)
                spread.append(lesson.phrase)
        for phrase in dict.fromkeys(spread):
            self._propagate(store, phrase, stamp)
        self._added_ids = self._added_ids or list(self._added)
        changes.other_doc_ids |= self._other_docs - {self.doc_id}
        return changes

    def revert(self, store: Store) -> Changes:
        conn = store.conn
        for span_id in reversed(self._added):
            store.delete_span(span_id)
        for span_id, row in self._span_before.items():
            store.update_span(span_id, **{k: v for k, v in row.items() if k != "id"})
        for row, arguments in self._deleted:
            store.insert_span_row(row)
            store.insert_argument_rows(arguments)
        for entry_id, row in reversed(list(self._memory_before.items())):
            if row is None:
                conn.execute("DELETE FROM memory WHERE id = ?", (entry_id,))
            else:
                sets = ", ".join(f'"{c}" = ?' for c in _COLUMNS[1:])
                conn.execute(f"UPDATE memory SET {sets} WHERE id = ?", (*row[1:], entry_id))
        changes = self.inner.revert(store)
        changes.other_doc_ids |= self._other_docs - {self.doc_id}
        return changes

    # -- what the command teaches ----------------------------------------------------------------
    def _observe(self, store: Store) -> dict[int, tuple[int, int, int, str, str]]:
        """Before the command: (doc_id, start, end, label, status) of the spans its updates touch."""
        ids = [i for leaf in self._leaves if isinstance(leaf, UpdateRows) for i in leaf.ids]
        found: dict[int, tuple[int, int, int, str, str]] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            for row in store.conn.execute(
                f'SELECT id, doc_id, start, "end", label, status FROM spans WHERE id IN ({", ".join("?" * len(part))})',
                part,
            ):
                found[row[0]] = row[1:]
        return found

    def _lessons(self, store: Store, before: dict[int, tuple[int, int, int, str, str]]) -> list[Lesson]:
        texts: dict[int, str] = {}

        def phrase(doc_id: int, start: int, end: int) -> str | None:
            if doc_id not in texts:
                texts[doc_id] = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
            return phrase_of(texts[doc_id], start, end)

        lessons: list[Lesson] = []
        for leaf in self._leaves:
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
                was: dict[str, Any] | None = leaf._existing_before  # the span it took over, if any
                if p is None:
                    continue
                if was is None or was["status"] == "rejected":
                    lessons.append(Lesson(p, leaf.label, "is", "add"))
                elif was["status"] == "suggested":
                    source = "relabel" if was["label"] != leaf.label else "accept"
                    lessons.append(Lesson(p, leaf.label, "is", source))
        return lessons

    def _row(self, store: Store, lesson: Lesson) -> tuple[Any, ...] | None:
        return store.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM memory WHERE phrase = ? AND label = ? AND kind = ?",
            (lesson.phrase, lesson.label, lesson.kind),
        ).fetchone()

    def _record(self, store: Store, lesson: Lesson, annotator: str | None, stamp: str) -> None:
        """Count the lesson: a new entry, or one more for an existing one (left on or off as it is)."""
        row = self._row(store, lesson)
        if row is not None:
            self._count(store, row, annotator, stamp)
            return
        key = (lesson.phrase, lesson.label, lesson.kind)
        cursor = store.conn.execute(
            "INSERT INTO memory(id, phrase, label, kind, count, enabled, source, first_by, first_at, last_by, last_at)"
            " VALUES (?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?)",
            (self._memory_ids.get(key), *key, lesson.source, annotator, stamp, annotator, stamp),
        )
        entry_id = int(cursor.lastrowid or 0)
        self._memory_ids[key] = entry_id
        self._memory_before[entry_id] = None

    def _count(self, store: Store, row: tuple[Any, ...], annotator: str | None, stamp: str) -> None:
        """One more time taught (or, for an accepted suggestion, confirmed), by whom and when."""
        self._memory_before.setdefault(row[0], row)
        store.conn.execute("UPDATE memory SET count = count + 1, last_by = ?, last_at = ? WHERE id = ?",
                           (annotator, stamp, row[0]))

    # -- propagation -----------------------------------------------------------------------------
    def _propagate(self, store: Store, phrase: str, stamp: str) -> None:
        """Bring the suggestions of ``phrase`` in unreviewed documents in line with the memory."""
        lessons = Lessons.load(store, phrases=[phrase])
        conn = store.conn
        doc_ids = [r[0] for r in conn.execute(
            f"SELECT id FROM documents WHERE {_UNREVIEWED} AND instr(text, ?) > 0 ORDER BY id", (phrase,))]
        for doc_id in doc_ids:
            text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
            occupied: list[tuple[int, int]] = []
            touched = False
            rows = list(store.db.query("SELECT * FROM spans WHERE doc_id = ? ORDER BY id", [doc_id]))
            present = {(r["start"], r["end"], r["label"]) for r in rows}
            for row in rows:
                start, end = row["start"], row["end"]
                if row["status"] == "suggested" and text[start:end] == phrase:
                    label = lessons.decide(phrase, row["label"])
                    if label != row["label"] and (start, end, label) in present:
                        label = None  # the range already has that label: the suggestion is redundant
                    if label is None:
                        self._deleted.append((row, store.argument_rows(span_id=row["id"])))
                        store.delete_span(row["id"])
                        touched = True
                        continue
                    if label != row["label"]:
                        self._span_before.setdefault(row["id"], row)
                        store.update_span(row["id"], label=label, origin="memory", score=None, updated_at=stamp)
                        present.add((start, end, label))
                        touched = True
                occupied.append((start, end))
            if lessons.best:
                for start, end, label in _occurrences(text, phrase, lessons):
                    if any(s < end and start < e for s, e in occupied):
                        continue
                    reuse = self._added_ids[len(self._added)] if len(self._added) < len(self._added_ids) else None
                    (span_id,) = store.insert_spans(doc_id, [Span(start, end, label, origin="memory", id=reuse)])
                    self._added.append(span_id)
                    occupied.append((start, end))
                    touched = True
            if touched:
                self._other_docs.add(doc_id)


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


def _effect(store: Store, phrase: str) -> tuple[str | None, frozenset[str]]:
    """What the memory does to ``phrase`` now: its label, and the labels it drops."""
    lessons = Lessons.load(store, phrases=[phrase])
    return lessons.best.get(phrase), frozenset(label for p, label in lessons.rejected if p == phrase)


class Withdrawal:
    """A span deletion plus the lesson the span taught, withdrawn with it (one undo step).

    An accepted span taught ``phrase -> label`` (added, accepted or relabelled), a rejected one
    ``phrase ✗ label``. Deleting the span withdraws that entry: forgotten when no other span in
    the project (accepted, or rejected for ✗, same label and exact text) still teaches it,
    otherwise counted once less. Suggestions the entry already changed stay as they are (as
    when an entry is forgotten in the memory list); later pre-annotation and propagation no
    longer apply it. Undoing the deletion restores the entry as it was.
    """

    def __init__(self, command: DeleteSpan) -> None:
        self.inner = command
        self.doc_id = command.doc_id
        self.withdrawn: list[Lesson] = []
        self._entry_before: tuple[Any, ...] | None = None  # the entry as it was
        self._forgot = False  # deleted (else counted once less)

    def __getattr__(self, name: str) -> Any:
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    @property
    def name(self) -> str:
        return self.inner.name

    def text(self) -> str:
        return self.inner.text()

    def payload(self) -> dict[str, Any]:
        withdrawn = [[t.phrase, t.label, t.kind, "forgot" if self._forgot else "counted once less"]
                     for t in self.withdrawn]
        return {**self.inner.payload(), "memory": {"withdrawn": withdrawn}}

    def apply(self, store: Store, annotator: str | None) -> Changes:
        changes = self.inner.apply(store, annotator)
        self.withdrawn, self._entry_before, self._forgot = [], None, False
        span = self.inner.payload()["row"]
        kind = {"accepted": "is", "rejected": "not"}.get(span["status"])
        if kind is None:  # a suggestion taught nothing
            return changes
        text = store.conn.execute("SELECT text FROM documents WHERE id = ?", (span["doc_id"],)).fetchone()[0]
        phrase = phrase_of(text, span["start"], span["end"])
        if phrase is None:
            return changes
        row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM memory WHERE phrase = ? AND label = ? AND kind = ?",
                                 (phrase, span["label"], kind)).fetchone()
        if row is None:
            return changes
        self._entry_before = tuple(row)
        self.withdrawn = [Lesson(phrase, span["label"], kind, row[_COLUMNS.index("source")])]
        self._forgot = not _still_taught(store, phrase, span["label"], span["status"])
        if self._forgot:
            store.conn.execute("DELETE FROM memory WHERE id = ?", (row[0],))
        else:
            store.conn.execute("UPDATE memory SET count = max(1, count - 1) WHERE id = ?", (row[0],))
        return changes

    def revert(self, store: Store) -> Changes:
        row = self._entry_before
        if row is not None:
            count_at = _COLUMNS.index("count")
            again = store.conn.execute(  # taught again since the deletion (a new entry): both count
                "SELECT id FROM memory WHERE phrase = ? AND label = ? AND kind = ?", row[1:4]).fetchone()
            if self._forgot and again is not None:
                store.conn.execute("UPDATE memory SET count = count + ? WHERE id = ?", (row[count_at], again[0]))
            elif self._forgot:
                store.conn.execute(f"INSERT INTO memory({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(row))})", row)
            else:
                store.conn.execute("UPDATE memory SET count = ? WHERE id = ?", (row[count_at], row[0]))
        return self.inner.revert(store)


def _still_taught(store: Store, phrase: str, label: str, status: str) -> bool:
    """True when some span of the project (status, label, exact text) still teaches this lesson."""
    return store.conn.execute(
        "SELECT 1 FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.label = ? AND s.status = ?"
        ' AND s."end" - s.start = ? AND substr(d.text, s.start + 1, s."end" - s.start) = ? LIMIT 1',
        (label, status, len(phrase), phrase),
    ).fetchone() is not None


def teach(command: Command) -> Command:
    """Wrap a user command so that what it teaches is learned and applied with it (one undo step).

    A span deletion withdraws what the span taught (:class:`Withdrawal`). Commands that cannot
    teach (moves, document status, events) come back unchanged.
    """
    if isinstance(command, DeleteSpan):
        return Withdrawal(command)
    if isinstance(command, (Teaching, Withdrawal)) or not _leaves(command):
        return command
    return Teaching(command)
