"""Pre-annotation (model + rules) finds the seed article's gold entities at least as well as plain en_core_web_sm."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.evaluate import Evaluation, evaluate, read_spans_jsonl
from annotator.importers import import_paths
from annotator.preannotate import preannotate, resolve_model
from annotator.schema import default_schema
from annotator.store import open_project

DATA = Path(__file__).parents[1] / "data"
ARTICLE = DATA / "kyiv-strike.txt"  # a copy of /work/shared/samples/kyiv-strike.txt
GOLD = DATA / "kyiv-strike.gold.jsonl"


def _table(name: str, result: Evaluation) -> str:
    o = result.overall
    lines = [f"{name}: P={o.precision:.3f} R={o.recall:.3f} F={o.f1:.3f} (tp={o.tp} fp={o.fp} fn={o.fn})"]
    for label, s in sorted(result.per_label.items()):
        lines.append(f"  {label:9} P={s.precision:.3f} R={s.recall:.3f} F={s.f1:.3f}")
    return "\n".join(lines)


def test_gold_file_is_consistent() -> None:
    """Every gold span points at its text, is token-aligned and uses a schema label."""
    import orjson
    import spacy

    text = ARTICLE.read_text(encoding="utf-8")
    doc = spacy.blank("en")(text)
    labels = set(default_schema().names)
    records = [orjson.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) == len(read_spans_jsonl(GOLD)) > 0
    for r in records:
        assert text[r["start"] : r["end"]] == r["text"], r
        assert r["label"] in labels, r
        assert doc.char_span(r["start"], r["end"]) is not None, f"not token-aligned: {r}"
    ordered = sorted(records, key=lambda r: r["start"])
    assert all(a["end"] <= b["start"] for a, b in zip(ordered, ordered[1:])), "gold spans overlap"


@pytest.mark.model
def test_ours_at_least_as_good_as_plain_model(tmp_path: Path) -> None:
    import spacy

    store = open_project(tmp_path / "project.db")
    with store:
        report = import_paths(store, [ARTICLE])
        assert report.added == 1 and report.ok
        preannotate(store)
        (doc_id,) = store.document_ids()
        text = store.document(doc_id).text
        ours = {(s.start, s.end, s.label) for s in store.spans(doc_id)}
        schema = store.schema
    assert text == ARTICLE.read_text(encoding="utf-8")

    nlp = spacy.load(resolve_model())
    plain = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents if schema.get(e.label_) is not None}

    gold = read_spans_jsonl(GOLD)
    ours_eval, plain_eval = evaluate(gold, ours), evaluate(gold, plain)
    summary = _table("ours", ours_eval) + "\n" + _table("plain", plain_eval)
    assert ours_eval.overall.f1 >= plain_eval.overall.f1, summary
    assert ours_eval.overall.recall >= plain_eval.overall.recall, summary
