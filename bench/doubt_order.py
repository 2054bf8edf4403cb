"""The document list most doubtful first, on a project of 10,000 documents: ms to read the list.

    python bench/doubt_order.py [--docs 10000] [--suggestions 30] [--quick]   (also bench/run.py --only doubt_order)

Builds a project of ``--docs`` documents with ``--suggestions`` scored model suggestions each
(a third of them already accepted or rejected), then times reading the document list's ids the
way the window does (``ui.models.DocumentRows.query``), in the usual order (the baseline: what the
list costs today) and most doubtful first (one aggregate query plus a sort,
:mod:`annotator.doubt`). For scale, it also times the per-document loop the aggregate replaces
(each document's spans read and their lowest score taken in Python). Best of five runs each.
Prints one JSON line; ``ratio`` is, as in bench/run.py, our speed over the baseline's: the usual
order's time over the doubtful order's (the doubtful order reads more, so it is below 1).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ("strike", "missile", "forces", "said", "city", "region", "drone", "talks", "minister", "border")


def _best_ms(run: Callable[[], Any], times: int = 5) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(times):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 2), result


def run(n_docs: int, per_doc: int = 30, *, quick: bool = False) -> dict[str, Any]:
    """Build the project in a temporary folder, time the three ways of ordering it; the figures."""
    from annotator.documents import Document, Span
    from annotator.doubt import ordered_ids
    from annotator.store import open_project
    from ui.models import DocumentRows

    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_project(Path(tmp) / "doubt.db")
        with store.transaction():
            for i in range(n_docs):
                text = " ".join(rng.choice(WORDS) for _ in range(300)) + f" (document {i})"
                doc_id = store.add_document(Document(text, f"Document {i}")).doc_id
                spans = [Span(k * 10, k * 10 + 6, "GPE", origin="model", score=round(rng.random(), 3),
                              status=rng.choice(("suggested", "suggested", "accepted", "rejected")))
                         for k in range(per_doc)]
                store.insert_spans(doc_id, spans)

        def per_document_loop() -> list[int]:
            lowest = {}
            for doc_id in store.matching_ids():
                scores = [s.score for s in store.spans(doc_id) if s.status == "suggested" and s.score is not None]
                if scores:
                    lowest[doc_id] = min(scores)
            return sorted(lowest, key=lowest.__getitem__)

        usual_ms, usual = _best_ms(lambda: DocumentRows.query(store))
        doubt_ms, doubt = _best_ms(lambda: DocumentRows.query(store, order="doubt"))
        aggregate_ms, _ = _best_ms(lambda: store.pending_scores())
        core_ms, _ = _best_ms(lambda: ordered_ids(store, order="doubt"))
        loop_ms, _ = _best_ms(per_document_loop, times=2 if quick else 1)
        assert sorted(doubt.ids) == list(usual.ids)
        store.close()
    return {
        "documents": n_docs, "suggestions_per_document": per_doc,
        "usual_order_ms": usual_ms, "doubt_order_ms": doubt_ms, "aggregate_query_ms": aggregate_ms,
        "ordered_ids_ms": core_ms, "per_document_loop_ms": loop_ms,
        "ratio": round(usual_ms / doubt_ms, 3), "speedup_over_loop": round(loop_ms / doubt_ms, 1),
    }


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    n_docs = int(argv[argv.index("--docs") + 1]) if "--docs" in argv else (2_000 if quick else 10_000)
    per_doc = int(argv[argv.index("--suggestions") + 1]) if "--suggestions" in argv else 30
    print(json.dumps({"name": "doubt_order", **run(n_docs, per_doc, quick=quick)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
