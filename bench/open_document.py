"""Opening a document in the window vs a plain QPlainTextEdit with ExtraSelections.

Ours: ``MainWindow.open_document`` (database read, text, span list, highlights) until the
article has painted. Baseline: ``setPlainText`` plus one ``ExtraSelection`` per span on a
plain ``QPlainTextEdit``, until it has painted. ratio = baseline time / our time.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PARAGRAPH = (
    "Russian forces launched 52 Shahed drones and two Iskander-M ballistic missiles at Odesa early on "
    "Wednesday, killing four people, regional governor Oleh Kiper said on Telegram. Ukraine's air force "
    "said it shot down 40 of the drones over the Black Sea.\n\n"
)
PHRASES = (("Russian", "NORP"), ("52", "CARDINAL"), ("Shahed drones", "WEAPON"), ("Odesa", "GPE"),
           ("Wednesday", "DATE"), ("four", "CARDINAL"), ("Oleh Kiper", "PERSON"), ("Telegram", "ORG"),
           ("Ukraine", "GPE"), ("40", "CARDINAL"), ("the Black Sea", "LOC"))


def make_text(n_spans: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A news-like text holding exactly ``n_spans`` entity spans."""
    per = len(PHRASES)
    copies = -(-n_spans // per)
    text = PARAGRAPH * copies
    spans: list[tuple[int, int, str]] = []
    for c in range(copies):
        base = c * len(PARAGRAPH)
        for phrase, label in PHRASES:
            start = base + PARAGRAPH.index(phrase)
            spans.append((start, start + len(phrase), label))
    return text, spans[:n_spans]


def _settle(app: Any, window: Any) -> None:
    """Let the window's start-up work finish (the tokenizer warm-up imports spaCy in a thread,
    which would compete for the GIL with what is measured)."""
    deadline = time.perf_counter() + 60
    while window.jobs.threads and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _selections(plain: Any, spans: list[tuple[int, int, str]], colors: dict[str, Any]) -> list[Any]:
    """The baseline's highlights: one ExtraSelection per span, the way a plain QPlainTextEdit does it."""
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QTextEdit

    selections = []
    for s, e, label in spans:
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(colors.get(label, QColor("#dddddd")))
        cursor = QTextCursor(plain.document())
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        selections.append(selection)
    return selections


def _compare(name: str, ours: Any, baseline: Any, repeat: int, widgets: tuple[Any, ...],
             **figures: Any) -> dict[str, Any]:
    """Best of ``repeat`` for each side, the widgets closed, as one JSON record."""
    ours_s = _best(ours, repeat)
    base_s = _best(baseline, repeat)
    for widget in widgets:
        widget.close()
    return {"name": name, "ratio": round(base_s / ours_s, 3), "ms": round(ours_s * 1000, 2),
            "baseline_ms": round(base_s * 1000, 2), **figures}


def _best(fn: Any, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def run(n_spans: int, *, repeat: int = 5) -> dict[str, Any]:
    """Time both ways of showing one document with ``n_spans`` highlights; returns the JSON record."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.documents import Document, Span
    from annotator.store import open_project
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    text, spans = make_text(n_spans)
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    store = open_project(folder / "bench.db")
    with store.transaction():
        other = store.add_document(Document("A short other document.", "other")).doc_id
        doc_id = store.add_document(Document(text, "bench")).doc_id
        store.insert_spans(doc_id, [Span(s, e, label, origin="model") for s, e, label in spans])
    window = MainWindow(store, annotator="bench", preannotate=False)
    window.resize(1400, 860)
    window.show()
    _settle(app, window)
    app.processEvents()

    def ours() -> float:
        window.open_document(other)
        app.processEvents()
        start = time.perf_counter()
        window.open_document(doc_id)
        window.article.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - start

    plain = QPlainTextEdit()
    plain.resize(window.article.size())
    plain.show()
    colors = {label: QColor(c) for label, c in (("NORP", "#c887fb"), ("GPE", "#feca74"))}

    def baseline() -> float:
        plain.setPlainText("")
        plain.setExtraSelections([])
        app.processEvents()
        start = time.perf_counter()
        plain.setPlainText(text)
        plain.setExtraSelections(_selections(plain, spans, colors))
        plain.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - start

    return _compare(f"open_document_{n_spans}", ours, baseline, repeat, (window, plain),
                    spans=n_spans, chars=len(text))


def run_action(n_spans: int, *, repeat: int = 5) -> dict[str, Any]:
    """One accept on a document with ``n_spans`` highlights: stored, list and view updated, repainted.

    Baseline: a plain QPlainTextEdit changing one span's colour, which means re-assigning the
    whole ExtraSelections list (Qt has no way to change one) and repainting.
    """
    from PySide6.QtGui import QColor, QTextCharFormat
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator import commands
    from annotator.documents import Document, Span
    from annotator.store import open_project
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    text, spans = make_text(n_spans)
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    store = open_project(folder / "bench.db")
    with store.transaction():
        doc_id = store.add_document(Document(text, "bench")).doc_id
        ids = store.insert_spans(doc_id, [Span(s, e, label, origin="model") for s, e, label in spans])
    window = MainWindow(store, annotator="bench", preannotate=False)
    window.resize(1400, 860)
    window.show()
    _settle(app, window)
    window.open_document(doc_id)
    app.processEvents()
    targets = iter(ids)

    def ours() -> float:
        span_id = next(targets)
        window.focus_span(span_id)
        app.processEvents()
        start = time.perf_counter()
        window.run(commands.accept(doc_id, [span_id]))
        window.article.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - start

    plain = QPlainTextEdit()
    plain.resize(window.article.size())
    plain.setPlainText(text)
    plain.show()
    selections = _selections(plain, spans, {})
    plain.setExtraSelections(selections)
    app.processEvents()
    counter = iter(range(len(selections)))

    def baseline() -> float:
        i = next(counter)
        start = time.perf_counter()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#feca74"))
        selections[i].format = fmt
        plain.setExtraSelections(selections)
        plain.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - start

    return _compare(f"action_repaint_{n_spans}", ours, baseline, repeat, (window, plain), spans=n_spans)


if __name__ == "__main__":
    import json

    print(json.dumps(run(300)))
