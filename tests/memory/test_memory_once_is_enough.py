"""The issue's acceptance test: where the model keeps making the same mistake, a correction made once is
not needed again - the remaining documents already suggest the corrected label, and accepting them is all."""

from __future__ import annotations

from typing import Any

from annotator import commands, memory
from annotator.store import Store

ARTICLES = [
    "Overnight drones hit Kyiv, the mayor said.",
    "Kyiv woke to air-raid sirens again.",
    "Power returned to most of Kyiv by noon.",
    "Schools in Kyiv moved lessons online.",
    "Kyiv and Lviv reported falling debris.",
]


def test_one_relabel_fixes_every_unreviewed_document(project: Store, add_suggested: Any) -> None:
    docs = [add_suggested(text, ("Kyiv", "PERSON")) for text in ARTICLES]
    first = docs[0]
    commands.execute(project, memory.teach(commands.relabel(first, [project.spans(first)[0].id], "GPE")),
                     annotator="ana")
    for doc in docs[1:]:
        (span,) = project.spans(doc)
        assert (span.label, span.status, span.origin) == ("GPE", "suggested", "memory")
    # The analyst works through the rest with Ctrl+Enter alone: no correction, and each confirms the lesson.
    for doc in docs[1:]:
        commands.execute(project, memory.teach(commands.finish_document(project, doc)), annotator="ana")
    assert {(s.label, s.status) for d in docs for s in project.spans(d)} == {("GPE", "accepted")}
    assert [(e.phrase, e.label, e.count) for e in memory.entries(project)] == [("Kyiv", "GPE", 5)]
