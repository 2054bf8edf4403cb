"""The event operations under their older module name: see :mod:`annotator.editing.event_operations`."""

from annotator.editing.event_operations import (  # noqa: F401 - re-exported
    AddEvent, ClearRole, DeleteEvent, FillRole, accept_events, reject_events, set_event_type, set_modality,
    set_polarity,
)
