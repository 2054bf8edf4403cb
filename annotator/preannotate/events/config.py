"""The event rules' configuration: everything :mod:`annotator.preannotate.events` knows, read from ``resources/events.json``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import orjson


@lru_cache(maxsize=1)
def load_event_config() -> dict[str, Any]:
    """The event rules shipped in ``resources/events.json`` (read once per process)."""
    return orjson.loads(resources.files("resources").joinpath("events.json").read_bytes())
