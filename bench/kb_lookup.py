"""Typeahead candidate lookup with an actor list of 100,000 entries: ms per lookup.

    python bench/kb_lookup.py [--quick]

Builds a project with a synthetic actor list (names made of random syllables, two aliases each,
imported through ``annotator kb import``), then times :func:`annotator.kb.candidates` (GeoNames
places of the name + actor-list FTS5 prefix search + NIL) for prefixes an analyst types. The
baseline is the raw FTS5 query alone on the same table (sqlite3, no Annotator code); ``ratio`` is
ours over the baseline. One JSON line; the target in issue 17 is under 50 ms per lookup.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = ["ka", "ro", "mi", "dan", "el", "sha", "tor", "vi", "lu", "ber", "qa", "zen", "ol", "ash", "ny"]


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(rng.randint(1, 3)))


def main(argv: list[str]) -> int:
    from annotator.kb import candidates, import_actor_list
    from annotator.store import fts_query, open_project

    quick = "--quick" in argv
    n = 100_000
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "actors.csv"
        with open(csv_path, "w", encoding="utf-8") as fh:
            fh.write("id,name,aliases,type,description\n")
            for i in range(n):
                fh.write(f"a:{i},{_name(rng)},{_name(rng)}|{_name(rng)},ORG,synthetic entry {i}\n")
        with open_project(folder / "p.db") as store:
            import_actor_list(store, csv_path)
            queries = [_name(rng)[: rng.randint(3, 8)] for _ in range(30 if quick else 200)] + ["Paris", "Kyiv"]
            candidates(store, "warm")
            ours = []
            for q in queries:
                started = time.perf_counter()
                candidates(store, q)
                ours.append((time.perf_counter() - started) * 1000)
        raw = sqlite3.connect(folder / "p.db")
        base = []
        for q in queries:
            started = time.perf_counter()
            raw.execute("SELECT e.kb_id, e.name FROM kb_entries_fts f JOIN kb_entries e ON e.id = f.rowid"
                        " WHERE kb_entries_fts MATCH ? ORDER BY f.rank LIMIT 20", (fts_query(q),)).fetchall()
            base.append((time.perf_counter() - started) * 1000)
        raw.close()
    median, baseline = statistics.median(ours), statistics.median(base)
    print(json.dumps({"benchmark": "kb_candidates_100k", "entries": n, "lookups": len(queries),
                      "median_ms": round(median, 3), "max_ms": round(max(ours), 3),
                      "baseline_median_ms": round(baseline, 3), "ratio": round(median / baseline, 2)}))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1:]))
