"""Former home of the event operations: see :mod:`annotator.editing.event_operations`."""

from annotator.editing.event_operations import *  # noqa: F401,F403
