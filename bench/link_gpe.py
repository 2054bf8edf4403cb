"""GeoNames ids for the gold GPE spans of ontonotes-dev: how many get one, and how many are right.

    python bench/link_gpe.py [--heldout DIR] [--sample]

DIR defaults to ``../shared/heldout-dev`` next to the repository (its ``ontonotes-dev.jsonl``:
``{"id", "text", "spans": [[start, end, label]]}``, code-point offsets); without it this prints a
message and exits 0. Two ways of giving a gold GPE span an id are measured:

* end to end: the texts go through what a user runs (import into a new project, pre-annotate
  with the default model as ``annotator preannotate`` loads it, export JSONL with suggestions);
  a gold span counts if a suggested span with the same boundaries carries an id;
* the linker on gold spans: :func:`annotator.preannotate.linking.link_places` handed each
  article's text and all its gold spans (so the other gold places are its context).

The hand check: every gold GPE span, ordered by (document index, start, end), is shuffled with
``random.Random(SEED)``; the first ``SAMPLE`` of them in that order that the linker on gold spans
gives an id are the sample. Each was judged by reading its context; the verdicts are in
``bench/data/link_gpe_verdicts.jsonl`` (document index and id, offsets, the id proposed then,
"right" or "wrong", and for a wrong one the right id or "NIL" and why; no text of the data). A span
may have several lines, one per id it was proposed at a check; the line of the id it gets now counts.
Drawing the sample from a fixed shuffle of all gold spans keeps it stable when the linker
changes: only spans that gain or lose an id move in or out. The bench re-derives the sample and
warns (on stderr, without failing) about every item whose verdict is missing or whose id has
changed since the check; those items are left out of the count. ``--sample`` prints the sample
as JSON lines (document index, id, offsets, proposed id) to start a new check.

One JSON line per figure: ``gold_gpe_spans``, ``gpe_id_end_to_end``, ``gpe_id_linker_on_gold``
and ``gpe_id_hand_check``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT.parent / "shared" / "heldout-dev"
VERDICTS = ROOT / "bench" / "data" / "link_gpe_verdicts.jsonl"
SEED = 17  # issue 17
SAMPLE = 100

Key = tuple[int, int, int]  # (document index in the file, start, end)


def _gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def end_to_end(records: list[dict[str, Any]], work: Path) -> dict[Key, str]:
    """(doc index, start, end) -> id of every suggested span with an id, after import, preannotate, export."""
    from annotator.exporters import export
    from annotator.exporters.common import parse_options
    from annotator.importers import import_paths
    from annotator.preannotate import load_model, preannotate
    from annotator.store import open_project

    source = work / "in.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for index, record in enumerate(records):
            out.write(json.dumps({"text": record["text"], "meta": {"gold_index": index}}) + "\n")
    by_text: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        by_text.setdefault(record["text"], []).append(index)
    target = work / "out.jsonl"
    with open_project(work / "p.db") as store:
        import_paths(store, [source])
        preannotate(store, nlp=load_model())  # a new project has no adopted model: the default one
        export(store, "jsonl", target, parse_options(store, status="any", suggestions=True))
    ids: dict[Key, str] = {}
    for line in target.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for index in by_text.get(record["text"], []):  # an identical text twice gets the same suggestions
            for span in record.get("spans", []):
                if span.get("kb_id"):
                    ids[(index, span["start"], span["end"])] = span["kb_id"]
    return ids


def on_gold(records: list[dict[str, Any]]) -> dict[Key, str]:
    """(doc index, start, end) -> id the linker gives each gold GPE span, the article's gold spans as context."""
    from annotator.documents import Span
    from annotator.preannotate.linking import link_places

    ids: dict[Key, str] = {}
    for index, record in enumerate(records):
        spans = [Span(start, end, label) for start, end, label in record["spans"]]
        for span in link_places(record["text"], spans):
            if span.label == "GPE" and span.kb_id is not None:
                ids[(index, span.start, span.end)] = span.kb_id
    return ids


def sample(gpe: list[Key], linked: dict[Key, str]) -> list[Key]:
    """The hand-check sample: the first ``SAMPLE`` linked spans of a seeded shuffle of all gold GPE spans."""
    order = sorted(gpe)
    random.Random(SEED).shuffle(order)
    return [key for key in order if key in linked][:SAMPLE]


def hand_check(records: list[dict[str, Any]], drawn: list[Key], linked: dict[Key, str],
               path: Path = VERDICTS) -> dict[str, Any]:
    """Right/checked over the sample, from the recorded verdicts; warns about items that no longer match."""
    verdicts: dict[Key, dict[str, dict[str, Any]]] = {}  # span -> proposed id -> verdict
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                v = json.loads(line)
                verdicts.setdefault((v["doc_index"], v["start"], v["end"]), {})[v["proposed"]] = v
    right = wrong = 0
    stale = []
    for key in drawn:
        v = verdicts.get(key, {}).get(linked[key])
        if v is None or v["doc_id"] != records[key[0]]["id"]:
            stale.append((key, ", ".join(sorted(verdicts.get(key, {}))) or None, linked[key]))
            continue
        right += v["verdict"] == "right"
        wrong += v["verdict"] == "wrong"
    for key, was, now in stale:
        print(f"warning: sample item doc {key[0]} [{key[1]}, {key[2]}) "
              + ("has no verdict" if was is None else f"was checked as {was}, now gets {now}")
              + f" ({path.name}); left out of the count", file=sys.stderr)
    checked = right + wrong
    return {"name": "gpe_id_hand_check", "seed": SEED, "sample": len(drawn), "checked": checked,
            "right": right, "wrong": wrong, "precision": round(right / checked, 3) if checked else None,
            "stale": len(stale)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heldout", type=Path, default=DEFAULT_DIR, help="folder of the development sets")
    parser.add_argument("--sample", action="store_true", help="print the hand-check sample and stop")
    args = parser.parse_args(argv)
    gold_path: Path = args.heldout / "ontonotes-dev.jsonl"
    if not gold_path.is_file():
        print(f"No {gold_path}; nothing to measure.")
        return 0
    records = _gold(gold_path)
    gpe = [(index, start, end) for index, record in enumerate(records)
           for start, end, label in record["spans"] if label == "GPE"]
    linked = on_gold(records)
    drawn = sample(gpe, linked)
    if args.sample:
        for key in drawn:
            print(json.dumps({"doc_index": key[0], "doc_id": records[key[0]]["id"], "start": key[1],
                              "end": key[2], "proposed": linked[key]}))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        suggested = end_to_end(records, Path(tmp))
    total = len(gpe)
    e2e = [key for key in gpe if key in suggested]
    agree = sum(suggested[key] == linked.get(key) for key in e2e)
    print(json.dumps({"name": "gold_gpe_spans", "documents": len(records), "spans": total}))
    print(json.dumps({"name": "gpe_id_end_to_end", "with_id": len(e2e), "share": round(len(e2e) / total, 3),
                      "same_id_as_linker_on_gold": agree}))
    print(json.dumps({"name": "gpe_id_linker_on_gold", "with_id": len(linked),
                      "share": round(len(linked) / total, 3)}))
    print(json.dumps(hand_check(records, drawn, linked)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
