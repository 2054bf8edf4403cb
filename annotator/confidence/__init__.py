"""The old import path of :mod:`annotator.preannotate.confidence` (entity scores from a beam search).

A package, not a module file, so that ``annotator/confidence.py`` itself is gone and git follows
its move into ``annotator/preannotate/``. Every public name of the new module is re-exported.
New code imports :mod:`annotator.preannotate.confidence`.
"""

from annotator.preannotate.confidence import *  # noqa: F403 - the whole public surface, by design
