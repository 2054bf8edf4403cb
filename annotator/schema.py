"""The label schema: entity labels with colour and one-key shortcut; load and validate.

The default schema ships in ``resources/schema.json``; a project keeps its own copy so that
a later change to the default never relabels an existing project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from annotator.errors import SchemaError

# Keys the window uses for actions; a label may not take them.
RESERVED_KEYS = frozenset({"a", "x", "e", "r", "?"})
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Z][A-Z0-9_\-]*$")


@dataclass(frozen=True, slots=True)
class Label:
    """An entity label: name, one-key shortcut, highlight colour."""

    name: str
    key: str
    color: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Role:
    """An event role: which entity labels may fill it (empty: any), and whether it may repeat."""

    name: str
    labels: tuple[str, ...] = ()
    repeat: bool = False

    def fits(self, label: str) -> bool:
        """True when a span with ``label`` may fill this role."""
        return not self.labels or label in self.labels


@dataclass(frozen=True, slots=True)
class EventType:
    """An event type: its roles (the common ones come on top), key after E, colour, codes."""

    name: str
    key: str
    color: str
    roles: tuple[Role, ...]
    codes: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Schema:
    """Entity labels, event types with roles, and a mapping from model labels to schema labels."""

    labels: tuple[Label, ...]
    label_map: dict[str, str | None] = field(default_factory=dict)
    name: str = "custom"
    events: tuple[EventType, ...] = ()
    common_roles: tuple[Role, ...] = ()
    modalities: tuple[str, ...] = ("asserted", "planned", "hypothetical")
    polarities: tuple[str, ...] = ("positive", "negative")

    def event(self, name: str) -> EventType | None:
        """The event type called ``name``, or None."""
        return next((e for e in self.events if e.name == name), None)

    def event_by_key(self, key: str) -> EventType | None:
        """The event type whose key (pressed after E) is ``key``, or None."""
        key = key.lower()
        return next((e for e in self.events if e.key == key), None)

    def roles_of(self, event_type: str) -> tuple[Role, ...]:
        """An event type's own roles followed by the common roles (Time, Place, Source)."""
        found = self.event(event_type)
        return (found.roles if found else ()) + self.common_roles

    def role(self, event_type: str, role: str) -> Role | None:
        """One role of an event type (common roles included), or None."""
        return next((r for r in self.roles_of(event_type) if r.name == role), None)

    @property
    def names(self) -> list[str]:
        """Label names in display order."""
        return [label.name for label in self.labels]

    def get(self, name: str) -> Label | None:
        """Return the label called ``name``, or None."""
        return next((label for label in self.labels if label.name == name), None)

    def by_key(self, key: str) -> Label | None:
        """Return the label whose shortcut is ``key`` (case-insensitive), or None."""
        key = key.lower()
        return next((label for label in self.labels if label.key == key), None)

    def map_label(self, model_label: str) -> str | None:
        """Translate a model's label into this schema; None means drop it."""
        if model_label in self.label_map:
            return self.label_map[model_label]
        return model_label if self.get(model_label) else None

    def to_dict(self) -> dict[str, Any]:
        """Serialise to the JSON shape ``from_dict`` reads."""
        return {
            "name": self.name,
            "labels": [
                {"name": l.name, "key": l.key, "color": l.color, "description": l.description}
                for l in self.labels
            ],
            "map": dict(self.label_map),
            "events": [
                {"type": e.name, "key": e.key, "color": e.color, "codes": dict(e.codes),
                 "roles": [_role_dict(r) for r in e.roles]}
                for e in self.events
            ],
            "common_roles": [_role_dict(r) for r in self.common_roles],
            "attributes": {"modality": list(self.modalities), "polarity": list(self.polarities)},
        }

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "schema") -> Schema:
        """Validate ``data`` and build a Schema; raise SchemaError naming every problem."""
        problems: list[str] = []
        if not isinstance(data, dict):
            raise SchemaError(f"{source}: expected a JSON object with a 'labels' list")
        raw_labels = data.get("labels")
        if not isinstance(raw_labels, list) or not raw_labels:
            raise SchemaError(f"{source}: 'labels' must be a non-empty list")
        labels: list[Label] = []
        seen_names: set[str] = set()
        seen_keys: set[str] = set()
        for i, item in enumerate(raw_labels):
            where = f"{source}: labels[{i}]"
            if not isinstance(item, dict):
                problems.append(f"{where} must be an object")
                continue
            name, key, color = item.get("name"), item.get("key"), item.get("color")
            if not isinstance(name, str) or not _NAME.match(name):
                problems.append(f"{where}: name {name!r} must be upper-case letters, digits, _ or -")
                continue
            if name in seen_names:
                problems.append(f"{where}: label {name} appears twice")
            if not isinstance(key, str) or len(key) != 1 or not key.isalnum():
                problems.append(f"{where} ({name}): key {key!r} must be one letter or digit")
            elif key.lower() in RESERVED_KEYS:
                problems.append(f"{where} ({name}): key {key!r} is reserved for an action")
            elif key.lower() in seen_keys:
                problems.append(f"{where} ({name}): key {key!r} is already used by another label")
            if not isinstance(color, str) or not _COLOR.match(color):
                problems.append(f"{where} ({name}): color {color!r} must look like #a1b2c3")
            if problems or not isinstance(key, str) or not isinstance(color, str):  # a bad key or color is in problems already
                continue
            seen_names.add(name)
            seen_keys.add(key.lower())
            labels.append(Label(name, key.lower(), color.lower(), str(item.get("description", ""))))
        raw_map = data.get("map", {})
        label_map: dict[str, str | None] = {}
        if not isinstance(raw_map, dict):
            problems.append(f"{source}: 'map' must be an object of model label -> schema label or null")
        else:
            for model_label, target in raw_map.items():
                if target is not None and target not in seen_names:
                    problems.append(f"{source}: map {model_label!r} -> {target!r}: no such label in the schema")
                label_map[str(model_label)] = target
        events, common_roles = _parse_events(data, seen_names, problems, source)
        attributes = data.get("attributes") or {}
        modalities = tuple(attributes.get("modality") or ("asserted", "planned", "hypothetical"))
        polarities = tuple(attributes.get("polarity") or ("positive", "negative"))
        if problems:
            raise SchemaError("\n".join(problems))
        return cls(tuple(labels), label_map, str(data.get("name", "custom")), events, common_roles,
                   modalities, polarities)


def _role_dict(role: Role) -> dict[str, Any]:
    return {"name": role.name, "labels": list(role.labels), "repeat": role.repeat}


def _parse_roles(raw: Any, labels: set[str], problems: list[str], where: str) -> tuple[Role, ...]:
    if not isinstance(raw, list):
        problems.append(f"{where}: roles must be a list")
        return ()
    roles: list[Role] = []
    for j, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            problems.append(f"{where}: roles[{j}] needs a \"name\"")
            continue
        allowed = item.get("labels") or []
        unknown = [l for l in allowed if l not in labels]
        if unknown:
            problems.append(f"{where}: role {item['name']} names unknown labels {', '.join(map(str, unknown))}")
        if item["name"] in {r.name for r in roles}:
            problems.append(f"{where}: role {item['name']} appears twice")
        roles.append(Role(item["name"], tuple(allowed), bool(item.get("repeat", False))))
    return tuple(roles)


def _parse_events(data: dict[str, Any], labels: set[str], problems: list[str], source: str
                  ) -> tuple[tuple[EventType, ...], tuple[Role, ...]]:
    common = _parse_roles(data.get("common_roles", []), labels, problems, f"{source}: common_roles")
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        problems.append(f"{source}: 'events' must be a list")
        return (), common
    events: list[EventType] = []
    for i, item in enumerate(raw_events):
        where = f"{source}: events[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object")
            continue
        name, key, color = item.get("type"), item.get("key"), item.get("color")
        if not isinstance(name, str) or not _NAME.match(name):
            problems.append(f"{where}: type {name!r} must be upper-case letters, digits, _ or -")
            continue
        if any(e.name == name for e in events):
            problems.append(f"{where}: event type {name} appears twice")
        if not isinstance(key, str) or len(key) != 1 or not key.isalnum():
            problems.append(f"{where} ({name}): key {key!r} must be one letter or digit (pressed after E)")
        elif any(e.key == key.lower() for e in events):
            problems.append(f"{where} ({name}): key {key!r} is already used by another event type")
        if not isinstance(color, str) or not _COLOR.match(color):
            problems.append(f"{where} ({name}): color {color!r} must look like #a1b2c3")
        roles = _parse_roles(item.get("roles", []), labels, problems, f"{where} ({name})")
        clash = {r.name for r in roles} & {r.name for r in common}
        if clash:
            problems.append(f"{where} ({name}): roles {', '.join(sorted(clash))} are already common roles")
        codes = item.get("codes") or {}
        if not isinstance(codes, dict):
            problems.append(f"{where} ({name}): codes must be an object")
            codes = {}
        if isinstance(key, str) and isinstance(color, str):
            events.append(EventType(name, key.lower(), color.lower(), roles, {str(k): v for k, v in codes.items()}))
    return tuple(events), common


def load_schema(path: str | Path) -> Schema:
    """Read and validate a schema JSON file."""
    path = Path(path)
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError as exc:
        raise SchemaError(f"{path}: no such schema file") from exc
    except orjson.JSONDecodeError as exc:
        raise SchemaError(f"{path}: not valid JSON ({exc})") from exc
    return Schema.from_dict(data, source=str(path))


def default_schema() -> Schema:
    """The schema that ships in ``resources/schema.json``."""
    data = orjson.loads(resources.files("resources").joinpath("schema.json").read_bytes())
    return Schema.from_dict(data, source="resources/schema.json")
