"""The streamed DocBin file is exactly what spaCy's own ``DocBin.to_bytes()`` writes.

The export spills each document to temporary files instead of holding a DocBin (flat memory
on large projects); spaCy must not be able to tell the difference.
"""

from __future__ import annotations

import io
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.exporters.docbin_stream import ATTRS, StreamingDocBin
from annotator.spacy_docs import make_doc
from annotator.tokens import blank_english

WORDS = st.sampled_from(["Kyiv", "drones", "NATO", "e\u0301", "🇺🇦", "\n", "  ", "said", "."])
LABELS = st.sampled_from(["GPE", "WEAPON", "ORG"])


@st.composite
def labelled(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = " ".join(draw(st.lists(WORDS, max_size=12)))
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        if len(text) < 1:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append((start, end, draw(LABELS)))
    return text, spans


@settings(max_examples=40, deadline=None)
@given(st.lists(labelled(), max_size=20))
def test_streamed_file_equals_spacy_docbin(documents: list[tuple[str, list[tuple[int, int, str]]]]) -> None:
    from spacy.tokens import DocBin

    nlp = blank_english()
    reference = DocBin(attrs=ATTRS)
    out = io.BytesIO()
    with StreamingDocBin() as streamed:
        for text, spans in documents:
            doc = make_doc(nlp, text, spans).doc
            reference.add(doc)
            streamed.add(doc)
        streamed.write(out)
    assert zlib.decompress(out.getvalue()) == zlib.decompress(reference.to_bytes())
    loaded = list(DocBin().from_bytes(out.getvalue()).get_docs(nlp.vocab))
    assert [d.text for d in loaded] == [t for t, _ in documents]
