"""brat export names every file from its document safely: inside the folder, unique, portable, whatever the title."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.documents import Document
from annotator.exporters import ExportOptions, export
from annotator.store import open_project

HOSTILE = ["/", "..", "\x00", "\\", ":", "*", "?", '"', "<", ">", "|", "CON", "NUL", "COM1", "LPT9", "aux", ".", " ",
           "\n", "\t", "\u202e", "\u200d", "e\u0301", "\u00e9", "É", "ﬁ", "Å", "Å", "😀", "\U0001F1FA\U0001F1E6",
           "\u05e9\u05dc", "\u0627\u0644", "\ufeff", "~", "-", "_", "a" * 40, "ß", "SS"]
TITLE = st.lists(st.sampled_from(HOSTILE) | st.text(st.characters(exclude_categories=["Cs"]), max_size=5),
                 max_size=30).map("".join)
WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM\d|LPT\d)(\..*)?", re.IGNORECASE)
FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


def assert_portable(name: str) -> None:
    """A file name every common file system accepts, as written."""
    assert name and name not in (".", "..") and not name.startswith(".")
    assert not FORBIDDEN & set(name), name
    assert not WINDOWS_RESERVED.fullmatch(name.split(".")[0]), name
    assert not name.endswith((" ", ".")), name
    assert len(name.encode("utf-8")) <= 255 and len(name.encode("utf-16-le")) // 2 <= 255, name
    assert unicodedata.is_normalized("NFC", name), name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(titles=st.lists(TITLE, min_size=1, max_size=8))
@example(titles=["../../etc/passwd", "..", "CON", "con", "NUL.txt", "\x00", "É", "E\u0301", ".hidden", "a" * 300,
                 "😀" * 200, "Same", "same", "SAME"])
def test_document_files_are_safe_unique_names_inside_the_folder(tmp_path_factory, titles: list[str]) -> None:
    base = tmp_path_factory.mktemp("brat")
    with open_project(base / "p.db") as store:
        with store.transaction():
            for n, title in enumerate(titles):  # distinct texts: every title becomes its own document
                store.add_document(Document(f"Article {n}: strike on Kyiv.", title=title))
        count = export(store, "brat", base / "out", ExportOptions(status="any"))
    assert count == len(titles)
    written = list((base / "out").iterdir())
    assert all(p.parent == base / "out" and p.is_file() for p in written)
    assert not [p for p in base.rglob("*") if p.parent not in (base, base / "out")]  # nothing outside the folder
    documents = sorted(p.name for p in written if p.suffix in (".txt", ".ann"))
    assert len(documents) == 2 * len(titles)
    for name in documents:
        assert_portable(name)
    # unique even where case or Unicode normalisation is folded (Windows, macOS)
    folded = {unicodedata.normalize("NFD", n).casefold() for n in documents}
    assert len(folded) == len(documents)
    stems = {Path(n).stem for n in documents}
    texts = {(base / "out" / f"{stem}.txt").read_text(encoding="utf-8") for stem in stems}
    assert texts == {f"Article {n}: strike on Kyiv." for n in range(len(titles))}
