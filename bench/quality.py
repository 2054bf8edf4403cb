"""Pre-annotation quality on held-out development sets: ours against plain spaCy, and calibration.

    python bench/quality.py [--heldout DIR] [--sets ontonotes-dev,conll2003-dev,wikievents-dev]

DIR defaults to ``../shared/heldout-dev`` next to the repository (a folder of gold JSONL files
with the scorer ``score.py`` and the plain-spaCy ``baseline.py``); without it this prints a
message and exits 0. For each set the texts go through what a user runs (import, pre-annotate,
export JSONL with suggestions) and the export is scored by the folder's own ``score.py``; the
plain model's entities are scored the same way. One JSON line per set::

    {"set": ..., "ours": {f, p, r, effort_ratio, per_label} | {trigger_f, arg_recall, ...},
     "plain": {...}, "worst_label_gap": ours - plain F1 of the label that lost most}

and one line ``{"calibration": ...}`` for the first entity set: the precision of the suggested
spans per score bucket (a score should mean what it says: of the spans scored 0.7-0.8, about
three in four are right); for an event set, ``{"event_calibration": ...}``: trigger precision per
event score.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT.parent / "shared" / "heldout-dev"
SETS = ("ontonotes-dev", "conll2003-dev", "wikievents-dev")
BUCKETS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 1.01)  # the last bucket is "certain" (>= 0.99)


def _score(folder: Path, gold: Path, export: Path) -> dict[str, Any]:
    """The folder's own scorer on one export."""
    out = subprocess.run([sys.executable, str(folder / "score.py"), str(gold), str(export)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _ours(gold: Path, work: Path, nlp: Any) -> tuple[Path, float, int]:
    """Import the gold set's texts, pre-annotate and export as a user would: (export, seconds, docs)."""
    from annotator.exporters import export
    from annotator.exporters.common import parse_options
    from annotator.importers import import_paths
    from annotator.preannotate import preannotate
    from annotator.store import open_project

    source = work / f"{gold.stem}.in.jsonl"
    with gold.open(encoding="utf-8") as fh, source.open("w", encoding="utf-8") as out:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out.write(json.dumps({"text": record["text"], "meta": {"gold_id": record["id"]}}) + "\n")
    store = open_project(work / f"{gold.stem}.db")
    with store:
        import_paths(store, [source])
        started = time.perf_counter()
        report = preannotate(store, nlp=nlp)
        seconds = time.perf_counter() - started
        target = work / f"{gold.stem}.out.jsonl"
        export(store, "jsonl", target, parse_options(store, status="any", suggestions=True))
    return target, seconds, report.documents


def _plain(folder: Path, gold: Path, work: Path) -> Path:
    target = work / f"{gold.stem}.plain.jsonl"
    subprocess.run([sys.executable, str(folder / "baseline.py"), str(gold), str(target)], check=True,
                   capture_output=True)
    return target


def calibration(gold: Path, export: Path) -> list[dict[str, Any]]:
    """Precision of exported suggested spans per score bucket (exact offsets and label)."""
    truth = {json.loads(line)["text"]: {tuple(s) for s in json.loads(line)["spans"]}
             for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    counts = [[0, 0] for _ in BUCKETS[:-1]]
    unscored = 0
    for line in export.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        gold_spans = truth.get(record["text"], set())
        labels = {label for _, _, label in gold_spans} or None
        for span in record.get("spans", []):
            if labels is not None and span["label"] not in labels:
                continue
            score = span.get("score")
            if score is None:
                unscored += 1
                continue
            bucket = next(i for i in range(len(BUCKETS) - 1) if score < BUCKETS[i + 1])
            counts[bucket][0] += 1
            counts[bucket][1] += (span["start"], span["end"], span["label"]) in gold_spans
    rows = [{"bucket": f"{BUCKETS[i]:.2f}-{min(BUCKETS[i + 1], 1.0):.2f}", "n": n,
             "precision": round(ok / n, 3) if n else None} for i, (n, ok) in enumerate(counts)]
    rows.append({"bucket": "unscored", "n": unscored, "precision": None})
    return rows


def event_calibration(gold: Path, export: Path) -> list[dict[str, Any]]:
    """Trigger precision of exported suggested events per score (type and overlapping trigger)."""
    truth = {json.loads(line)["text"]: json.loads(line)["events"]
             for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    types = {e["type"] for events in truth.values() for e in events}
    counts: dict[float, list[int]] = {}
    for line in export.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        gold_events = truth.get(record["text"], [])
        for event in record.get("events", []):
            if event["type"] not in types or event.get("score") is None:
                continue
            start, end = event["trigger"]["start"], event["trigger"]["end"]
            right = any(g["type"] == event["type"] and g["trigger"][0] < end and start < g["trigger"][1]
                        for g in gold_events)
            row = counts.setdefault(round(event["score"], 2), [0, 0])
            row[0] += 1
            row[1] += right
    return [{"score": score, "n": n, "precision": round(ok / n, 3)} for score, (n, ok) in sorted(counts.items())]


def _figures(result: dict[str, Any]) -> dict[str, Any]:
    keep = ("f", "p", "r", "effort_ratio", "per_label", "trigger_f", "trigger_p", "trigger_r", "arg_recall")
    return {k: result[k] for k in keep if k in result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heldout", type=Path, default=DEFAULT_DIR, help="folder of the development sets")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    args = parser.parse_args(argv)
    folder: Path = args.heldout
    if not (folder / "score.py").is_file():
        print(f"No development sets at {folder} (needs score.py and the gold JSONL files); nothing to measure.")
        return 0
    from annotator.preannotate import load_model

    nlp = load_model()
    calibrated = False
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
            gold = folder / f"{name}.jsonl"
            if not gold.is_file():
                print(json.dumps({"set": name, "error": f"no {gold}"}))
                continue
            export, seconds, docs = _ours(gold, work, nlp)
            ours = _score(folder, gold, export)
            line: dict[str, Any] = {"set": name, "docs": docs, "ours": _figures(ours),
                                    "preannotate_docs_per_s": round(docs / seconds, 1) if seconds else None}
            if "per_label" in ours:
                plain = _score(folder, gold, _plain(folder, gold, work))
                line["plain"] = _figures(plain)
                gaps = {label: round(ours["per_label"].get(label, 0.0) - f1, 3)
                        for label, f1 in plain["per_label"].items()}
                worst = min(gaps, key=gaps.get)
                line["worst_label_gap"] = {worst: gaps[worst]}
            print(json.dumps(line), flush=True)
            if "trigger_f" in ours:
                print(json.dumps({"set": name, "event_calibration": event_calibration(gold, export)}), flush=True)
            if "per_label" in ours and not calibrated:
                print(json.dumps({"set": name, "calibration": calibration(gold, export)}), flush=True)
                calibrated = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
