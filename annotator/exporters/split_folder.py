"""``--split``: train, dev and test parts of one export, written into one folder, all or nothing.

Documents (never parts of one) are shuffled with the seed and cut by the fractions
(:func:`annotator.splits.split`), so the same project, options and seed give the same parts.
``OUT`` becomes a folder holding ``train.<ext>``, ``dev.<ext>``, ``test.<ext>`` for file formats,
or ``train/``, ``dev/``, ``test/`` for folder formats (brat), plus ``.annotator-export.json``
naming the documents of each part. Everything is written into a hidden folder beside ``OUT``
and renamed into place when complete; ``OUT`` may be missing, empty or an earlier split export.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import orjson

from annotator import __version__
from annotator.exporters.atomic import atomic_folder
from annotator.exporters.common import EXPORT_MARKER, ExportOptions, document_ids, folder_target, written_before
from annotator.splits import SPLIT_NAMES, split

if TYPE_CHECKING:
    from annotator.store import Store

MARKER = EXPORT_MARKER


def check_split_target(out: str | Path) -> Path:
    """The absolute ``OUT`` folder if a split export may go there; ExportError saying why not."""
    return folder_target(out, writes="--split writes", kind="split", ours=_written_before)


def _written_before(out: Path) -> set[str]:
    return written_before(out, lambda manifest: manifest.get("split") is not None)


def export_split(store: Store, fmt_name: str, target: str, suffix: str, out: Path,
                 writer: Callable[[Store, Path, ExportOptions], int], options: ExportOptions) -> int:
    """Write each part of the split with ``writer`` into ``out``; returns how many documents in all."""
    assert options.split is not None
    out = check_split_target(out)
    parts = split(document_ids(store, options), options.split, seed=options.seed)
    names = SPLIT_NAMES[: len(parts)]
    written = 0
    files: list[str] = []
    with atomic_folder(out) as tmp:
        for name, ids in zip(names, parts):
            part_name = name if target == "folder" else f"{name}{suffix}"
            part = replace(options, split=None, doc_ids=frozenset(ids), progress=_offset(options, written))
            written += int(writer(store, tmp / part_name, part))
            files.append(part_name)
        manifest = {
            "format": fmt_name, "written_by": f"annotator {__version__}", "project": store.path.name,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "split": dict(zip(names, options.split)), "seed": options.seed, "files": files,
            "documents": {name: ids for name, ids in zip(names, parts)},
        }
        (tmp / MARKER).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return written


def _offset(options: ExportOptions, before: int) -> Callable[[int], None] | None:
    """The progress hook of one part, counting on from the documents of the parts before it."""
    hook = options.progress
    if hook is None:
        return None
    return lambda n: hook(before + n)
