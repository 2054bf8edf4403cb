"""Regenerate tests/data/kyiv-strike.gold.jsonl from (phrase, label, occurrences) triples.

Offsets are found by string search, kept only where they align with spacy.blank("en") tokens,
checked for overlaps, and written as code point offsets (end exclusive).

    python bench/make_gold.py
"""
from pathlib import Path
import json, sys
import spacy

SRC = Path(__file__).resolve().parents[1] / "tests" / "data" / "kyiv-strike.txt"
OUT = SRC.with_name("kyiv-strike.gold.jsonl")
text = open(SRC, encoding="utf-8").read()
doc = spacy.blank("en")(text)
starts = {t.idx for t in doc}
ends = {t.idx + len(t.text) for t in doc}

def occurrences(phrase):
    found, i = [], text.find(phrase)
    while i != -1:
        if i in starts and i + len(phrase) in ends:
            found.append(i)
        i = text.find(phrase, i + 1)
    return found

# (phrase, label, which token-aligned occurrences: "all" or list of 0-based indices)
TRIPLES = [
    ("Ballistic Missile", "WEAPON", "all"),
    ("Kyiv", "GPE", "all"),
    ("One", "CARDINAL", [0]),            # "Killed One Person"
    ("Russian", "NORP", "all"),
    ("missile", "WEAPON", "all"),        # "Russian missile strike", "the missile strikes", "Russian missile attacks"
    ("Ukraine", "GPE", "all"),
    ("overnight", "TIME", "all"),
    ("one", "CARDINAL", [0]),            # "one fatality"
    ("four", "CARDINAL", "all"),
    ("nine-year-old", "DATE", "all"),
    ("early Wednesday morning", "TIME", "all"),
    ("Ukrainian", "NORP", "all"),
    ("six", "CARDINAL", [0]),            # "six out of seven"
    ("seven", "CARDINAL", "all"),
    ("ballistic missiles", "WEAPON", "all"),
    ("71", "CARDINAL", "all"),
    ("drones", "WEAPON", "all"),
    ("Russia", "GPE", "all"),
    ("Volodymyr Zelensky", "PERSON", "all"),
    ("Vitali Klitschko", "PERSON", "all"),
    ("Holosiivskyi", "GPE", "all"),
    ("Podilskyi", "GPE", "all"),
    ("Sviatoshynskyi", "GPE", "all"),
    ("Obolonskyi", "GPE", "all"),
    ("Kryvyi Rih", "GPE", "all"),
    ("Tuesday night", "TIME", "all"),
    ("Dnipropetrovsk", "GPE", "all"),
    ("Serhiy Lysak", "PERSON", "all"),
    ("Telegram", "ORG", "all"),
    ("Wednesday", "DATE", [1]),          # "the attacks on Wednesday" (0 is inside "early Wednesday morning")
    ("Zelensky", "PERSON", "notin"),     # every one not inside "Volodymyr Zelensky"
    ("Vladimir Putin", "PERSON", "all"),
    ("Ukrainians", "NORP", "all"),
    ("the Guardian", "ORG", "all"),
    ("Kursk", "GPE", "all"),
    ("six months ago", "DATE", "all"),
    ("Dmitry Medvedev", "PERSON", "all"),
    ("Security Council", "ORG", [0]),     # Russia's Security Council (the only occurrence)
    ("Medvedev", "PERSON", "notin"),
    ("Trump", "PERSON", "notin"),         # Trump-Modi, Trump has also...
    ("Modi", "PERSON", "all"),
    ("the United States", "GPE", "all"),
    ("last year", "DATE", "all"),
    ("US", "GPE", "all"),
    ("Donald Trump", "PERSON", "all"),
    ("a single day", "DATE", "all"),
    ("Putin", "PERSON", "notin"),
    ("about 20%", "PERCENT", "all"),
    ("NATO", "ORG", "all"),
    ("Western", "NORP", "all"),
    ("Friday", "DATE", "all"),
    ("JD Vance", "PERSON", "all"),
    ("American", "NORP", "all"),
    ("the Munich Security Conference", "EVENT", "all"),
    ("the weekend", "DATE", "all"),
    ("The White House", "ORG", "all"),
]

spans = []
problems = []
# "notin" phrases keep only the occurrences not inside another (explicit) gold span
for phrase, label, which in TRIPLES:
    occ = occurrences(phrase)
    if not occ:
        problems.append(f"no token-aligned occurrence of {phrase!r}")
        continue
    if which == "all":
        chosen = occ
    elif which == "notin":
        chosen = occ  # filtered after all explicit spans are known
    else:
        chosen = [occ[i] for i in which]
    for s in chosen:
        spans.append({"start": s, "end": s + len(phrase), "label": label, "text": phrase, "_notin": which == "notin"})

fixed = [s for s in spans if not s["_notin"]]
for s in spans:
    if s["_notin"] and not any(f["start"] <= s["start"] and s["end"] <= f["end"] for f in fixed):
        fixed.append(s)
spans = sorted(({k: v for k, v in s.items() if k != "_notin"} for s in fixed), key=lambda s: (s["start"], s["end"]))

for a, b in zip(spans, spans[1:]):
    if b["start"] < a["end"]:
        problems.append(f"overlap {a} {b}")
for s in spans:
    assert text[s["start"]:s["end"]] == s["text"]
    span = doc.char_span(s["start"], s["end"], alignment_mode="strict")
    if span is None:
        problems.append(f"not token-aligned: {s}")
if problems:
    sys.exit("\n".join(problems))
with open(OUT, "w", encoding="utf-8") as fh:
    for s in spans:
        fh.write(json.dumps(s, ensure_ascii=False) + "\n")
from collections import Counter
print(len(spans), dict(Counter(s["label"] for s in spans).most_common()))
