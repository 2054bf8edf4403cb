"""The old import path of :mod:`annotator.preannotate.confidence` (entity scores from a beam search).

A package, not a module file, so that ``annotator/confidence.py`` itself is gone and git follows
its move into ``annotator/preannotate/``. New code imports :mod:`annotator.preannotate.confidence`.
"""

from annotator.preannotate.confidence import (
    BEAM_WIDTH,
    SCORES_KEY,
    TEMPERATURE,
    EntityScorer,
    EntityScores,
    entity_scores,
)

__all__ = ["BEAM_WIDTH", "SCORES_KEY", "TEMPERATURE", "EntityScorer", "EntityScores", "entity_scores"]
