"""Team → Curate: the curator settles a document the analysts finished, by keys in the panel, undoably."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.cli import main
from annotator.store import Store, open_project, team_rows
from team_data import build_team, shared_documents
from ui.main_window import MainWindow


def _team_spans(window: MainWindow, doc_id: int) -> list[tuple[str, str, str]]:
    """The team's own spans of a document (the curated view) as (text, label, status), from the project."""
    store = window.store
    rows = window.ctx.team_rows
    assert rows is not None
    doc = rows.curated(store.document(doc_id))
    return sorted((doc.text[s.start:s.end], s.label, s.status) for s in doc.spans)


def _key(window: MainWindow, key: str) -> None:
    QTest.keyClick(window.curation_panel.units, key)


def _select_place(window: MainWindow, words: str) -> None:
    panel = window.curation_panel
    row = next(i for i in range(panel.units.count()) if panel.units.item(i).text().endswith(words))
    panel.units.setCurrentRow(row)


def test_curate_by_keys_then_export_writes_the_curated_view(tmp_path: Path, qtbot,
                                                           open_window: Callable[[Store], MainWindow]) -> None:
    project = build_team(tmp_path)
    store = open_project(project, create=False)
    doc_id = shared_documents(store)[0]
    window = open_window(store)
    try:
        window.open_document(doc_id)
        # The article shows the team's rows only: each place once, not three analysts' copies.
        assert sorted(window.store.document(doc_id).text[s.start:s.end] for s in window.article.all_spans()) == [
            "Donetsk", "Kyiv", "Monday", "Ukrainian"]
        window.actions_by_id["curate"].trigger()
        panel = window.curation_panel
        qtbot.waitUntil(lambda: window.curation_dock.isVisible() and panel.units.count() == 5)
        assert "ana, ben, cai" in panel.header.text() and "4 disagreements open" in panel.header.text()
        assert window.focusWidget() is panel.units

        _key(window, "A")  # the one agreement: Donetsk GPE
        assert ("Donetsk", "GPE", "accepted") in _team_spans(window, doc_id)
        assert "0 agreements to accept" in panel.header.text()

        _select_place(window, "span · Ukrainian forces")
        versions = [panel.versions.item(i).text() for i in range(panel.versions.count())]
        assert versions == ["1  ana, ben: Ukrainian NORP", "2  cai: Ukrainian forces NORP"]
        _key(window, "2")  # cai's wider span
        spans = _team_spans(window, doc_id)
        assert ("Ukrainian forces", "NORP", "accepted") in spans and ("Ukrainian", "NORP", "rejected") in spans
        # ... and the panel moved on to the next place still open: the event.
        assert panel.current_unit() is not None and panel.current_unit().kind == "event"
        assert [panel.versions.item(i).text() for i in range(panel.versions.count())] == [
            '1  ana: ATTACK "shelled": Attacker Ukrainian, Target Donetsk',
            '2  ben: ATTACK "shelled": Attacker Ukrainian, Target Kyiv',
            "3  cai: — nothing"]
        _key(window, "1")  # ana's event
        events = window.ctx.team_rows.curated(window.store.document(doc_id)).events  # type: ignore[union-attr]
        assert [(e.type, e.status, len(e.arguments)) for e in events] == [("ATTACK", "accepted", 2)]

        _select_place(window, "span · Monday")
        _key(window, "R")  # nobody's Monday
        assert ("Monday", "DATE", "rejected") in _team_spans(window, doc_id)
        QTest.keyClick(window.curation_panel.units, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo
        assert ("Monday", "DATE", "suggested") in _team_spans(window, doc_id)
        _select_place(window, "span · Monday")  # the panel had moved on to Kyiv
        _key(window, "1")  # ana and cai: Monday DATE
        _select_place(window, "span · Kyiv")
        _key(window, "2")  # cai: Kyiv LOC
        assert "0 disagreements open" in panel.header.text(), [panel.units.item(i).text() for i in range(panel.units.count())]
        window.actions_by_id["mark_done"].trigger()
        assert window.store.document_row(doc_id)["status"] == "done"
    finally:
        window.close()
    out = tmp_path / "curated.jsonl"
    assert main(["export", str(project), str(out)]) == 0
    (record,) = map(orjson.loads, out.read_bytes().splitlines())  # the one document marked done
    assert sorted((s["text"], s["label"]) for s in record["spans"]) == [
        ("Donetsk", "GPE"), ("Kyiv", "LOC"), ("Monday", "DATE"), ("Ukrainian forces", "NORP")]
    assert [(e["type"], sorted((a["role"], a["text"]) for a in e["arguments"])) for e in record["events"]] == [
        ("ATTACK", [("Attacker", "Ukrainian forces"), ("Target", "Donetsk")])]  # the curator's boundaries


def test_curate_in_a_project_without_analysts_work_says_why(window: MainWindow) -> None:
    window.actions_by_id["curate"].trigger()
    assert not window.curation_dock.isVisible()
    assert "Nothing to curate" in window.statusBar().currentMessage()
    assert "annotator merge" in window.statusBar().currentMessage()


def test_marking_a_team_document_done_settles_the_agreements_first(tmp_path: Path,
                                                                   open_window: Callable[[Store], MainWindow]) -> None:
    store = open_project(build_team(tmp_path), create=False)
    # A document only ben finished: he rejected "Monday", which the project still suggests.
    ben_only = next(d for d in store.document_ids() if d not in shared_documents(store)
                    and team_rows.finished_by(store, [d]).get(d) == ("ben",))
    window = open_window(store)
    try:
        window.open_document(ben_only)
        window.actions_by_id["finish_doc"].trigger()  # Ctrl+Return, without the curation panel
        assert window.store.document_row(ben_only)["status"] == "done"
        assert _team_spans(window, ben_only) == [
            ("Donetsk", "GPE", "accepted"), ("Kyiv", "GPE", "accepted"), ("Monday", "DATE", "rejected"),
            ("Ukrainian", "NORP", "accepted")]
        window.actions_by_id["undo"].trigger()  # the "done" and the shown suggestions
        window.actions_by_id["undo"].trigger()  # the agreements
        assert all(status == "suggested" for _, _, status in _team_spans(window, ben_only))
    finally:
        window.close()
