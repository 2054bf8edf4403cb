"""The old import path of :mod:`annotator.preannotate.events` (rule-based event pre-annotation)."""

from annotator.preannotate.events import EventRules, find_events, load_event_config, shift

__all__ = ["EventRules", "find_events", "load_event_config", "shift"]
