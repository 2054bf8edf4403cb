"""Choosing an id that reaches unreviewed documents at once: ms for the whole action, and its undo.

    python bench/id_propagation.py [--docs N]

Builds a project of N (default 10,000) short pre-annotated news-like documents, one in ten
naming Paris twice (both GPE suggestions, one with GeoNames' guess), the others Lyon. It then
times, through the editing session the app uses: choosing an id for Paris in the first document
(phrase -> id learned and given to about 2 * N / 10 suggestions), a second choice for Paris
(NIL, which now wins as the latest), its undo, and for comparison a relabel that teaches Paris ->
LOC and propagates it. One JSON line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.editing.operations import Changes


def main(argv: list[str]) -> int:
    from annotator import commands
    from annotator.documents import Document, Span
    from annotator.store import now, open_project

    n = int(argv[argv.index("--docs") + 1]) if "--docs" in argv else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        store = open_project(Path(tmp) / "p.db")
        with store.transaction():
            for i in range(n):
                city = "Paris" if i % 10 == 0 else "Lyon"
                text = f"Report {i}: storms hit {city} and nearby towns overnight, officials in {city} said."
                doc = store.add_document(Document(text, f"r{i}")).doc_id
                a = text.index(city)
                b = text.index(city, a + 1)
                store.insert_spans(doc, [
                    Span(a, a + len(city), "GPE", origin="model", kb_id="geonames:2988507", kb_score=0.8),
                    Span(b, b + len(city), "GPE", origin="model")])
            store.conn.execute("UPDATE documents SET preannotated_at = ?", (now(),))
        docs = list(range(1, n + 1, 10))  # those naming Paris
        out: dict[str, float | int] = {"docs": n}

        def timed(name: str, run: Callable[[], Changes]) -> None:
            start = time.perf_counter()
            changes = run()
            out[f"{name}_ms"] = round((time.perf_counter() - start) * 1000, 1)
            out[f"{name}_docs_updated"] = len(changes.other_doc_ids)

        first = commands.set_kb_id(docs[0], [store.spans(docs[0])[0].id], "geonames:4717560")
        timed("choose_id", lambda: commands.execute(store, first, annotator="ana"))
        second = commands.set_kb_id(docs[1], [store.spans(docs[1])[0].id], "NIL")
        timed("choose_again", lambda: commands.execute(store, second, annotator="ana"))
        timed("undo", lambda: commands.undo(store, second, annotator="ana"))
        relabel = commands.relabel(docs[2], [store.spans(docs[2])[1].id], "LOC")
        timed("relabel_for_comparison", lambda: commands.execute(store, relabel, annotator="ana"))
        store.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
