"""``--split``: train, dev and test parts of one export, written into one folder, all or nothing.

Documents (never parts of one) are shuffled with the seed and cut by the fractions
(:func:`annotator.splits.split`), so the same project, options and seed give the same parts.
``OUT`` becomes a folder holding ``train.<ext>``, ``dev.<ext>``, ``test.<ext>`` for file formats,
or ``train/``, ``dev/``, ``test/`` for folder formats (brat), plus ``.annotator-export.json``
naming the documents of each part. Everything is written into a hidden folder beside ``OUT``
and renamed into place when complete; ``OUT`` may be missing, empty or an earlier split export.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import orjson

from annotator import __version__
from annotator.exporters.atomic import atomic_folder
from annotator.exporters.common import ExportError, ExportOptions, document_ids
from annotator.splits import SPLIT_NAMES, split

if TYPE_CHECKING:
    from annotator.store import Store

MARKER = ".annotator-export.json"


def check_split_target(out: str | Path) -> Path:
    """The absolute ``OUT`` folder if a split export may go there; ExportError saying why not."""
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; --split writes a folder holding train, dev and test. "
                          f"Give a folder name such as {out.with_suffix('')}-split.")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such folder to create the split folder in.")
    if out.is_dir() and any(out.iterdir()) and not _earlier_split(out):
        raise ExportError(f"{out} holds files a split export did not write; give a new or empty folder, "
                          "or the folder of an earlier split export to replace it.")
    return out


def _earlier_split(out: Path) -> bool:
    try:
        manifest = orjson.loads((out / MARKER).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    if not isinstance(manifest, dict) or manifest.get("split") is None:
        return False
    expected = {MARKER, *(str(name) for name in manifest.get("files", []))}
    return {p.name for p in out.iterdir()} <= expected


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
