"""A team of analysts on files that travel: assign documents, merge the work back, measure agreement, curate.

Who a file belongs to and which project it came from are settings rows (:data:`PROJECT_KEY`,
:data:`ASSIGNMENT_KEY`); the team project records each analyst's merged file under
:data:`ANALYST_PREFIX` + name, and which documents and rows are theirs in the ``analyst_*`` tables.
"""

from __future__ import annotations

from typing import Any

from annotator.errors import ProjectError
from annotator.store import Store

PROJECT_KEY = "team.project"  # {"id", "name"}: the project the analysts' files were assigned from
ASSIGNMENT_KEY = "team.assignment"  # in an analyst's file: whose it is, from which project
ANALYST_PREFIX = "team.analyst."  # in the team project: one analyst's merged file (whose, fingerprint, counts)


class TeamError(ProjectError):
    """A team command cannot go on (a file from another project, a name given twice...); nothing was written."""


def assignment(store: Store) -> dict[str, Any] | None:
    """Whose file this is and which project it came from (None: not an analyst's file)."""
    value = store.get_setting(ASSIGNMENT_KEY)
    return value if isinstance(value, dict) else None


def owner_line(store: Store) -> str | None:
    """'ana's file from project news (assigned 2026-12-03)', for the window's title and About box."""
    given = assignment(store)
    if given is None:
        return None
    return f"{given['annotator']}'s file from project {given['project']} (assigned {given['assigned_at'][:10]})"
