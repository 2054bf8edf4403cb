"""doccano sequence-labelling JSONL: one document per line, what doccano's "Import Dataset" reads.

``{"text": "...", "label": [[start, end, "LABEL"], ...], "meta": {...}}``, the layout of
doccano's own sequence-labelling example (``data_import/pipeline/examples/sequence_labeling``):
``label`` is the default label column, offsets are code points with ``end`` exclusive (doccano
counts Python characters too). doccano keeps every other key as the example's metadata, so
``meta`` (the document's id, title, status, annotator and imported meta) survives a round trip.
doccano labels spans only: events are not written, and nominal mentions only with ``nominals``. Overlapping spans are all written; doccano
shows them when the project allows overlapping spans.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotator.exporters.atomic import atomic_output
from annotator.exporters.common import DocumentExport, ExportOptions, iter_exports

if TYPE_CHECKING:
    from annotator.store import Store


def doccano_record(doc: DocumentExport) -> dict[str, Any]:
    """The doccano record of one document."""
    meta = dict(orjson.loads(doc.row["meta"] or "{}"))
    meta.update({"id": doc.row["id"], "title": doc.row["title"], "status": doc.row["status"],
                 "annotator": doc.row["annotator"]})
    labels = sorted({(s.start, s.end, s.label) for s in doc.ner_spans})
    return {"text": doc.text, "label": [list(span) for span in labels], "meta": meta}


def export_doccano(store: Store, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the chosen documents as doccano JSONL to ``out`` atomically; returns how many."""
    options = options or ExportOptions()
    count = 0
    with atomic_output(out) as fh:
        for doc in iter_exports(store, options):
            fh.write(orjson.dumps(doccano_record(doc)))
            fh.write(b"\n")
            count += 1
    return count
