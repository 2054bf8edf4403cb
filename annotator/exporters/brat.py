"""brat standoff export: a folder brat opens as a collection.

Per document ``<name>.txt`` and ``<name>.ann``; once per folder ``annotation.conf`` (from the
project's schema), ``visual.conf`` (the schema's colours) and ``.annotator-export.json`` (what
was written, so a later export may replace the folder). How it meets what brat reads (brat's
``server/src/annotation.py`` and ``projectconfig.py``, and its standoff and configuration docs):

* Offsets are character offsets into the ``.txt`` as brat's server reads it: UTF-8 with
  universal newlines, so a CRLF counts as one character (nlplab/brat#853). The ``.txt`` is
  therefore the document's text with CRLF and lone CR written as LF, everything else verbatim,
  and offsets are mapped to it. Offsets count code points, as Python (brat's server) does;
  brat's browser client counts UTF-16 units and draws highlights after an emoji one place off
  (nlplab/brat#1115) - the files are right, the display is brat's bug.
* A text-bound annotation may not contain a line break: the ``.ann`` is line-based and brat
  reads it with ``codecs``, which ends lines at every Unicode line boundary. A span across
  lines becomes fragments, ``T1\\tLOC 10 15;16 20\\tKyiv Oblast``; fragments skip the
  whitespace at their edges, and the text field is the fragments joined by one space (what
  brat compares against). A span of whitespace alone is left out.
* Entities are T lines labelled with the span's label; each event's trigger is a T line
  labelled with the event type (brat requires the two to match), shared by events of one type
  on one trigger. ``E1\\tATTACK:T3 Attacker:T1 Target:T2 Target2:T4``: a repeated role is
  numbered from 2, since brat strips trailing digits to find the role.
* Attributes: ``A1\\tModality E1 planned`` on every event (multi-valued: asserted, planned,
  hypothetical) and ``A2\\tNegated E1`` on negative events only (binary, as in brat's own
  configuration example); both are declared in ``[attributes]``. A nominal mention ("the
  military") is a T line of its label like a name, with ``A3\\tNominal T4`` (binary, on
  entities, also declared); nominal mentions are always written (they fill event roles), so
  ``--nominals`` changes nothing here.
* A span's knowledge-base id is a normalization line, ``N1\tReference T1 geonames:703448\tKyiv``
  (brat's ``RID:EID``; an id without a prefix, such as an actor list's or NIL, is ``Annotator:ID``;
  an id holding whitespace cannot be written in brat's space-separated fields and is left out).
* Type and role names are written in brat's storage form ``[A-Za-z0-9_-]`` (other characters
  become ``_``; a role ending in a digit gets a trailing ``_``). Labels, event types and roles
  found in the data but not in the schema are declared too, so brat knows every type used.

Writing is all or nothing: everything goes into a hidden temporary folder beside ``OUT_DIR``
and is renamed into place only when complete. ``OUT_DIR`` may be missing (it is created; its
parent must exist), empty, or an earlier export of this command (it is replaced: two renames,
so the folder is absent for an instant but never half-written). A folder holding anything
else is refused, so an export never deletes files it did not write.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from annotator import __version__
from annotator.brat_names import LOCAL_KB, brat_name
from annotator.exporters.atomic import atomic_folder
from annotator.exporters.common import (
    EXPORT_MARKER, DocumentExport, ExportOptions, folder_target, iter_exports, written_before,
)

if TYPE_CHECKING:
    from annotator.schema import Schema
    from annotator.store import Store

MARKER = EXPORT_MARKER
# Files brat itself adds to a collection folder; an earlier export may hold them.
BRAT_OWN_FILES = frozenset({".stats_cache"})
# Every character str.splitlines() breaks at (brat reads .ann files with codecs, which does too).
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_NOT_WORD = re.compile(r"\W+")
_TITLE_CHARS = 60


def safe_name(doc_id: int, title: str) -> str:
    """A file name (without suffix) for a document: its zero-padded id, then a slug of its title.

    The id keeps names unique (also on case-insensitive file systems) and in project order;
    the slug keeps Unicode letters and digits only, so no separators, dots, control characters
    or reserved device names get through.
    """
    slug = _NOT_WORD.sub("-", unicodedata.normalize("NFC", title or "")).strip("-_")
    slug = slug[:_TITLE_CHARS].rstrip("-_")
    return f"{doc_id:06d}-{slug}" if slug else f"{doc_id:06d}"


class LineEnds:
    """A text with CRLF and lone CR turned into LF, and the map from old offsets to new ones."""

    def __init__(self, text: str) -> None:
        self._removed = [m.start() for m in re.finditer("\r\n", text)]  # each CRLF loses its CR
        self.text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    def map(self, offset: int) -> int:
        """The offset in the LF text of ``offset`` in the original text."""
        return offset - bisect_left(self._removed, offset) if self._removed else offset


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` as brat fragments: no line breaks inside, no whitespace at the edges."""
    out: list[tuple[int, int]] = []
    run = start
    for i in range(start, end + 1):
        if i == end or text[i] in LINE_BREAKS:
            s, e = run, i
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((s, e))
            run = i + 1
    return out


def brat_reference(kb_id: str) -> str:
    """A knowledge-base id as brat's ``RID:EID`` (``geonames:703448``); an id with no prefix is ``Annotator:ID``."""
    prefix, sep, rest = kb_id.partition(":")
    return kb_id if sep and prefix and rest and prefix != LOCAL_KB else f"{LOCAL_KB}:{kb_id}"


def _n_text(text: str, frags: list[tuple[int, int]]) -> str:
    return " ".join(text[a:b] for a, b in frags)


def _t_line(tid: str, label: str, frags: list[tuple[int, int]], text: str) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}"


@dataclass
class Declared:
    """Types and roles the written files use, for ``annotation.conf``."""

    labels: set[str] = field(default_factory=set)
    roles: dict[str, set[str]] = field(default_factory=dict)  # event type -> roles


def brat_document(doc: DocumentExport, declared: Declared | None = None) -> tuple[str, str]:
    """The ``.txt`` and ``.ann`` contents of one document (see the module docstring)."""
    ends = LineEnds(doc.text)
    text = ends.text
    declared = declared if declared is not None else Declared()
    lines: list[str] = []
    attribute_lines: list[str] = []
    norm_lines: list[str] = []
    t_of_span: dict[int, str] = {}
    n_t = 0
    for span in doc.spans:
        frags = fragments(text, ends.map(span.start), ends.map(span.end))
        if not frags or span.id is None:
            continue
        n_t += 1
        t_of_span[span.id] = f"T{n_t}"
        label = brat_name(span.label)
        declared.labels.add(label)
        lines.append(_t_line(f"T{n_t}", label, frags, text))
        if span.kind == "nominal":
            attribute_lines.append(f"Nominal T{n_t}")
        if span.kb_id is not None and not any(c.isspace() for c in span.kb_id):  # brat's fields are space-separated
            norm_lines.append(f"Reference T{n_t} {brat_reference(span.kb_id)}\t{_n_text(text, frags)}")
    triggers: dict[tuple[str, tuple[tuple[int, int], ...]], str] = {}
    event_lines: list[str] = []
    n_e = 0
    for event in doc.events:
        frags = fragments(text, ends.map(event.trigger_start), ends.map(event.trigger_end))
        if not frags:
            continue
        kind = brat_name(event.type)
        roles = declared.roles.setdefault(kind, set())
        key = (kind, tuple(frags))
        if key not in triggers:
            n_t += 1
            triggers[key] = f"T{n_t}"
            lines.append(_t_line(f"T{n_t}", kind, frags, text))
        n_e += 1
        eid = f"E{n_e}"
        parts = [f"{kind}:{triggers[key]}"]
        counts: Counter[str] = Counter()
        seen: set[tuple[str, str]] = set()
        for argument in event.arguments:
            tid = t_of_span.get(argument.span_id)
            role = brat_name(argument.role, role=True)
            if tid is None or (role, tid) in seen:
                continue
            seen.add((role, tid))
            roles.add(role)
            counts[role] += 1
            parts.append(f"{role}{counts[role] if counts[role] > 1 else ''}:{tid}")
        event_lines.append(f"{eid}\t{' '.join(parts)}")
        attribute_lines.append(f"Modality {eid} {brat_name(event.modality)}")
        if event.polarity == "negative":
            attribute_lines.append(f"Negated {eid}")
    lines.extend(event_lines)
    lines.extend(f"A{i}\t{line}" for i, line in enumerate(attribute_lines, 1))
    lines.extend(f"N{i}\t{line}" for i, line in enumerate(norm_lines, 1))
    return text, "".join(line + "\n" for line in lines)


def _role_conf(name: str, labels: tuple[str, ...] | list[str], repeat: bool) -> str:
    allowed = "|".join(brat_name(label) for label in labels) or "<ENTITY>"
    return f"{brat_name(name, role=True)}{'*' if repeat else '?'}:{allowed}"


def annotation_conf(schema: Schema, declared: Declared | None = None) -> str:
    """``annotation.conf`` from the schema, plus any type or role the data uses beyond it."""
    declared = declared or Declared()
    labels = [brat_name(label.name) for label in schema.labels]
    out = ["# brat annotation configuration, generated by Annotator from the project's schema "
           f"({schema.name}).", "", "[entities]", *labels]
    extra = sorted(declared.labels - set(labels))
    if extra:
        out += ["# in the exported data but not in the schema", *extra]
    out += ["", "[relations]", "# Annotator has no relations.", "", "[events]"]
    known: set[str] = set()
    for event in schema.events:
        kind = brat_name(event.name)
        known.add(kind)
        roles = event.roles + schema.common_roles
        args = [_role_conf(r.name, r.labels, r.repeat) for r in roles]
        names = {brat_name(r.name, role=True) for r in roles}
        args += [f"{role}*:<ENTITY>" for role in sorted(declared.roles.get(kind, set()) - names)]
        out.append(f"{kind}\t{', '.join(args)}" if args else kind)
    for kind in sorted(set(declared.roles) - known):
        args = [f"{role}*:<ENTITY>" for role in sorted(declared.roles[kind])]
        out.append(f"{kind}\t{', '.join(args)}" if args else kind)
    modalities = "|".join(brat_name(m) for m in schema.modalities)
    out += ["", "[attributes]", f"Modality\tArg:<EVENT>, Value:{modalities}", "Negated\tArg:<EVENT>",
            "Nominal\tArg:<ENTITY>", ""]
    return "\n".join(out)


def _foreground(color: str) -> str:
    """Black or white text, whichever reads better on ``color`` (#rrggbb)."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else "black"


def visual_conf(schema: Schema) -> str:
    """``visual.conf``: the schema's label and event type colours."""
    out = ["# brat visual configuration, generated by Annotator from the project's schema.", "",
           "[labels]", "", "[drawing]",
           "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
           "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5"]
    for name, color in [(l.name, l.color) for l in schema.labels] + [(e.name, e.color) for e in schema.events]:
        out.append(f"{brat_name(name)}\tbgColor:{color}, fgColor:{_foreground(color)}")
    out.append("")
    return "\n".join(out)


def check_target(out_dir: str | Path) -> Path:
    """The absolute ``OUT_DIR`` if an export may be written there; ExportError saying why not."""
    return folder_target(out_dir, writes="brat export writes", kind="brat", ours=_written_before)


def _written_before(out_dir: Path) -> set[str]:
    """Names an earlier brat export wrote into ``out_dir`` (none if it holds no marker)."""
    earlier = written_before(out_dir, lambda manifest: manifest.get("format") == "brat")
    return earlier | BRAT_OWN_FILES if earlier else set()


def _write(path: Path, data: str) -> None:
    with open(path, "xb") as fh:  # mode 0o666 less the umask, like any file the user saves
        fh.write(data.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def export_brat(store: Store, out_dir: str | Path, options: ExportOptions | None = None) -> int:
    """Write the chosen documents as a brat collection in ``out_dir``; returns how many."""
    options = options or ExportOptions()
    out_dir = check_target(out_dir)
    schema = store.schema
    with atomic_folder(out_dir) as tmp:
        declared = Declared()
        files: list[str] = []
        count = 0
        for doc in iter_exports(store, options):
            name = safe_name(doc.row["id"], doc.row["title"])
            text, ann = brat_document(doc, declared)
            _write(tmp / f"{name}.txt", text)
            _write(tmp / f"{name}.ann", ann)
            files += [f"{name}.txt", f"{name}.ann"]
            count += 1
        _write(tmp / "annotation.conf", annotation_conf(schema, declared))
        _write(tmp / "visual.conf", visual_conf(schema))
        files += ["annotation.conf", "visual.conf"]
        manifest = {
            "format": "brat", "written_by": f"annotator {__version__}", "project": store.path.name,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "documents": count, "files": files,
        }
        _write(tmp / MARKER, orjson.dumps(manifest, option=orjson.OPT_INDENT_2).decode())
    return count
