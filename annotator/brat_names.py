"""brat's storage form of type and role names, shared by the brat exporter and the brat importer.

brat keeps names as ``[A-Za-z0-9_-]`` and strips trailing digits from role names (they number
repeated roles), so the exporter writes names this way and the importer maps them back.
"""

from __future__ import annotations

import re

_NOT_STORAGE = re.compile(r"[^A-Za-z0-9_-]")
LOCAL_KB = "Annotator"  # brat's RID (in N lines) for knowledge-base ids without a prefix: an actor list's, NIL


def brat_name(name: str, *, role: bool = False) -> str:
    """``name`` in brat's storage form; a role must also not end in a digit (brat strips those)."""
    out = _NOT_STORAGE.sub("_", name) or "_"
    return out + "_" if role and out[-1].isdigit() else out
