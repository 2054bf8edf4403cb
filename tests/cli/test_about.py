"""What ``--version`` and Help → About say: app version, bundle or Python, the model that would load."""

from __future__ import annotations

import sys

import pytest

from annotator import __version__, about


def test_runtime_says_python_outside_the_bundle_and_bundle_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    assert about.runtime().startswith("Python ") and not about.is_bundle()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert about.is_bundle() and about.runtime() == "desktop bundle"
    assert about.version_lines()[0] == f"annotator {__version__} (desktop bundle)"


def test_model_info_names_the_installed_default_and_its_pipeline() -> None:
    info = about.model_info()  # that it imports neither spaCy nor the package: test_selftest's --version test
    assert info is not None and info.package in about.DEFAULT_MODELS
    assert info.pipeline.startswith("en_core_web_sm") and info.pipeline.endswith(f"-{info.version}")


def test_an_unknown_model_name_is_reported_as_such() -> None:
    assert about.model_info("no_such_pipeline") is None
    assert about.version_lines("no_such_pipeline")[1] == (
        "model: no_such_pipeline (not an installed package; loaded as a path if it is one)")


def test_seconds_since_start_is_small_and_positive() -> None:
    assert 0 <= about.seconds_since_start() < 24 * 3600
