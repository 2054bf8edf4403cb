"""Every suggestion pre-annotation makes, dumped to one JSON file: the check that a refactoring changed nothing.

    python bench/preannotate_dump.py OUT.json [--heldout DIR] [--per-set N]

Pre-annotates the bundled sample articles and the first ``N`` texts (default 150) of each gold
set in DIR (default ``../shared/heldout-dev`` next to the repository; skipped when missing) with
the default model and schema, through :func:`annotator.preannotate.suggest_documents` (the one
computation both the local and the cluster run use), and writes every span, event and argument
with its score, sorted keys, one document per line. Two runs of the same code give byte-identical
files; compare a dump from before a change with one from after it (``cmp``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT.parent / "shared" / "heldout-dev"
SETS = ("ontonotes-dev", "conll2003-dev", "wikievents-dev")


def texts(heldout: Path, per_set: int) -> list[tuple[str, str]]:
    """(name, text) of the samples, then of the first ``per_set`` records of each gold set."""
    from annotator.samples import sample_documents

    found = [(f"sample:{n}", doc.text) for n, doc in enumerate(sample_documents())]
    for name in SETS:
        path = heldout / f"{name}.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()][:per_set]
        found.extend((f"{name}:{r.get('id', n)}", r["text"]) for n, r in enumerate(records))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--heldout", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--per-set", type=int, default=150)
    args = parser.parse_args()

    from annotator.preannotate import Suggester, load_model, suggest_documents
    from annotator.schema import default_schema

    items = texts(args.heldout, args.per_set)
    suggester = Suggester(load_model(), default_schema())
    started = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as out:
        rows = ((n, text) for n, (_, text) in enumerate(items))
        for doc_id, spans, events in suggest_documents(suggester, rows, batch_size=32):
            record = {"doc": items[doc_id][0], "spans": [dataclasses.asdict(s) for s in spans],
                      "events": [dataclasses.asdict(e) for e in events]}
            out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
    print(json.dumps({"benchmark": "preannotate_dump", "documents": len(items),
                      "seconds": round(time.perf_counter() - started, 1), "out": str(args.out)}))


if __name__ == "__main__":
    main()
