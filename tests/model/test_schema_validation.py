"""Label schemas are validated with messages that say what to fix; the default one is valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.schema import Schema, SchemaError, default_schema, load_schema
from annotator.store import open_project

DESIGN_LABELS = {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "DATE", "TIME",
                 "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "WEAPON"}


def _label(name: str = "PERSON", key: str = "1", color: str = "#aa9cfc") -> dict[str, Any]:
    return {"name": name, "key": key, "color": color}


def test_default_schema_has_the_design_labels_with_unique_keys() -> None:
    schema = default_schema()
    assert set(schema.names) == DESIGN_LABELS
    keys = [label.key for label in schema.labels]
    assert len(set(keys)) == len(keys)
    assert schema.by_key(schema.labels[0].key) == schema.labels[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a JSON object"),
        ({"labels": []}, "'labels' must be a non-empty list"),
        ({"labels": ["PERSON"]}, "labels[0] must be an object"),
        ({"labels": [_label(name="person")]}, "name 'person' must be upper-case"),
        ({"labels": [_label(), _label(key="2")]}, "label PERSON appears twice"),
        ({"labels": [_label(key="12")]}, "must be one letter or digit"),
        ({"labels": [_label(key="a")]}, "key 'a' is reserved"),
        ({"labels": [_label(), _label("ORG", key="1")]}, "key '1' is already used"),
        ({"labels": [_label(color="red")]}, "color 'red' must look like #a1b2c3"),
        ({"labels": [_label()], "map": {"NORP": "NATIONALITY"}}, "no such label"),
        ({"labels": [_label()], "map": ["NORP"]}, "'map' must be an object"),
    ],
)
def test_invalid_schemas_are_refused_with_a_reason(data: Any, message: str) -> None:
    with pytest.raises(SchemaError) as info:
        Schema.from_dict(data, source="mine.json")
    assert message in str(info.value) and str(info.value).startswith("mine.json")


def test_every_problem_is_named_at_once() -> None:
    data = {"labels": [_label(color="blue"), _label("ORG", key="x"), _label("GPE", key="3")]}
    with pytest.raises(SchemaError) as info:
        Schema.from_dict(data)
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and "labels[0]" in lines[0] and "labels[1]" in lines[1]


def test_valid_schema_maps_model_labels() -> None:
    schema = Schema.from_dict({"labels": [_label(), _label("GPE", "G", "#ABCDEF")],
                               "map": {"PER": "PERSON", "LAW": None}})
    assert schema.get("GPE").key == "g" and schema.get("GPE").color == "#abcdef"
    assert schema.by_key("G").name == "GPE"
    assert (schema.map_label("PER"), schema.map_label("LAW"), schema.map_label("GPE"), schema.map_label("ORG")) == (
        "PERSON", None, "GPE", None)
    assert Schema.from_dict(schema.to_dict()) == schema


def test_load_schema_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    with pytest.raises(SchemaError, match="no such schema file"):
        load_schema(missing)
    broken = tmp_path / "broken.json"
    broken.write_text("{labels:", encoding="utf-8")
    with pytest.raises(SchemaError, match=f"{broken}: not valid JSON"):
        load_schema(broken)


def test_project_keeps_its_own_schema_across_reopen(tmp_path: Path) -> None:
    custom = Schema.from_dict({"name": "mine", "labels": [_label("TARGET", "t", "#112233")]})
    with open_project(tmp_path / "p.db") as store:
        assert store.schema.names == default_schema().names
        store.set_schema(custom)
    with open_project(tmp_path / "p.db") as store:
        assert store.schema == custom
