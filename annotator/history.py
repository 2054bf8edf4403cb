"""Former home of the row images and the history log: see :mod:`annotator.editing.rows`."""

from annotator.editing.rows import *  # noqa: F401,F403
