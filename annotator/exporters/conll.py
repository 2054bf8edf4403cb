"""CoNLL-2003-style NER columns: one token per line, IOB2 tags, what NER trainers have read for 20 years.

Layout, as spaCy's ``conll_ner_to_docs`` converter, flair and Hugging Face's conll2003 loader read it::

    -DOCSTART- -X- O O

    Russian -X- _ B-NORP
    drones -X- _ O
    ...

* ``-DOCSTART- -X- O O`` opens every document. That is spaCy's delimiter, which its converter
  matches exactly; the original CoNLL-2003 files write ``-DOCSTART- -X- -X- O``, which spaCy
  would read as a token, while every other reader only looks at the first column.
* Four columns: token, ``-X-`` (no part of speech), ``_`` (no chunk), tag; readers take the
  first column as the word and the last as the tag.
* Tokens are spaCy's English tokens (``spacy.blank("en")``); whitespace tokens are dropped, and
  whitespace inside a token (rare) becomes ``_`` so the columns stay intact.
* Tags are IOB2 over ``doc.ents`` as :func:`annotator.spacy_docs.make_doc` builds them: the
  longest non-overlapping spans, widened to whole tokens; overlapping shorter spans cannot be
  written in IOB and are left out (the spaCy DocBin keeps them in ``spans["sc"]``). Names only,
  unless ``nominals`` asks for nominal mentions too.
* A blank line ends each sentence. Sentences come from spaCy's rule-based sentencizer, also
  split at blank lines, and are joined where an entity crosses them, so no sentence opens
  with ``I-``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.exporters.atomic import atomic_output
from annotator.exporters.common import DocumentExport, ExportOptions, iter_exports
from annotator.exporters.oneie import sentence_starts
from annotator.spacy_docs import Tally, make_doc
from annotator.tokens import blank_english, doc_tokens

if TYPE_CHECKING:
    from annotator.store import Store

DOCSTART = "-DOCSTART- -X- O O"


def _column(word: str) -> str:
    return "".join("_" if ch.isspace() else ch for ch in word) if any(ch.isspace() for ch in word) else word


def conll_lines(doc: DocumentExport, tally: Tally | None = None) -> Iterator[str]:
    """The lines of one document, each without its line end (blank lines as ``""``)."""
    conversion = make_doc(blank_english(), doc.text, [(s.start, s.end, s.label) for s in doc.ner_spans])
    spacy_doc = (tally.add(conversion) if tally is not None else conversion).doc
    words = [t for t in spacy_doc if not t.is_space]
    tags = ["O"] * len(spacy_doc)
    for ent in spacy_doc.ents:
        inside = [t.i for t in ent if not t.is_space]
        for k, i in enumerate(inside):
            tags[i] = f"{'B' if k == 0 else 'I'}-{ent.label_}"
    starts = set(sentence_starts(doc.text, doc_tokens(spacy_doc), spacy_doc))
    yield DOCSTART
    yield ""
    for n, token in enumerate(words):
        tag = tags[token.i]
        if n and n in starts and not tag.startswith("I-"):
            yield ""
        yield f"{_column(token.text)} -X- _ {tag}"
    if words:
        yield ""


def export_conll(store: Store, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the chosen documents as CoNLL IOB2 to ``out`` atomically; returns how many."""
    options = options or ExportOptions()
    tally = Tally()
    with atomic_output(out) as fh:
        for doc in iter_exports(store, options):
            fh.write("".join(line + "\n" for line in conll_lines(doc, tally)).encode("utf-8"))
    options.tell(tally.message(overlaps="left out (IOB has no overlaps)"))
    return tally.documents
