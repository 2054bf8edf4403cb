"""Seeded generator of news-like articles for the scale benchmarks (100,000 articles in seconds).

    python bench/scale.py OUT [--n 100000] [--seed 7] [--format txt|jsonl]

Articles are assembled from sentence templates filled with people, places, organisations,
weapons, numbers and dates, so spaCy and the rules find entities and events in them. Lengths
vary from about 500 to 6,000 characters (log-normal, median about 2,000); every
``long_every``-th article is instead longer than spaCy's default ``nlp.max_length`` (1,000,000),
so pre-annotation has to cut it into pieces. The same ``(n, seed)`` always gives the same texts.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson

FIRST = ("Oleh", "Maria", "Ahmed", "Li", "John", "Fatima", "Sergei", "Ana", "Kwame", "Yusuf", "Elena", "David",
         "Priya", "Omar", "Hanna", "Carlos", "Aisha", "Viktor", "Mei", "Samuel")
LAST = ("Kiper", "Haddad", "Petrov", "Okafor", "Smith", "Nguyen", "Kovalenko", "Rahman", "Garcia", "Schmidt",
        "Ivanova", "Mensah", "Tanaka", "Khalil", "Novak", "Silva", "Mahmoud", "Dubois", "Singh", "Abebe")
PLACES = ("Kyiv", "Odesa", "Kharkiv", "Gaza", "Khartoum", "El Fasher", "Damascus", "Aleppo", "Beirut", "Doha",
          "Geneva", "Brussels", "Moscow", "Tehran", "Sanaa", "Manila", "Caracas", "Kinshasa", "Mogadishu", "Tripoli")
COUNTRIES = ("Ukraine", "Russia", "Israel", "Sudan", "Syria", "Lebanon", "Qatar", "Iran", "Yemen", "the Philippines",
             "Venezuela", "Somalia", "Libya", "France", "Germany", "Turkey", "Egypt", "China", "India", "Poland")
NORPS = ("Russian", "Ukrainian", "Israeli", "Sudanese", "Syrian", "Iranian", "Houthi", "American", "European",
         "Turkish")
ORGS = ("the United Nations", "NATO", "the European Union", "the Red Cross", "Reuters", "the World Bank",
        "the Rapid Support Forces", "Hezbollah", "the African Union", "Amnesty International", "the IAEA",
        "the health ministry", "the defence ministry", "the Kremlin", "the White House")
WEAPONS = ("Shahed drones", "ballistic missiles", "Iskander-M missiles", "artillery shells", "rockets",
           "cruise missiles", "glide bombs", "mortar rounds", "Kalibr missiles", "attack drones")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
ROLES = ("governor", "foreign minister", "spokesperson", "mayor", "commander", "envoy", "prime minister",
         "president", "analyst", "official")
TOPICS = ("a ceasefire", "a prisoner swap", "grain exports", "humanitarian access", "new sanctions",
          "the nuclear programme", "reconstruction funds", "a border deal", "energy supplies", "elections")

SENTENCES = (
    "{norp} forces launched {n} {weapon} at {place} early on {day}, {person}, the regional {role}, said.",
    "The air force said it shot down {m} of the {weapon} over {country}.",
    "At least {k} people were killed and {n} wounded in the strike on {place}, {org} said.",
    "{person} met {person2} in {place} on {day} to discuss {topic}.",
    "{org} imposed sanctions on {n} companies in {country} over {topic}.",
    "{country} rejected a proposal from {country2} on {topic}, calling it unacceptable.",
    "Police in {place} arrested {k} protesters who had rallied against {topic}.",
    "Thousands of people protested in {place} on {day}, demanding {topic}.",
    "{person} warned that {country} could strike back if the attacks continued.",
    "Talks between {country} and {country2} on {topic} are scheduled to resume in {place} on {day}.",
    "The fire damaged a power station and several homes in {place}, {org} said in a statement.",
    "Officials in {country} and {country2} signed an agreement on {topic} on {date}.",
    "{person}, {role} of {country}, said on {day} that {topic} would not wait.",
    "Shelling in {place} injured {k} civilians, including {m} children, according to {org}.",
    "{org} said it was too early to say whether {topic} would hold.",
    "Prices in {place} rose by {p} percent in {month}, the statistics office said.",
    "The {norp} government offered {topic} in exchange for {topic2}, {person} said.",
    "Satellite images reviewed by {org} showed damage to at least {n} buildings near {place}.",
)


class _Picker:
    """Fast seeded choices (one ``random.Random`` per generator, so results never depend on others)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def person(self) -> str:
        rng = self.rng
        return f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}"

    def fill(self, template: str) -> str:
        rng = self.rng
        one = rng.choice
        return template.format(
            norp=one(NORPS), n=rng.randint(2, 120), m=rng.randint(1, 60), k=rng.randint(1, 40), p=rng.randint(1, 30),
            weapon=one(WEAPONS), place=one(PLACES), day=one(DAYS), month=one(MONTHS), role=one(ROLES),
            person=self.person(), person2=self.person(), country=one(COUNTRIES), country2=one(COUNTRIES),
            org=one(ORGS), topic=one(TOPICS), topic2=one(TOPICS),
            date=f"{rng.randint(1, 28)} {one(MONTHS)} {rng.randint(2019, 2025)}",
        ).replace("the the", "the")

    def body(self, length: int) -> str:
        """Paragraphs of three to five sentences until about ``length`` characters."""
        rng = self.rng
        paragraphs: list[str] = []
        size = 0
        while size < length:
            sentences = [self.fill(rng.choice(SENTENCES)) for _ in range(rng.randint(3, 5))]
            paragraph = " ".join(s[0].upper() + s[1:] for s in sentences)
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        return "\n\n".join(paragraphs)


def article_length(rng: random.Random) -> int:
    """A body length between 500 and 6,000 characters, log-normal around 2,000."""
    return int(min(6000, max(500, math.exp(rng.gauss(math.log(2000), 0.55)))))


def articles(n: int, *, seed: int = 7, long_every: int = 25_000,
             long_chars: int = 1_050_000) -> Iterator[tuple[str, str]]:
    """``n`` (title, text) pairs; the text starts with the title line. Distinct texts (numbered dateline)."""
    pick = _Picker(seed)
    for i in range(n):
        is_long = long_every > 0 and i % long_every == long_every - 1
        length = long_chars if is_long else article_length(pick.rng)
        title = pick.fill(pick.rng.choice(SENTENCES)).rstrip(".")
        if len(title) > 90:
            title = title[:90].rsplit(" ", 1)[0]
        dateline = f"{pick.rng.choice(PLACES).upper()}, {pick.rng.randint(1, 28)} {pick.rng.choice(MONTHS)} (Wire {i})"
        yield title, f"{title}\n\n{dateline} - {pick.body(length)}\n"


def write_folder(folder: Path, n: int, *, seed: int = 7, per_folder: int = 1000, **options: int) -> Path:
    """Write ``n`` articles as ``folder/NNN/NNNNNN.txt`` (1,000 per subfolder); returns ``folder``."""
    for i, (_title, text) in enumerate(articles(n, seed=seed, **options)):
        sub = folder / f"{i // per_folder:03d}"
        if i % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def write_jsonl(path: Path, n: int, *, seed: int = 7, **options: int) -> Path:
    """Write ``n`` articles as one JSONL file of ``{"title", "text"}`` records; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for title, text in articles(n, seed=seed, **options):
            out.write(orjson.dumps({"title": title, "text": text}) + b"\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus as a folder of .txt files or one .jsonl file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder (txt) or file (jsonl) to write")
    parser.add_argument("--n", type=int, default=100_000, help="number of articles (default 100000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    parser.add_argument("--long-every", type=int, default=25_000,
                        help="every Nth article is longer than spaCy's max_length (0: none)")
    args = parser.parse_args(argv)
    write = write_folder if args.format == "txt" else write_jsonl
    write(args.out, args.n, seed=args.seed, long_every=args.long_every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
