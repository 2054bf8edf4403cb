"""Export formats by name: what each writes (a file or a folder) and the function that writes it.

Writers are imported when used, so naming the formats (the CLI's ``--format`` choices, the
app's export menu) costs nothing. Every writer is called as ``writer(store, out, options)`` and
takes its documents from :func:`annotator.exporters.common.iter_exports`, so the options
(status, suggestions, labels, annotator, split part) mean the same in every format.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from annotator.exporters.common import ExportError, ExportOptions

if TYPE_CHECKING:
    from annotator.store import Store

__all__ = ["FORMATS", "ExportError", "ExportFormat", "ExportOptions", "check_target", "export"]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: its name, whether it writes a file or a folder, and its writer."""

    name: str
    target: Literal["file", "folder"]
    description: str
    writer: str  # "module:function", called as function(store, out, options) -> documents written
    example: str  # an output name to suggest in messages


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("jsonl", "file", "native JSONL, one document per line (Prodigy/spaCy compatible, with events)",
                     "annotator.exporters.jsonl:export_jsonl", "labels.jsonl"),
        ExportFormat("brat", "folder", "brat standoff: .txt and .ann per document, annotation.conf, visual.conf",
                     "annotator.exporters.brat:export_brat", "brat-export"),
        ExportFormat("oneie", "file", "OneIE/TextEE event JSONL, one sentence per line",
                     "annotator.exporters.oneie:export_oneie", "events.oneie.jsonl"),
        ExportFormat("spacy", "file", "spaCy DocBin for spacy train: doc.ents and every span in doc.spans['sc']",
                     "annotator.exporters.spacy_docbin:export_spacy", "labels.spacy"),
        ExportFormat("conll", "file", "CoNLL-2003-style IOB2 columns, one token per line",
                     "annotator.exporters.conll:export_conll", "labels.conll"),
        ExportFormat("doccano", "file", "doccano sequence-labelling JSONL (text, label, meta)",
                     "annotator.exporters.doccano:export_doccano", "labels.doccano.jsonl"),
    )
}


def _format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}") from None


def check_target(name: str, out: str | Path, *, split: bool = False) -> Path:
    """Check that format ``name`` can be written to ``out``; ExportError says what to give instead.

    With ``split``, ``out`` is the folder that will hold the train, dev and test parts.
    """
    fmt = _format(name)
    out = Path(out)
    if split:
        from annotator.exporters.split_folder import check_split_target

        return check_split_target(out)
    if fmt.target == "folder":
        from annotator.exporters.brat import check_target as check_folder

        return check_folder(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder; --format {name} writes a file, such as {out / fmt.example}.")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such folder to write the export into.")
    return out


def export(store: Store, name: str, out: str | Path, options: ExportOptions | None = None) -> int:
    """Write the project in format ``name`` to ``out``; returns how many documents were written."""
    fmt = _format(name)
    options = options or ExportOptions()
    if options.analyst is None and options.team is None:
        from annotator.team.curation import team_rows_of

        team = team_rows_of(store)  # a team project: the curated view, not every analyst's rows at once
        if team is not None:
            options = replace(options, team=team)
    module, function = fmt.writer.split(":")
    writer = getattr(importlib.import_module(module), function)
    if options.split is not None:
        from annotator.exporters.split_folder import export_split

        suffix = Path(fmt.example).suffix
        return export_split(store, name, fmt.target, suffix, check_target(name, out, split=True), writer, options)
    return int(writer(store, check_target(name, out), options))
