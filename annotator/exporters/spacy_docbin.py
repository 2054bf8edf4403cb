"""spaCy DocBin (``.spacy``): what ``spacy train`` reads as its train and dev corpora.

Each document becomes a ``Doc`` tokenised by ``spacy.blank("en")`` (the tokenizer of the
English pipelines) through :func:`annotator.spacy_docs.make_doc`: ``doc.ents`` holds the
longest non-overlapping exported spans (every other token is O, not missing), and
``doc.spans["sc"]`` holds every exported span, overlaps included, for spancat. Both hold names
only, unless ``nominals`` asks for nominal mentions too. A span's knowledge-base id is its
``Span.kb_id_`` in both (so ``EntityLinker`` training data falls out). Spans are
widened to whole tokens, as spaCy cannot label part of one. Events are not written: spaCy's
DocBin has no place for them (use the native JSONL or OneIE export).

The file is what ``DocBin.to_bytes()`` writes, but streamed
(:mod:`annotator.exporters.docbin_stream`), so memory stays flat whatever the project size.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.exporters.atomic import atomic_output
from annotator.exporters.common import ExportOptions, iter_exports
from annotator.exporters.docbin_stream import ATTRS, StreamingDocBin
from annotator.spacy_docs import Tally, make_doc
from annotator.tokens import blank_english

if TYPE_CHECKING:
    from annotator.store import Store


def export_spacy(store: Store, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the chosen documents as one DocBin to ``out`` atomically; returns how many."""
    # ``import spacy`` (in blank_english) before any submodule: importing spacy.tokens first
    # while another thread imports spacy deadlocks in the import system (a partial module).
    nlp = blank_english()
    options = options or ExportOptions()
    tally = Tally()
    # Knowledge-base ids go in as ENT_KB_ID only when the project has any: the file is otherwise as before.
    with StreamingDocBin(ATTRS + ("ENT_KB_ID",) if store.has_kb_ids() else ATTRS) as docbin:
        for doc in iter_exports(store, options):
            kb_ids = {(s.start, s.end, s.label): s.kb_id for s in doc.ner_spans if s.kb_id is not None}
            docbin.add(tally.add(make_doc(nlp, doc.text, [(s.start, s.end, s.label) for s in doc.ner_spans],
                                          kb_ids=kb_ids)).doc)
        with atomic_output(out) as fh:
            docbin.write(fh)
    options.tell(tally.message(overlaps="kept in spans['sc'] only, not in doc.ents"))
    return tally.documents
