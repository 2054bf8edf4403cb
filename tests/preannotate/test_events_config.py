"""The event rules' configuration is checked on load: resources/events.json reads into the typed config, a misspelt key is refused by name."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from annotator.preannotate.events.config import EventConfig, EventConfigError, event_config, load_event_config


def test_shipped_config_loads_typed_and_frozen() -> None:
    config = event_config()
    raw = load_event_config()
    assert list(config.triggers) == list(raw["triggers"])  # order kept: the first type to claim a lemma wins
    assert config.roles["ATTACK"].slot("agent") == raw["roles"]["ATTACK"]["agent"]
    assert config.scores.trigger("phrase") == raw["scores"]["trigger_phrase"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.scores.new_span = 1.0
    with pytest.raises(TypeError):
        config.roles["ATTACK"] = config.roles["DIE"]


@pytest.mark.parametrize("path", [("needs_wepon",), ("roles", "ATTACK", "agnet"), ("scores", "trigger_verbs")])
def test_a_misspelt_key_is_refused_by_name(path: tuple[str, ...]) -> None:
    raw = copy.deepcopy(load_event_config())
    where = raw
    for key in path[:-1]:
        where = where[key]
    where[path[-1]] = [] if len(path) == 1 else "x"
    with pytest.raises(EventConfigError, match=repr(path[-1])):
        EventConfig.from_dict(raw)


def test_a_missing_required_section_is_refused() -> None:
    raw = copy.deepcopy(load_event_config())
    del raw["scores"]
    with pytest.raises(EventConfigError, match="scores"):
        EventConfig.from_dict(raw)
