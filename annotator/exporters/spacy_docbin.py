"""spaCy DocBin (``.spacy``): what ``spacy train`` reads as its train and dev corpora.

Each document becomes a ``Doc`` tokenised by ``spacy.blank("en")`` (the tokenizer of the
English pipelines) through :func:`annotator.spacy_docs.make_doc`: ``doc.ents`` holds the
longest non-overlapping exported spans (every other token is O, not missing), and
``doc.spans["sc"]`` holds every exported span, overlaps included, for spancat. Spans are
widened to whole tokens, as spaCy cannot label part of one. Events are not written: spaCy's
DocBin has no place for them (use the native JSONL or OneIE export).

A DocBin keeps its arrays in memory until it is written, so peak memory grows with the
project; ``spacy train`` reads a folder of ``.spacy`` files as one corpus, so a very large
project can be exported with ``--split`` per part or in several runs with ``--annotator``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.exporters.atomic import atomic_output
from annotator.exporters.common import ExportOptions, iter_exports
from annotator.spacy_docs import make_doc
from annotator.tokens import blank_english

if TYPE_CHECKING:
    from annotator.store import Store


def export_spacy(store: Store, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the chosen documents as one DocBin to ``out`` atomically; returns how many."""
    # ``import spacy`` (in blank_english) before any submodule: importing spacy.tokens first
    # while another thread imports spacy deadlocks in the import system (a partial module).
    nlp = blank_english()
    from spacy.tokens import DocBin

    options = options or ExportOptions()
    docbin = DocBin(store_user_data=False)
    count = 0
    for doc in iter_exports(store, options):
        docbin.add(make_doc(nlp, doc.text, [(s.start, s.end, s.label) for s in doc.spans]).doc)
        count += 1
    with atomic_output(out) as fh:
        fh.write(docbin.to_bytes())
    return count
