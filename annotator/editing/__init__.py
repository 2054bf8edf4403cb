"""Editing a project: user actions as forward operations, run, undone and redone by one session.

Kept free of imports so that its modules (``rows``, ``memory_rows``: the SQL they need) load
without pulling in the rest.
"""
