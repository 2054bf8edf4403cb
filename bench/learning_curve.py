"""A simulated analyst: does the learning loop make the suggestions of the remaining documents better?

    python bench/learning_curve.py [--heldout DIR] [--seed 0] [--every 10] [--steps 5] [--epochs 10] [--no-learn]

Reads DIR/conll2003-dev.jsonl (default ``../shared/heldout-dev``, beside the repository) into a
project in a temp folder with a schema of CoNLL's four labels (PER ORG LOC MISC, mapped from the
model's labels by the schema's ``map``), pre-annotates it with the base model, then corrects the
suggestions of one document after another (in a seeded order) to the gold labels through the
editing session the app uses (accept, relabel, move a boundary, reject, label by hand, accept all
and mark done). After every ``--every`` documents it runs the loop as ``annotator learn`` does
(train, judge on held-back done documents, adopt if not worse, re-suggest the unreviewed ones).
Prints one JSON line per step: documents done, the effort ratio (the heldout scorer's ``effort``:
actions from scratch / actions to correct the suggestions) and micro F1 on the documents not yet
reviewed, whether the step's model was adopted, and the seconds training and re-suggesting took.
``--no-learn`` runs the same analyst without the loop, so the share of the correction memory
(which learns from the same corrections) shows apart from the model's.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT.parent / "shared" / "heldout-dev"

from annotator.documents import Document  # noqa: E402
from annotator.editing import operations as ops  # noqa: E402
from annotator.editing.session import EditingSession  # noqa: E402
from annotator.errors import AnnotatorError  # noqa: E402
from annotator.learning import LearnOptions, learn  # noqa: E402
from annotator.preannotate import load_model, preannotate  # noqa: E402
from annotator.schema import Schema  # noqa: E402
from annotator.store import Store, open_project  # noqa: E402

# The heldout scorer's mapping (score.py's CONLL), as the project schema's map.
CONLL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
             "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}
SCHEMA = {"name": "conll2003", "labels": [
    {"name": "PER", "key": "p", "color": "#1f77b4"}, {"name": "ORG", "key": "o", "color": "#ff7f0e"},
    {"name": "LOC", "key": "l", "color": "#2ca02c"}, {"name": "MISC", "key": "m", "color": "#9467bd"}],
    "map": {**{label: None for label in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                                          "WEAPON")}, **CONLL_MAP}, "events": [], "common_roles": []}
Gold = set[tuple[int, int, str]]


def build(path: Path, records: list[dict[str, Any]]) -> tuple[Store, dict[int, Gold]]:
    """A project of the records, with the four-label schema, pre-annotated by the base model."""
    store = open_project(path)
    store.set_schema(Schema.from_dict(SCHEMA))
    gold: dict[int, Gold] = {}
    with store.transaction():
        for record in records:
            doc_id = store.add_document(Document(record["text"], title=record["id"])).doc_id
            gold[doc_id] = {(s, e, label) for s, e, label in record["spans"]}
    preannotate(store, nlp=load_model())
    return store, gold


def correct(session: EditingSession, store: Store, doc_id: int, gold: Gold) -> None:
    """Make the document's spans the gold ones, as an analyst would, then accept all and mark it done."""
    left = set(gold)
    for span in store.spans(doc_id):
        if span.status != "suggested" or span.id is None:
            continue
        key = (span.start, span.end, span.label)
        same = [g for g in left if (g[0], g[1]) == (span.start, span.end)]
        overlap = [g for g in left if g[0] < span.end and span.start < g[1] and g[2] == span.label]
        try:
            if key in left:
                left.discard(key)
            elif same:
                session.run(ops.relabel(doc_id, [span.id], same[0][2]))
                left.discard(same[0])
            elif overlap:
                session.run(ops.move_span(doc_id, span.id, overlap[0][0], overlap[0][1]))
                left.discard(overlap[0])
            else:
                session.run(ops.reject(doc_id, [span.id]))
        except AnnotatorError:
            session.run(ops.reject(doc_id, [span.id]))
    for start, end, label in sorted(left):
        try:
            session.run(ops.AddSpan(doc_id, start, end, label))
        except AnnotatorError:
            pass  # e.g. a range the tokens cannot hold: the analyst moves on
    session.run(ops.finish_document(store, doc_id))


def measure(store: Store, gold: dict[int, Gold], remaining: list[int], effort: Any, score: Any) -> dict[str, Any]:
    """Effort ratio and micro F1 of the remaining documents' suggestions against their gold."""
    labels = {label for spans in gold.values() for _, _, label in spans}
    scratch = fixing = 0
    predicted: set[tuple[Any, ...]] = set()
    expected: set[tuple[Any, ...]] = set()
    for doc_id in remaining:
        pred = {(s.start, s.end, s.label) for s in store.spans(doc_id) if s.status != "rejected" and s.label in labels}
        a, b = effort(pred, gold[doc_id])
        scratch, fixing = scratch + a, fixing + b
        predicted |= {(doc_id, *p) for p in pred}
        expected |= {(doc_id, *g) for g in gold[doc_id]}
    return {"effort_ratio": round(scratch / fixing, 3) if fixing else None,
            "f1": score(predicted, expected)["f"], "documents_left": len(remaining)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heldout", type=Path, default=DEFAULT_DIR, help="folder holding conll2003-dev.jsonl")
    parser.add_argument("--seed", type=int, default=0, help="the analyst's order, held-back documents, training")
    parser.add_argument("--every", type=int, default=10, help="documents done between two rounds of the loop")
    parser.add_argument("--steps", type=int, default=5, help="rounds of the loop")
    parser.add_argument("--epochs", type=int, default=10, help="training epochs per round (as annotator learn)")
    parser.add_argument("--rehearse", type=float, default=1.0, help="rehearsal documents per training document")
    parser.add_argument("--docs", type=int, default=0, help="use only the first N documents (0: all)")
    parser.add_argument("--no-learn", action="store_true",
                        help="the same analyst without the loop: what the correction memory alone does")
    args = parser.parse_args()
    source = args.heldout / "conll2003-dev.jsonl"
    if not source.is_file():
        print(json.dumps({"benchmark": "learning_curve", "skipped": f"{source} not found"}))
        return 0
    sys.path.insert(0, str(args.heldout))
    from _score_lib import effort, score_entities  # the heldout folder's own definitions

    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = records[: args.docs] if args.docs else records
    with tempfile.TemporaryDirectory() as tmp:
        store, gold = build(Path(tmp) / "curve.db", records)
        order = list(gold)
        random.Random(args.seed).shuffle(order)
        session = EditingSession(store, annotator="simulated")
        options = LearnOptions(every=args.every, epochs=args.epochs, seed=args.seed, rehearse=args.rehearse)
        step = {"benchmark": "learning_curve", "seed": args.seed, "done": 0, "model": None, "adopted": None,
                "train_seconds": 0.0, "resuggest_seconds": 0.0}
        print(json.dumps({**step, **measure(store, gold, order, effort, score_entities)}), flush=True)
        for n in range(1, args.steps + 1):
            for doc_id in order[(n - 1) * args.every: n * args.every]:
                correct(session, store, doc_id, gold[doc_id])
            started = time.monotonic()
            report, resuggested = (None, 0) if args.no_learn else learn(store, options)
            total = time.monotonic() - started
            train_seconds = report.seconds if report is not None else 0.0
            step = {**step, "done": n * args.every, "model": report.number if report else None,
                    "adopted": report.adopted if report else None,
                    "held_out_f1": [report.previous_f1, report.f1] if report else None,
                    "resuggested": resuggested, "train_seconds": round(train_seconds, 1),
                    "resuggest_seconds": round(total - train_seconds, 1)}
            print(json.dumps({**step, **measure(store, gold, order[n * args.every:], effort, score_entities)}),
                  flush=True)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
