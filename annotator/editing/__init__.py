"""Editing a project: user actions as forward operations, run, taught from, undone and redone by one session.

The SQL these modules need is in the store (:mod:`annotator.store.editing_rows`,
:mod:`annotator.store.memory_rows`). Kept free of imports, so that importing one module of the
package does not load the rest.
"""
