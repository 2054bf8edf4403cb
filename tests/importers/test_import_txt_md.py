"""Plain text and Markdown files import verbatim, one document each, titled by the first line."""

from __future__ import annotations

from pathlib import Path

from annotator.importers import import_paths
from annotator.store import Store


def _only_doc(project: Store):
    (doc_id,) = project.document_ids()
    return project.document(doc_id)


def test_txt_text_is_stored_verbatim_and_titled(project: Store, tmp_path: Path) -> None:
    text = "\n  Strike on Kharkiv  \r\nThe city was hit at 03:00.\tTwo dead.\r\n\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    report = import_paths(project, [path])
    assert report.ok and report.added == 1
    doc = _only_doc(project)
    assert doc.text == text
    assert doc.title == "Strike on Kharkiv"
    assert doc.meta["source"] == str(path)
    assert doc.status == "new"


def test_markdown_heading_marks_leave_the_title_but_not_the_text(project: Store, tmp_path: Path) -> None:
    text = "## Talks in *Doha*\n\nNegotiators met.\n"
    path = tmp_path / "b.md"
    path.write_text(text, encoding="utf-8")
    assert import_paths(project, [path]).added == 1
    doc = _only_doc(project)
    assert doc.title == "Talks in *Doha*"
    assert doc.text == text  # markup is not parsed or stripped


def test_utf8_bom_is_dropped_and_nothing_else(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfCaf\xc3\xa9 talks \xf0\x9f\x98\x80\n")
    import_paths(project, [path])
    assert _only_doc(project).text == "Café talks 😀\n"


def test_utf16_with_bom_is_decoded(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Ceasefire in Gaza 🕊\r\n".encode("utf-16"))
    assert import_paths(project, [path]).ok
    assert _only_doc(project).text == "Ceasefire in Gaza 🕊\r\n"


def test_suffix_is_case_insensitive(project: Store, tmp_path: Path) -> None:
    (tmp_path / "UPPER.TXT").write_text("Loud headline\n", encoding="utf-8")
    (tmp_path / "notes.Markdown").write_text("# Quiet one\n", encoding="utf-8")
    report = import_paths(project, [tmp_path / "UPPER.TXT", tmp_path / "notes.Markdown"])
    assert report.ok and report.added == 2
    assert sorted(s.title for s in project.summaries()) == ["Loud headline", "Quiet one"]
