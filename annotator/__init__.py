"""Annotator's Qt-free core: documents, schema, project store, importers, pre-annotation, exports.

Nothing in this package imports Qt; ``ui`` holds the desktop window.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("annotator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
