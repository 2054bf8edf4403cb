"""The event rules' configuration, typed and frozen: what ``resources/events.json`` says, checked once on load.

Every trigger word, slot-to-role mapping, lexicon, cue and score of the event rules is data in
``resources/events.json``; :func:`event_config` reads it (once per process, via importlib.resources)
into the frozen dataclasses below, so a misspelt key fails on load, naming the key, instead of
silently switching a rule off. Word lists that are only looked up become frozensets; lists whose
order decides something (the first event type that claims a lemma, the first label of a lexicon
word) keep their order as tuples; mappings are read-only. Keys starting with ``_`` (and the
top-level ``description``) are comments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, TypeVar

import orjson

T = TypeVar("T")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return _EMPTY


class EventConfigError(ValueError):
    """``resources/events.json`` (or a configuration given in its place) does not have the expected shape."""


@lru_cache(maxsize=1)
def load_event_config() -> dict[str, Any]:
    """The event rules shipped in ``resources/events.json`` as plain JSON data (read once per process)."""
    return orjson.loads(resources.files("resources").joinpath("events.json").read_bytes())


@lru_cache(maxsize=1)
def event_config() -> EventConfig:
    """The shipped event rules, typed (built once per process)."""
    return EventConfig.from_dict(load_event_config())


def _checked(raw: Any, cls: type, where: str, renamed: Mapping[str, str] = _EMPTY) -> dict[str, Any]:
    """``raw`` as a dict whose keys all name fields of ``cls`` (after ``renamed``), comments dropped."""
    if not isinstance(raw, dict):
        raise EventConfigError(f"{where}: expected an object, got {type(raw).__name__}")
    names = {f.name for f in fields(cls)}
    out = {}
    for key, value in raw.items():
        if key.startswith("_") or (where == "events.json" and key == "description"):
            continue
        name = renamed.get(key, key)
        if name not in names:
            raise EventConfigError(f"{where}: unknown key {key!r}")
        out[name] = value
    return out


def _words(raw: Any, where: str) -> frozenset[str]:
    return frozenset(_ordered(raw, where))


def _ordered(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise EventConfigError(f"{where}: expected a list of strings")
    return tuple(raw)


def _table(raw: Any, where: str, value: Any) -> Mapping[str, Any]:
    """A read-only mapping of ``raw``'s keys (order kept) to ``value(item, where)``."""
    if not isinstance(raw, dict):
        raise EventConfigError(f"{where}: expected an object")
    return MappingProxyType({key: value(item, f"{where}.{key}") for key, item in raw.items()
                             if not key.startswith("_")})


def _text(raw: Any, where: str) -> str:
    if not isinstance(raw, str):
        raise EventConfigError(f"{where}: expected a string")
    return raw


def _role(raw: Any, where: str) -> str | None:
    """A role name, or null: the type has no role for this slot."""
    return None if raw is None else _text(raw, where)


def _build(cls: type[T], raw: Any, where: str, convert: Mapping[str, Any], renamed: Mapping[str, str] = _EMPTY) -> T:
    """``cls`` from a JSON object: each field converted by ``convert[name](value, where)``, missing ones defaulted."""
    values = _checked(raw, cls, where, renamed)
    try:
        return cls(**{name: convert[name](value, f"{where}.{name}") for name, value in values.items()})
    except TypeError as exc:  # a required field is missing
        raise EventConfigError(f"{where}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Phrase:
    """A multi-word trigger ("shot down", "set fire"): a spaCy ``Matcher`` pattern and its event type.

    ``head`` is the token (counted from the match's start) whose syntax the event reads;
    ``trigger`` the [first, end) tokens the trigger's extent covers (default: the whole match).
    """

    type: str
    pattern: tuple[dict[str, Any], ...]  # spaCy Matcher token patterns, as spaCy reads them
    head: int = 0
    trigger: tuple[int, int] | None = None

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Phrase:
        def pattern(value: Any, at: str) -> tuple[dict[str, Any], ...]:
            if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
                raise EventConfigError(f"{at}: expected a list of token patterns")
            return tuple(value)

        def span(value: Any, at: str) -> tuple[int, int]:
            if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, int) for v in value):
                raise EventConfigError(f"{at}: expected [first, end]")
            return value[0], value[1]

        return _build(cls, raw, where, {"type": _text, "pattern": pattern, "head": lambda v, _: int(v), "trigger": span})


@dataclass(frozen=True, slots=True)
class Constraint:
    """Conditions a trigger lemma must meet (``constraints``); ``kind`` limits them to one part of speech."""

    kind: str | None = None
    after_determiner: bool = False  # "an offensive", not "offensive weapons"
    plural: bool = False  # "talks", not "talk"
    needs_argument: bool = False  # dropped unless it fills a role other than time, place or source
    needs_weapon: bool = False  # "launched missiles", not "launched a campaign"
    needs_agentive_complement: bool = False  # "warned that Russia would ...", not "warned of rain"
    needs_agentive_subject: bool = False
    unless_object: frozenset[str] = frozenset()  # "strike a deal" is no attack
    unless_type_in_sentence: frozenset[str] = frozenset()  # "sanctions targeting banks": no attack

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Constraint:
        flag = lambda v, at: bool(v)
        return _build(cls, raw, where, {
            "kind": _text, "after_determiner": flag, "plural": flag, "needs_argument": flag, "needs_weapon": flag,
            "needs_agentive_complement": flag, "needs_agentive_subject": flag,
            "unless_object": _words, "unless_type_in_sentence": _words,
        })


NO_CONSTRAINT = Constraint()


@dataclass(frozen=True, slots=True)
class LightVerbs:
    """Verbs that lend an event noun their syntax: ``noun`` ones leave the noun the trigger ("launch an
    attack"), ``verb`` ones become the trigger themselves ("impose sanctions")."""

    noun: frozenset[str] = frozenset()
    verb: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> LightVerbs:
        return _build(cls, raw, where, {"noun": _words, "verb": _words})


@dataclass(frozen=True, slots=True)
class TypeRoles:
    """How one event type's grammatical slots map to its roles (``roles``)."""

    agent: str | None = None
    patient: str | None = None
    weapon: str | None = None
    modifier: str | None = None  # the role NORP/GPE/ORG modifiers of a noun trigger fill
    count: str | None = None
    owner: str | None = None  # "dismissed Zelensky's proposal": the possessor of the object
    preps: Mapping[str, str] = field(default_factory=_empty)  # preposition -> role
    via_verbs: Mapping[str, str] = field(default_factory=_empty)  # "sanctions ..., targeting 180 tankers": verb -> role of its object
    subject_is_patient: frozenset[str] = frozenset()  # lemmas whose subject undergoes the event ("die")

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> TypeRoles:
        strings = lambda v, at: _table(v, at, _text)
        return _build(cls, raw, where, {
            "agent": _role, "patient": _role, "weapon": _role, "modifier": _role, "count": _role, "owner": _role,
            "preps": strings, "via_verbs": strings, "subject_is_patient": _words,
        })

    def slot(self, name: str) -> str | None:
        """The role the grammatical slot ``name`` ("agent" or "patient") fills, if the type has one."""
        return self.agent if name == "agent" else self.patient if name == "patient" else None


NO_ROLES = TypeRoles()


@dataclass(frozen=True, slots=True)
class RoleNames:
    """The names of the roles every event type shares (``common_role_names``)."""

    time: str
    place: str
    source: str

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> RoleNames:
        return _build(cls, raw, where, {"time": _text, "place": _text, "source": _text})


@dataclass(frozen=True, slots=True)
class LabelClasses:
    """Entity labels grouped by what they can be in an event (``label_classes``)."""

    agent: frozenset[str]
    person: frozenset[str]
    group: frozenset[str]
    people_nouns: frozenset[str]
    place: frozenset[str]
    time: frozenset[str]
    weapon: str
    count: str

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> LabelClasses:
        return _build(cls, raw, where, {
            "agent": _words, "person": _words, "group": _words, "people_nouns": _words, "place": _words,
            "time": _words, "weapon": _text, "count": _text,
        })


@dataclass(frozen=True, slots=True)
class SourceCues:
    """Who reports: reporting verbs, "according to", and the documents a report comes in (``source``)."""

    verbs: frozenset[str]
    according: frozenset[str]
    documents: frozenset[str]

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> SourceCues:
        return _build(cls, raw, where, {"verbs": _words, "according": _words, "documents": _words})


@dataclass(frozen=True, slots=True)
class Pronouns:
    """Pronouns resolved to an antecedent, and how many sentences back one is looked for (``resolve_pronouns``)."""

    person: frozenset[str]
    group: frozenset[str]
    lookback_sentences: int

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Pronouns:
        return _build(cls, raw, where, {"person": _words, "group": _words, "lookback_sentences": lambda v, _: int(v)})


@dataclass(frozen=True, slots=True)
class Inheritance:
    """Roles a death, injury or damage takes from the attack of its sentence (``inherit``).

    ``to`` maps each receiving type to {attack role: its own role}; a ``place_only`` role passes
    on only a place ("the strike on Kharkiv" -> died in Kharkiv, not died "a hospital").
    """

    source_type: str | None = None  # "from" in the JSON
    place_only: frozenset[str] = frozenset()
    to: Mapping[str, Mapping[str, str]] = field(default_factory=_empty)

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Inheritance:
        roles = lambda v, at: _table(v, at, lambda m, at2: _table(m, at2, _text))
        return _build(cls, raw, where, {"source_type": _role, "place_only": _words, "to": roles},
                      renamed={"from": "source_type"})


@dataclass(frozen=True, slots=True)
class Responsibility:
    """"claimed responsibility for the bombing": the nouns and the verbs that make a claimant the agent."""

    nouns: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Responsibility:
        return _build(cls, raw, where, {"nouns": _words, "verbs": _words})


@dataclass(frozen=True, slots=True)
class NounEffects:
    """Roles a noun trigger of ``types`` gets from the verbs around it (``noun_trigger_effects``)."""

    types: frozenset[str] = frozenset()
    directed_verbs: frozenset[str] = frozenset()  # "bombings aimed at civilians"
    directed_preps: frozenset[str] = frozenset()
    responsibility: Responsibility = Responsibility()
    occurrence_verbs: frozenset[str] = frozenset()  # "the explosion was at the station"

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> NounEffects:
        return _build(cls, raw, where, {
            "types": _words, "directed_verbs": _words, "directed_preps": _words,
            "responsibility": Responsibility.from_dict, "occurrence_verbs": _words,
        })


@dataclass(frozen=True, slots=True)
class Modality:
    """Cues of a planned or hypothetical event: auxiliaries, governing verbs and nouns, marks, modifiers."""

    planned_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    planned_governors: frozenset[str]
    hypothetical_governors: frozenset[str]
    hypothetical_marks: frozenset[str]
    planned_modifiers: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    hypothetical_nouns: frozenset[str]
    planned_nouns: frozenset[str]

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Modality:
        return _build(cls, raw, where, {f.name: _words for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Negation:
    """Negative polarity: negating words and verbs of denial ("denied that ... struck")."""

    words: frozenset[str]
    denial_verbs: frozenset[str]

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Negation:
        return _build(cls, raw, where, {"words": _words, "denial_verbs": _words})


@dataclass(frozen=True, slots=True)
class Scores:
    """The score of each kind of trigger and argument evidence, and the penalties (``scores``)."""

    trigger_verb: float
    trigger_noun: float
    trigger_phrase: float
    trigger_any: float
    light_verb_bonus: float
    argument_direct: float
    argument_prep: float
    argument_modifier: float
    argument_count: float
    argument_source: float
    argument_inherited: float
    argument_fallback: float
    pronoun_penalty: float
    new_span_penalty: float
    new_span: float

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Scores:
        def number(value: Any, at: str) -> float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise EventConfigError(f"{at}: expected a number")
            return value  # as written: an int stays an int, so stored scores are unchanged

        return _build(cls, raw, where, {f.name: number for f in fields(cls)})

    def trigger(self, kind: str) -> float:
        """The score of a trigger found as a ``kind`` (verb, noun, any, phrase)."""
        return {"verb": self.trigger_verb, "noun": self.trigger_noun, "any": self.trigger_any,
                "phrase": self.trigger_phrase}[kind]


@dataclass(frozen=True, slots=True)
class EventConfig:
    """Everything the event rules know, from ``resources/events.json`` (see its ``description``)."""

    triggers: Mapping[str, Mapping[str, tuple[str, ...]]]  # type -> kind (verb|noun|any) -> lemmas, in order
    roles: Mapping[str, TypeRoles]
    common_role_names: RoleNames
    label_classes: LabelClasses
    modality: Modality
    negation: Negation
    source: SourceCues
    resolve_pronouns: Pronouns
    lexicons: Mapping[str, tuple[str, ...]]  # label -> nouns; a noun in two lists takes the first label
    scores: Scores
    modifier_labels: frozenset[str]
    place_preps: frozenset[str]
    time_preps: frozenset[str]
    phrases: tuple[Phrase, ...] = ()
    constraints: Mapping[str, Constraint] = field(default_factory=_empty)
    blocking_labels: frozenset[str] = frozenset()
    light_verbs: Mapping[str, LightVerbs] = field(default_factory=_empty)
    open_role_exclude: frozenset[str] = frozenset()
    noun_only_preps: frozenset[str] = frozenset()
    time_words: Mapping[str, str] = field(default_factory=_empty)  # word -> label ("overnight" -> TIME)
    partitive_words: frozenset[str] = frozenset()
    time_exclude_suffixes: tuple[str, ...] = ()
    inherit: Inheritance = Inheritance()
    noun_trigger_effects: NounEffects = NounEffects()
    fallback: Mapping[str, frozenset[str]] = field(default_factory=_empty)  # role -> event types ("*": all), in order
    fallback_labels: Mapping[str, frozenset[str]] = field(default_factory=_empty)
    fallback_needs_place_prep: frozenset[str] = frozenset()
    role_noun_labels: Mapping[str, frozenset[str]] = field(default_factory=_empty)
    number_words: frozenset[str] = frozenset()
    count_quantifiers: tuple[str, ...] = ()  # not read by the rules (yet)

    @classmethod
    def from_dict(cls, raw: Any, where: str = "events.json") -> EventConfig:
        """The typed configuration of a parsed events.json; :class:`EventConfigError` names what is wrong."""
        kinds = lambda v, at: _table(v, at, _ordered)
        word_table = lambda v, at: _table(v, at, _words)

        def phrases(value: Any, at: str) -> tuple[Phrase, ...]:
            if not isinstance(value, list):
                raise EventConfigError(f"{at}: expected a list")
            return tuple(Phrase.from_dict(p, f"{at}[{n}]") for n, p in enumerate(value))

        return _build(cls, raw, where, {
            "triggers": lambda v, at: _table(v, at, kinds),
            "roles": lambda v, at: _table(v, at, TypeRoles.from_dict),
            "common_role_names": RoleNames.from_dict,
            "label_classes": LabelClasses.from_dict,
            "modality": Modality.from_dict,
            "negation": Negation.from_dict,
            "source": SourceCues.from_dict,
            "resolve_pronouns": Pronouns.from_dict,
            "lexicons": kinds,
            "scores": Scores.from_dict,
            "modifier_labels": _words,
            "place_preps": _words,
            "time_preps": _words,
            "phrases": phrases,
            "constraints": lambda v, at: _table(v, at, Constraint.from_dict),
            "blocking_labels": _words,
            "light_verbs": lambda v, at: _table(v, at, LightVerbs.from_dict),
            "open_role_exclude": _words,
            "noun_only_preps": _words,
            "time_words": lambda v, at: _table(v, at, _text),
            "partitive_words": _words,
            "time_exclude_suffixes": _ordered,
            "inherit": Inheritance.from_dict,
            "noun_trigger_effects": NounEffects.from_dict,
            "fallback": word_table,
            "fallback_labels": word_table,
            "fallback_needs_place_prep": _words,
            "role_noun_labels": word_table,
            "number_words": _words,
            "count_quantifiers": _ordered,
        })


__all__ = [
    "NO_CONSTRAINT", "NO_ROLES", "Constraint", "EventConfig", "EventConfigError", "Inheritance", "LabelClasses",
    "LightVerbs", "Modality", "Negation", "NounEffects", "Phrase", "Pronouns", "Responsibility", "RoleNames",
    "Scores", "SourceCues", "TypeRoles", "event_config", "load_event_config",
]
