"""The old import path of :mod:`annotator.preannotate.rules` (entity rules: weapons and the gazetteer).

A package, not a module file, so that ``annotator/rules.py`` itself is gone and git follows its
move into ``annotator/preannotate/`` (edits made to the old file merge into the new one). New code
imports :mod:`annotator.preannotate.rules`.
"""

from annotator.preannotate.rules import Rules, consistent, gazetteer_entries, load_patterns, merge

__all__ = ["Rules", "consistent", "gazetteer_entries", "load_patterns", "merge"]
