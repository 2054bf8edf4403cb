"""Every export format puts exactly the document's characters under each span, whatever the text holds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.documents import Document, Span
from annotator.exporters import FORMATS, ExportOptions, export
from annotator.exporters.brat import LINE_BREAKS
from annotator.store import open_project
from annotator.tokens import tokenize

PIECES = ["Kyiv", "Odesa", " ", "  ", "\t", "\n", "\r\n", "\r", "\x00", "😀", "👩\u200d👩\u200d👧", "🇺🇦", "e\u0301",
          "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645", "\u2028", "𝔘", ".", ",", "-", "'s"]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=3),
                min_size=1, max_size=25).map("".join).filter(lambda t: t.strip() != "")
LABELS = ["GPE", "PERSON", "ORG"]


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """A text and non-overlapping spans on token boundaries (the only spans token formats can hold)."""
    text = draw(TEXT)
    tokens = tokenize(text)
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        if draw(st.booleans()):
            j = draw(st.integers(i, min(i + 3, len(tokens) - 1)))
            spans.append((tokens[i].start, tokens[j].end, draw(st.sampled_from(LABELS))))
            i = j + 1
        else:
            i += 1
    return text, spans


def brat_pieces(text: str, start: int, end: int) -> list[str]:
    """What brat holds of a span: its parts between line breaks, without edge whitespace."""
    lines, run = [], []
    for ch in text[start:end].replace("\r\n", "\n"):
        if ch in LINE_BREAKS:
            lines.append("".join(run))
            run = []
        else:
            run.append(ch)
    lines.append("".join(run))
    return [line.strip() for line in lines if line.strip()]


def read_back(fmt: str, out: Path, original: str) -> tuple[str | None, Counter]:
    """(the text as the format stores it, or None; Counter of (label, characters under the span)).

    OneIE and CoNLL store sentences or tokens, not the text: OneIE's token ids give document offsets.
    """
    if fmt in ("jsonl", "doccano"):
        (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
        text = record["text"]
        spans = [(s["start"], s["end"], s["label"]) for s in record["spans"]] if fmt == "jsonl" else record["label"]
        if fmt == "jsonl":
            assert all(s["text"] == text[s["start"]:s["end"]] for s in record["spans"])
        return text, Counter((label, text[s:e]) for s, e, label in spans)
    if fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
        assert Counter((e.label_, e.text) for e in doc.ents) == Counter((s.label_, s.text) for s in doc.spans["sc"])
        return doc.text, Counter((s.label_, doc.text[s.start_char:s.end_char]) for s in doc.spans["sc"])
    if fmt == "brat":
        (ann,) = out.glob("*.ann")
        txt = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        found: Counter = Counter()
        for line in ann.read_text(encoding="utf-8").split("\n"):
            if line.startswith("T"):
                _, middle, quoted = line.split("\t", 2)  # brat splits twice: the text may hold tabs
                label, offsets = middle.split(" ", 1)
                pieces = [txt[int(s):int(e)] for s, e in (part.split() for part in offsets.split(";"))]
                assert " ".join(pieces) == quoted
                found[(label, tuple(pieces))] += 1
        return txt, found
    if fmt == "oneie":
        found = Counter()
        for line in out.read_bytes().splitlines():
            record = orjson.loads(line)
            for m in record["entity_mentions"]:
                first, last = record["token_ids"][m["start"]], record["token_ids"][m["end"] - 1]
                s, e = int(first.rsplit(":", 1)[1].split("-")[0]), int(last.rsplit(":", 1)[1].split("-")[1]) + 1
                assert m["text"] == original[s:e]
                found[(m["entity_type"], m["text"])] += 1
        return None, found
    if fmt == "conll":
        found, run = Counter(), None
        for line in out.read_text(encoding="utf-8").split("\n") + [""]:
            tag = line.rsplit(" ", 1)[1] if " -X- " in line else "O"
            word = line.split(" -X- ")[0]
            if run and not tag.startswith("I-"):
                found[(run[0], tuple(run[1]))] += 1
                run = None
            if tag.startswith("B-"):
                run = (tag[2:], [word])
            elif tag.startswith("I-") and run:
                run[1].append(word)
        return None, found
    raise AssertionError(f"no reader for {fmt}")


def expected(fmt: str, text: str, spans: list[tuple[int, int, str]]) -> Counter:
    if fmt == "brat":
        return Counter((label, tuple(brat_pieces(text, s, e))) for s, e, label in spans if brat_pieces(text, s, e))
    if fmt == "conll":
        return Counter((label, tuple("".join("_" if c.isspace() else c for c in text[t.start:t.end])
                                     for t in tokenize(text) if s <= t.start and t.end <= e))
                       for s, e, label in spans)
    return Counter((label, text[s:e]) for s, e, label in spans)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=text_and_spans())
@example(case=("😀 Kyiv\r\nOblast e\u0301t\u00e9 👩\u200d👩\u200d👧 Haifa\rX 🇺🇦 \u05e9\u05dc\u05d5\u05dd",
               [(2, 14, "GPE"), (0, 1, "ORG"), (15, 19, "PERSON"), (37, 41, "PERSON")]))
def test_every_format_puts_the_same_characters_under_each_span(tmp_path_factory, case) -> None:
    text, spans = case
    base = tmp_path_factory.mktemp("offsets")
    with open_project(base / "p.db") as store:
        with store.transaction():
            doc_id = store.add_document(Document(text, title="t")).doc_id
            store.insert_spans(doc_id, [Span(s, e, label, status="accepted") for s, e, label in spans])
        for fmt in FORMATS:
            out = base / f"out-{fmt}"
            assert export(store, fmt, out, ExportOptions(status="any")) == 1
            stored_text, found = read_back(fmt, out, text)
            if stored_text is not None:  # brat's .txt has LF line ends; the rest keep the text verbatim
                assert stored_text == (text.replace("\r\n", "\n").replace("\r", "\n") if fmt == "brat" else text), fmt
            assert found == expected(fmt, text, spans), fmt
