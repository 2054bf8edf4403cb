"""OneIE / TextEE event JSONL: one line per sentence, token offsets, entity and event mentions.

The fields of OneIE's training input (``doc_id``, ``sent_id``, ``tokens``, ``sentence``,
``entity_mentions``, ``relation_mentions``, ``event_mentions``; see OneIE's ``data.py``) plus
those TextEE's processed format requires (``wnd_id``, ``text``, ``lang``) and OneIE's
``token_ids`` (``doc:start-end``, end inclusive) that tie each token back to the article text.
OneIE's ``pieces``/``token_lens`` are left out: they come from the BERT tokenizer of the
model being trained, which OneIE's own preprocessing adds.

* Tokens are spaCy's (``annotator.tokens``, whitespace tokens left out); ``start``/``end`` of
  mentions and triggers are token indices within the line, ``end`` exclusive.
* Lines are sentences from spaCy's rule-based sentencizer, also split at blank lines (titles
  and paragraphs). Sentences are joined into one line where a span crosses them, or where an
  event's trigger and arguments lie in different ones, so nothing exported is dropped.
* ``event_type`` is the schema's ACE code in OneIE's spelling (``Conflict.Attack`` becomes
  ``Conflict:Attack``) where the schema has one, else the Annotator type (``INTERCEPT``), so
  ACE-trained models and data line up and the other types keep their own names. Entity types
  and roles are the schema's. Each event mention also carries ``modality`` and ``polarity``.
* ``mention_type`` is the span's kind: NAM for a name ("Kyiv"), NOM for a nominal mention
  ("the military"); PRO instead for a span that is a pronoun alone ("they"). Nominal
  mentions are always written (they fill event roles); ``--nominals`` changes nothing here.
* ``text`` of a mention is the article text its tokens cover.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotator.exporters.atomic import atomic_output
from annotator.exporters.common import DocumentExport, ExportOptions, iter_exports
from annotator.tokens import Token, TokenIndex, doc_tokens, make_doc

if TYPE_CHECKING:
    from spacy.pipeline import Sentencizer
    from spacy.tokens import Doc

    from annotator.schema import Schema
    from annotator.store import Store

PRONOUNS = frozenset(
    "i me my mine myself you your yours yourself yourselves he him his himself she her hers herself it its "
    "itself we us our ours ourselves they them their theirs themselves who whom whose this that these those".split()
)


def oneie_event_type(schema: Schema | None, event_type: str) -> str:
    """The ACE code as OneIE spells it (``Conflict:Attack``) if the schema has one, else the type."""
    found = schema.event(event_type) if schema is not None else None
    ace = found.codes.get("ace") if found is not None else None
    return ace.replace(".", ":", 1) if ace else event_type


def mention_type(words: list[str], kind: str = "name") -> str:
    """PRO, NAM or NOM of a mention's words and kind (see the module docstring)."""
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "PRO"
    return "NOM" if kind == "nominal" else "NAM"


@lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def sentence_starts(text: str, tokens: list[Token], doc: Doc | None = None) -> list[int]:
    """Indices into ``tokens`` (no whitespace tokens) where a sentence begins; always 0 first.

    ``doc`` is ``make_doc(text)`` if the caller has it already (tokenizing is most of the cost).
    """
    if not tokens:
        return []
    doc = _sentencizer()(doc if doc is not None else make_doc(text))
    sent_chars = [sent.start_char for sent in doc.sents]
    starts = [0]
    for i in range(1, len(tokens)):
        gap = text[tokens[i - 1].end : tokens[i].start]
        blank_line = gap.replace("\r\n", "\n").replace("\r", "\n").count("\n") >= 2
        new_sentence = bisect_right(sent_chars, tokens[i].start) != bisect_right(sent_chars, tokens[i - 1].start)
        if blank_line or new_sentence:
            starts.append(i)
    return starts


def _token_range(index: TokenIndex, start: int, end: int) -> tuple[int, int] | None:
    """Inclusive indices of the tokens ``[start, end)`` touches; None if it touches none."""
    first = bisect_right(index.ends, start)
    last = bisect_left(index.starts, end) - 1
    return (first, last) if first <= last else None


def _windows(starts: list[int], n_tokens: int, groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences as ``[start, end)`` token ranges, joined so each group (inclusive range) fits in one."""
    cover = [0] * (n_tokens + 1)
    for first, last in groups:
        if last > first:
            cover[first + 1] += 1
            cover[last + 1] -= 1
    depth, inside = 0, [False] * (n_tokens + 1)
    for i in range(n_tokens + 1):
        depth += cover[i]
        inside[i] = depth > 0
    kept = [b for b in starts if b == 0 or not inside[b]]
    return list(zip(kept, kept[1:] + [n_tokens]))


def oneie_lines(doc: DocumentExport, schema: Schema | None = None) -> list[dict[str, Any]]:
    """The OneIE records of one document, one per sentence (or joined sentences)."""
    text = doc.text
    spacy_doc = make_doc(text)
    tokens = doc_tokens(spacy_doc)
    if not tokens:
        return []
    index = TokenIndex.from_tokens(tokens)
    doc_id = f"doc-{doc.row['id']}"
    span_tokens: dict[int, tuple[int, int]] = {}
    for span in doc.spans:
        found = _token_range(index, span.start, span.end)
        if found is not None and span.id is not None:
            span_tokens[span.id] = found
    events = []
    groups = list(span_tokens.values())
    for event in doc.events:
        trigger = _token_range(index, event.trigger_start, event.trigger_end)
        if trigger is None:
            continue
        arguments = [a for a in event.arguments if a.span_id in span_tokens]
        events.append((event, trigger, arguments))
        covered = [trigger] + [span_tokens[a.span_id] for a in arguments]
        groups.append((min(r[0] for r in covered), max(r[1] for r in covered)))
    windows = _windows(sentence_starts(text, tokens, spacy_doc), len(tokens), groups)
    window_of = [w for w, (ws, we) in enumerate(windows) for _ in range(ws, we)]
    words = [text[t.start : t.end] for t in tokens]

    def covered_text(first: int, last: int) -> str:
        return text[tokens[first].start : tokens[last].end]

    lines: list[dict[str, Any]] = []
    for k, (ws, we) in enumerate(windows):
        sent_id = f"{doc_id}-{k}"
        sentence = covered_text(ws, we - 1)
        lines.append({
            "doc_id": doc_id, "sent_id": sent_id, "wnd_id": sent_id, "lang": "en",
            "tokens": words[ws:we],
            "token_ids": [f"{doc_id}:{t.start}-{t.end - 1}" for t in tokens[ws:we]],
            "sentence": sentence, "text": sentence,
            "entity_mentions": [], "relation_mentions": [], "event_mentions": [],
        })
    entity_ids: dict[int, str] = {}
    for span in doc.spans:
        if span.id not in span_tokens:
            continue
        first, last = span_tokens[span.id]
        line = lines[window_of[first]]
        ws = windows[window_of[first]][0]
        entity_ids[span.id] = f"{doc_id}-s{span.id}"
        line["entity_mentions"].append({
            "id": entity_ids[span.id], "text": covered_text(first, last), "entity_type": span.label,
            "mention_type": mention_type(words[first : last + 1], span.kind), "start": first - ws, "end": last + 1 - ws,
        })
    for event, (first, last), arguments in events:
        k = window_of[first]
        ws = windows[k][0]
        out_arguments = []
        for argument in arguments:
            a_first, a_last = span_tokens[argument.span_id]
            out_arguments.append({
                "entity_id": entity_ids[argument.span_id], "text": covered_text(a_first, a_last),
                "role": argument.role, "start": a_first - ws, "end": a_last + 1 - ws,
            })
        lines[k]["event_mentions"].append({
            "id": f"{doc_id}-e{event.id}", "event_type": oneie_event_type(schema, event.type),
            "trigger": {"text": covered_text(first, last), "start": first - ws, "end": last + 1 - ws},
            "arguments": out_arguments, "modality": event.modality, "polarity": event.polarity,
        })
    return lines


def export_oneie(store: Store, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the chosen documents as OneIE JSONL to ``out`` atomically; returns how many documents."""
    options = options or ExportOptions()
    schema = store.schema
    count = 0
    with atomic_output(out) as fh:
        for doc in iter_exports(store, options):
            for line in oneie_lines(doc, schema):
                fh.write(orjson.dumps(line))
                fh.write(b"\n")
            count += 1
    return count
