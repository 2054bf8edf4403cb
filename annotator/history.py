"""The history log and row images under their older module name: see :mod:`annotator.editing.history`."""

from annotator.editing.history import Entry, Staleness, left_images, merge_drift, restore_stack, stale_rows  # noqa: F401
from annotator.store.editing_rows import Capture, apply_images, capture, install_capture  # noqa: F401
