"""News-like documents with accepted spans, for the export tests (and the export memory figures).

Each document is a few sentences built from templates; every entity is a whole-token span, and
"Kyiv Oblast" also carries a nested GPE "Kyiv" (an overlap only ``spans["sc"]`` can hold).
"""

from __future__ import annotations

import random

from annotator.documents import Document, Span
from annotator.store import Store

PEOPLE = ["Volodymyr Zelensky", "Emmanuel Macron", "Olaf Scholz", "Antonio Guterres", "Kaja Kallas"]
ORGS = ["NATO", "the United Nations", "the European Union", "Reuters", "the Red Cross"]
PLACES = ["Odesa", "Kharkiv", "Brussels", "Geneva", "Warsaw"]
WEAPONS = ["drones", "missiles", "artillery shells"]
DATES = ["Monday", "Tuesday", "last week", "on 3 March"]

SENTENCES = [
    ("{PERSON} met officials from {ORG} in {GPE} {DATE}.", ),
    ("Russian {WEAPON} struck {GPE} overnight, {ORG} said.", ),
    ("{ORG} reported that {WEAPON} hit Kyiv Oblast {DATE}.", ),
    ("{PERSON} told {ORG} that talks would resume in {GPE}.", ),
]
CHOICES = {"PERSON": PEOPLE, "ORG": ORGS, "GPE": PLACES, "WEAPON": WEAPONS, "DATE": DATES}


def labelled_document(rng: random.Random, n_sentences: int = 3) -> Document:
    """One document: sentences from the templates, with their entities as accepted human spans."""
    text = ""
    spans: list[Span] = []
    for k in range(n_sentences):
        if k:
            text += " " if rng.random() < 0.7 else "\n\n"
        template = rng.choice(SENTENCES)[0]
        rest = template
        while "{" in rest:
            before, _, after = rest.partition("{")
            label, _, rest = after.partition("}")
            text += before
            value = rng.choice(CHOICES[label])
            spans.append(Span(len(text), len(text) + len(value), label, status="accepted"))
            text += value
        text += rest
        where = text.rfind("Kyiv Oblast")
        if where >= 0 and not any(s.start == where for s in spans):
            spans.append(Span(where, where + len("Kyiv Oblast"), "LOC", status="accepted"))
            spans.append(Span(where, where + len("Kyiv"), "GPE", status="accepted"))
    return Document(text, title=text[:40], spans=spans)


def add_labelled_documents(store: Store, n: int, *, seed: int = 0, status: str = "done",
                           annotators: tuple[str, ...] = ("ana",)) -> list[int]:
    """Add ``n`` labelled documents with ``status``, annotators taking turns; returns their ids."""
    rng = random.Random(seed)
    ids = []
    with store.transaction():
        for i in range(n):
            doc_id = store.add_document(labelled_document(rng, rng.randint(1, 4))).doc_id
            store.update_document(doc_id, status=status, annotator=annotators[i % len(annotators)])
            ids.append(doc_id)
    return ids
