"""Former home of the span and document operations: see :mod:`annotator.editing.operations`."""

from annotator.editing.operations import *  # noqa: F401,F403
