"""The old import path of :mod:`annotator.preannotate.rules` (entity rules: weapons and the gazetteer).

A package, not a module file, so that ``annotator/rules.py`` itself is gone and git follows its
move into ``annotator/preannotate/`` (edits made to the old file merge into the new one). Every
public name of the new module is re-exported, so what is added there is importable here too.
New code imports :mod:`annotator.preannotate.rules`.
"""

from annotator.preannotate.rules import *  # noqa: F403 - the whole public surface, by design
