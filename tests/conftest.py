"""Shared fixtures for the core suite (tests/ui has its own Qt fixtures)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.documents import Document, Span
from annotator.store import Store, open_project

ARTICLE = (
    "Russian drones struck Odesa on Monday.\n"
    "Ukraine's air force said 12 Shahed drones were shot down over the Black Sea.\n"
)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and the default project go to a temp folder, never the real user's."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))


@pytest.fixture(scope="session")
def nlp():  # noqa: ANN201 - spacy.language.Language, loaded once for every model test
    """The default spaCy pipeline (the real model: only for tests marked ``model``)."""
    from annotator.preannotate import load_model

    return load_model()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh project file named project.db in tmp_path (the model tests' name for it)."""
    project = open_project(tmp_path / "project.db")
    yield project
    project.close()


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty project file in tmp_path."""
    store = open_project(tmp_path / "project.db")
    yield store
    store.close()


@pytest.fixture
def article_doc(project: Store) -> int:
    """Id of one stored article with two model suggestions (NORP "Russian", GPE "Odesa")."""
    doc = Document(
        text=ARTICLE, title="Russian drones struck Odesa on Monday.",
        meta={"title": "Russian drones struck Odesa on Monday.", "source": "test"},
        spans=[Span(0, 7, "NORP", origin="model"), Span(22, 27, "GPE", origin="model")],
    )
    with project.transaction():
        return project.add_document(doc).doc_id


@pytest.fixture
def add_suggested(project: Store) -> Callable[..., int]:
    """Add a pre-annotated document to ``project``: ``add(text, (phrase, label[, nth]), ..., status=)`` -> id.

    Each suggestion is a model span over the ``nth`` (default first) occurrence of ``phrase``; the
    document is stored as pre-annotated (as :func:`annotator.preannotate.preannotate` leaves it),
    then given ``status``.
    """

    def add(text: str, *suggestions: tuple[Any, ...], status: str = "new") -> int:
        spans = []
        for phrase, label, *rest in suggestions:
            start = -1
            for _ in range((rest[0] if rest else 0) + 1):
                start = text.index(phrase, start + 1)
            spans.append(Span(start, start + len(phrase), label, origin="model", score=0.9))
        with project.transaction():
            doc_id = project.add_document(Document(text, title=text[:40])).doc_id
        project.store_suggestions([(doc_id, spans)], model="test_model-1.0.0")
        if status != "new":
            with project.transaction():
                project.update_document(doc_id, status=status, annotator="bo")
        return doc_id

    return add


@pytest.fixture
def add_reviewed(project: Store) -> Callable[..., int]:
    """Add a reviewed document to ``project``: ``add(text, (phrase, label), ..., status="done")`` -> id.

    Each (phrase, label) is an accepted span over every occurrence of ``phrase`` (gold for
    training and evaluation); the document is not pre-annotated.
    """

    def add(text: str, *gold: tuple[str, str], status: str = "done") -> int:
        spans = []
        for phrase, label in gold:
            start = text.find(phrase)
            assert start >= 0, phrase
            while start >= 0:
                spans.append(Span(start, start + len(phrase), label, origin="human", status="accepted"))
                start = text.find(phrase, start + 1)
        with project.transaction():
            doc_id = project.add_document(Document(text, title=text[:40], spans=spans)).doc_id
            project.update_document(doc_id, status=status, annotator="ana")
        return doc_id

    return add


@pytest.fixture
def sample_files(tmp_path: Path) -> dict[str, Path]:
    """One small valid file of each supported type, in tmp_path/input."""
    folder = tmp_path / "input"
    folder.mkdir()
    files = {
        "txt": folder / "kyiv.txt",
        "md": folder / "talks.md",
        "jsonl": folder / "wire.jsonl",
        "csv": folder / "feed.csv",
    }
    files["txt"].write_text("Missiles hit Kyiv\n\nRussian missiles hit Kyiv overnight.\n", encoding="utf-8")
    files["md"].write_text("# Talks in Doha\n\nNegotiators met in Doha on Tuesday.\n", encoding="utf-8")
    files["jsonl"].write_text(
        '{"text": "Sudan: fighting in El Fasher.", "meta": {"source": "wire", "url": "http://x"}}\n'
        '{"text": "Manila protests water cannon use.", "title": "Water cannon"}\n',
        encoding="utf-8",
    )
    files["csv"].write_text(
        'title,text,date\r\nSanctions,"The EU adopted new sanctions.\r\nMore follow.",2025-01-02\r\n',
        encoding="utf-8", newline="",
    )
    return files


EVENTS_TEXT = (
    "Russian missiles struck Kyiv 😀 overnight, officials said.\r\n\r\n"
    "Zelensky will meet Vance in Munich on Friday. Ukraine did not attack Kyiv\r\nOblast.\n"
)


@pytest.fixture
def events_project(project: Store) -> dict[str, int]:
    """A done document with spans and events of every status, built with the store alone.

    Spans: accepted Russian, missiles, Kyiv, officials (a nominal mention), Zelensky, Friday, Ukraine and
    "Kyiv\\r\\nOblast" (across a line end); suggested Vance; rejected Munich. Events: accepted
    ATTACK "struck" (Attacker, Instrument, Target, Source) and planned MEET "meet" (Participant
    Zelensky and Vance, Place Munich, Time Friday); suggested negative ATTACK "attack"
    (Attacker Ukraine, Target Kyiv Oblast); rejected INTERCEPT "attack". Also a new document
    with one suggested span. Returns the ids by name.
    """
    from annotator.documents import Argument, Event

    text = EVENTS_TEXT

    def at(word: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return start, start + len(word)

    names = ["russian", "missiles", "kyiv", "officials", "zelensky", "vance", "munich", "friday", "ukraine", "oblast"]
    spans = [
        Span(*at("Russian"), "NORP", origin="model", status="accepted"),
        Span(*at("missiles"), "WEAPON", origin="rule", status="accepted"),
        Span(*at("Kyiv"), "GPE", origin="model", status="accepted"),
        Span(*at("officials"), "PERSON", status="accepted", kind="nominal"),
        Span(*at("Zelensky"), "PERSON", origin="model", status="accepted"),
        Span(*at("Vance"), "PERSON", origin="model", status="suggested"),
        Span(*at("Munich"), "GPE", origin="model", status="rejected"),
        Span(*at("Friday"), "DATE", origin="model", status="accepted"),
        Span(*at("Ukraine"), "GPE", origin="model", status="accepted"),
        Span(at("Kyiv", 1)[0], at("Oblast")[1], "LOC", status="accepted"),
    ]
    with project.transaction():
        doc = project.add_document(Document(text, title="Strike on Kyiv", meta={"source": "wire"})).doc_id
        ids = dict(zip(names, project.insert_spans(doc, spans)))
        ids["doc"] = doc
        ids["attack"] = project.insert_event(doc, Event("ATTACK", *at("struck"), status="accepted", origin="rule",
            arguments=(Argument("Attacker", ids["russian"]), Argument("Instrument", ids["missiles"]),
                       Argument("Target", ids["kyiv"]), Argument("Source", ids["officials"]))))
        ids["meet"] = project.insert_event(doc, Event("MEET", *at("meet"), modality="planned", status="accepted",
            arguments=(Argument("Participant", ids["zelensky"]), Argument("Participant", ids["vance"]),
                       Argument("Place", ids["munich"]), Argument("Time", ids["friday"]))))
        ids["negated"] = project.insert_event(doc, Event("ATTACK", *at("attack"), polarity="negative",
            status="suggested", origin="rule",
            arguments=(Argument("Attacker", ids["ukraine"]), Argument("Target", ids["oblast"]))))
        ids["rejected"] = project.insert_event(doc, Event("INTERCEPT", *at("attack"), status="rejected"))
        project.update_document(doc, status="done", annotator="ana")
        ids["new"] = project.add_document(Document("Talks in Doha resumed.", spans=[
            Span(9, 13, "GPE", origin="model")])).doc_id
    return ids


@pytest.fixture(scope="module")
def ruler_nlp():  # noqa: ANN201 - spacy.language.Language
    """A blank English pipeline whose entity_ruler stands in for a trained NER (fast, no model; one per test module)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "PERSON", "pattern": "Zelensky"}, {"label": "NORP", "pattern": "Russian"}])
    return nlp
