"""The SQLite project file: the only package that runs SQL.

One file per project, WAL journal, ``PRAGMA user_version`` for the schema version. Every write
goes through :meth:`Store.transaction` (``BEGIN IMMEDIATE``), so an action is stored whole or
not at all and a second writer waits instead of failing half-way. The rooms:

- :mod:`.connection`: opening a file safely (checked through SQLite only), transactions, settings, schema;
- :mod:`.migrations`: the schema versions and the upgrade from each to the next;
- :mod:`.annotations`: spans, events and their role fillers;
- :mod:`.documents`: documents, the list, search, statistics;
- :mod:`.suggestions`: what pre-annotation reads and writes;
- :mod:`.models`: learned models and replacing old-model suggestions;
- :mod:`.changes_elsewhere`: noticing what other windows and processes wrote.

:class:`Store` is the one object callers hold; every name imported from ``annotator.store``
before it became a package still is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.errors import ProjectError
from annotator.schema import default_schema
from annotator.store.annotations import SPAN_COLUMNS, event_from_row, span_from_row
from annotator.store.connection import now, open_connection
from annotator.store.documents import AddResult, DocSummary, ImportResult, PendingScores, SearchIndexPause, fts_query
from annotator.store.migrations import MIGRATION_STEPS, MIGRATIONS, SCHEMA_VERSION, backup_path
from annotator.store.models import ModelRecord, ModelRows
from annotator.store.suggestions import StoredSuggestions, Suggestions

__all__ = [
    "MIGRATIONS", "MIGRATION_STEPS", "SCHEMA_VERSION", "SPAN_COLUMNS", "AddResult", "DocSummary", "ImportResult",
    "ModelRecord", "PendingScores",
    "ProjectError", "SearchIndexPause", "Store", "StoredSuggestions", "Suggestions", "backup_path", "event_from_row",
    "fts_query", "now", "open_project", "span_from_row",
]


class Store(ModelRows):
    """A project file. Use :func:`open_project`; one Store per thread.

    Its methods come from one class per room (connection, annotations, documents, suggestions),
    each a base of the next, so a room's methods may use those of the rooms it builds on.
    """


def open_project(path: str | Path, *, create: bool = True, on_create: Callable[[Store], object] | None = None,
                 read_only: bool = False) -> Store:
    """Open (or create) a project file, migrating it to the current version.

    Raises ProjectError with a message for the user when the file cannot be used (not SQLite,
    damaged, from a newer Annotator, read-only), before anything is written to it or created
    beside it. ``read_only`` is for commands that only read (stats, export): a project that
    cannot be written is then opened read-only instead of refused.
    """
    path = Path(path)
    store = Store(path, open_connection(path, create=create, read_only=read_only))
    if store.get_setting("schema") is None:
        store.set_schema(default_schema())
        if on_create is not None:
            on_create(store)
    return store
