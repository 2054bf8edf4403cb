"""The project's connection: opening a file safely, one transaction style, settings and schema.

:func:`open_connection` refuses a bad file before anything is written to it or created beside
it (:func:`_inspect` reads it through SQLite only), migrates it (:mod:`.migrations`) and switches
it to WAL. :class:`StoreBase` holds the connection; every write goes through
:meth:`StoreBase.transaction` (``BEGIN IMMEDIATE``, a SAVEPOINT when asked inside another), so an
action is stored whole or not at all, a second writer waits instead of failing half-way, and a
busy or read-only project raises :class:`~annotator.errors.Busy` or
:class:`~annotator.errors.ReadOnlyFile`.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from annotator.store import clock
from annotator.errors import Damaged, NewerProject, ProjectError, ReadOnlyProject, UnknownSchema, from_sqlite
from annotator.schema import Schema, default_schema
from annotator.store.editing_rows import install_capture
from annotator.store.migrations import SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    import sqlite_utils

_SQLITE_NOTADB = 26  # sqlite3.SQLITE_NOTADB from Python 3.11 on
_MIN_DATABASE_BYTES = 512  # SQLite's smallest page: a shorter file holds no database
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a savepoint's or pragma's name, spliced into SQL

_S = TypeVar("_S", bound="StoreBase")


now = clock.now  # the name callers have imported from annotator.store


def current_time() -> str:
    """:func:`annotator.store.clock.now`, looked up at each call (so a test that replaces it is obeyed)."""
    return clock.now()


class StoreBase:
    """A project's connection, its transactions, settings and label schema (see :class:`annotator.store.Store`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        install_capture(conn)  # every action's changed rows go into its history entry
        self._schema: Schema | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection, made on first use: importing it (and numpy with it)
        costs commands that never need it, such as ``annotator stats``, 0.2 s of start-up."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self: _S, *, savepoint: str | None = None) -> Iterator[_S]:
        """Run the block as one ``BEGIN IMMEDIATE`` transaction; roll back on any error.

        Inside another transaction the block joins it (the outer block commits), or, given a
        ``savepoint`` name, runs as a SAVEPOINT of it: an error then undoes the block alone and
        propagates, and the outer transaction goes on if the caller catches it. A project that
        is busy (another process holds the write lock) or cannot be written raises
        :class:`~annotator.errors.Busy` or :class:`~annotator.errors.ReadOnlyFile`, with SQLite's message.
        """
        conn = self.conn
        if conn.in_transaction:
            if savepoint is None:
                yield self  # already inside one: the outer block commits
                return
            if not _NAME.fullmatch(savepoint):
                raise ValueError(f"not a savepoint name: {savepoint!r}")
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back the whole transaction (a full disk)
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                raise
            conn.execute(f"RELEASE {savepoint}")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise from_sqlite(exc) from exc
        try:
            yield self
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            translated = from_sqlite(exc)
            if translated is exc:
                raise
            raise translated from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                raise from_sqlite(exc) from exc

    @contextmanager
    def pragmas(self, values: Mapping[str, int]) -> Iterator[None]:
        """Set connection pragmas (such as ``cache_size``) for the block, and put the old values back."""
        for name in values:
            if not _NAME.fullmatch(name):
                raise ValueError(f"not a pragma name: {name!r}")
        saved = {name: self.conn.execute(f"PRAGMA {name}").fetchone()[0] for name in values}
        for name, value in values.items():
            self.conn.execute(f"PRAGMA {name} = {int(value)}")
        try:
            yield
        finally:
            for name, value in saved.items():
                self.conn.execute(f"PRAGMA {name} = {int(value)}")

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another connection's transaction before it raises Busy."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    # -- settings and schema -------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return a JSON setting stored in the project."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else orjson.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON setting in the project."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, orjson.dumps(value).decode()),
            )

    @property
    def schema(self) -> Schema:
        """The project's label schema (a copy of the default unless replaced)."""
        if self._schema is None:
            data = self.get_setting("schema")
            self._schema = default_schema() if data is None else Schema.from_dict(data, source=f"{self.path} schema")
        return self._schema

    def replace_schema(self, schema: Schema) -> None:
        """Use another label schema, refusing one that lacks a label, event type or role in use."""
        from annotator.schema import SchemaError

        problems = []
        labels = {r[0] for r in self.conn.execute("SELECT DISTINCT label FROM spans")}
        missing = sorted(labels - set(schema.names))
        if missing:
            problems.append(f"labels used by spans are missing: {', '.join(missing)}")
        types = {r[0] for r in self.conn.execute("SELECT DISTINCT type FROM events")}
        missing = sorted(t for t in types if schema.event(t) is None)
        if missing:
            problems.append(f"event types in use are missing: {', '.join(missing)}")
        for kind, role in self.conn.execute(
            "SELECT DISTINCT e.type, a.role FROM arguments a JOIN events e ON e.id = a.event_id"
        ):
            if schema.event(kind) is not None and schema.role(kind, role) is None:
                problems.append(f"role {role} of {kind} is in use but missing")
        if problems:
            raise SchemaError("This schema does not fit the project: " + "; ".join(problems)
                              + ". Add them to the schema file, or relabel those spans first.")
        self.set_schema(schema)

    def set_schema(self, schema: Schema) -> None:
        """Replace the project's label schema."""
        self.set_setting("schema", schema.to_dict())
        self._schema = schema

    def span_labels(self) -> set[str]:
        """The labels spans of the project use (any status)."""
        return {r[0] for r in self.conn.execute("SELECT DISTINCT label FROM spans")}

    # -- history -------------------------------------------------------------------------------
    def log(self, command: str, *, doc_id: int | None, annotator: str | None, payload: dict[str, Any]) -> None:
        """Append a row to the history table (inside the action's transaction)."""
        self.conn.execute(
            "INSERT INTO history(at, annotator, doc_id, command, payload) VALUES (?, ?, ?, ?, ?)",
            (current_time(), annotator, doc_id, command, orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS).decode()),
        )


# -- opening a file --------------------------------------------------------------------------
def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's project version; ProjectError (before anything is written) if it is not ours."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerProject(
            f"{path} was written by a newer Annotator (project version {version}, this one reads up to "
            f"{SCHEMA_VERSION}). Upgrade Annotator to open it."
        )
    if version == 0:
        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise UnknownSchema(f"{path} is a SQLite database but not an Annotator project. Choose another file.")
    return version


def _check_pages(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged file (SQLite's quick_check: every page and record readable) before any write."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
    if problems != ["ok"]:
        raise Damaged(_damaged(path, problems[0].replace("*** in database main ***", "")))


def _damaged(path: Path, detail: object) -> str:
    detail = " ".join(str(detail).split())  # SQLite's report may span lines: the message is one
    return (f"{path} is damaged or not a SQLite database ({detail}). It was left as it is: restore a copy "
            f"(such as {path.name}.vN.bak, if there is one), or recover what is readable with "
            f"`sqlite3 {path.name} .recover`.")


def _wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _read_only_uri(path: Path) -> str:
    """A read-only URI; ``immutable`` (no -wal/-shm created beside it) unless a writer's WAL or journal is there."""
    pending = _wal_path(path).exists() or _journal_path(path).exists()
    return path.resolve().as_uri() + ("?mode=ro" if pending else "?immutable=1")


def _not_a_project(path: Path, detail: object) -> str:
    return (f"{path} is not an Annotator project: it is damaged or not a SQLite database ({detail}). It was left "
            f"as it is. Choose another file; if it is a project, restore a copy (such as {path.name}.vN.bak, if "
            "there is one).")


def _inspect(path: Path) -> None:
    """Refuse a bad file before anything is written to it or created beside it: not SQLite at all,
    from a newer Annotator, or with damaged pages (the last two only when no WAL file is present:
    it must be replayed first). Nothing is checked beside a rollback journal: only a project killed
    while it was being created has one, and SQLite's read-write connection puts it back as it was.

    The file is read through SQLite alone, never with ``open()``: on POSIX, closing any descriptor
    of a file drops every lock the process holds on it, so a check made while another connection of
    this process is open (the window's, when a background job reopens the project) would let the
    next process to close believe it is the last, check-point and delete the WAL the window still
    writes to. SQLite keeps such descriptors open until its own locks are released.
    """
    if _journal_path(path).exists():
        return  # a project killed while it was being created: the read-write connection rolls it back
    if 0 < path.stat().st_size < _MIN_DATABASE_BYTES:
        raise UnknownSchema(_not_a_project(path, f"{path.stat().st_size} bytes, shorter than any database"))
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot open ({exc}).") from exc
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header: SQLITE_NOTADB if it is not one
        if not _wal_path(path).exists() and _check_version(conn, path):
            _check_pages(conn, path)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_NOTADB or "not a database" in str(exc):
            raise UnknownSchema(_not_a_project(path, exc)) from exc
        raise Damaged(_damaged(path, exc)) from exc
    finally:
        conn.close()


def _unwritable(path: Path) -> str | None:
    """Why the project (with its -wal and -shm files beside it) cannot be written, and what to do; or None."""
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file is read-only: make it writable (chmod u+w {path.name}) or work on a writable copy"
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return (f"its folder {folder} is read-only, and the project needs {path.name}-wal and {path.name}-shm "
                "beside it: copy it to a folder you can write to")
    return None


def open_connection(path: Path, *, create: bool, read_only: bool) -> sqlite3.Connection:
    """The connection :func:`annotator.store.open_project` wraps: checked, migrated, in WAL mode.

    Raises ProjectError with a message for the user when the file cannot be used (not SQLite,
    damaged, from a newer Annotator, read-only), before anything is written to it or created
    beside it. ``read_only``: a project that cannot be written is opened read-only instead of refused.
    """
    if not path.exists() and not create:
        raise ProjectError(f"{path}: no such project. Create one with `annotator import {path} FILES...`.")
    if path.is_dir():
        raise ProjectError(f"{path} is a folder; give the path of a project file such as project.db.")
    is_new = not path.exists() or path.stat().st_size == 0
    if not is_new:
        _inspect(path)
    reason = _unwritable(path)
    if reason is not None:
        if read_only and not is_new:
            return _open_read_only(path)
        raise ReadOnlyProject(
            f"{path} is read-only, so Annotator cannot save work into it ({reason}). "
            "`annotator stats` and `annotator export` can read it as it is."
        )
    try:
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError(f"{path}: cannot open ({exc}).") from exc
    with _closed_on_error(conn, path):
        conn.execute("PRAGMA foreign_keys = ON")
        version = _check_version(conn, path)  # again: a WAL file may hold a newer state than the file alone
        migrate(conn, version, path)  # before the switch to WAL, so a failed upgrade changes no byte
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; an older project is upgraded in a copy in memory, the file staying as it is."""
    conn = sqlite3.connect(_read_only_uri(path), uri=True, isolation_level=None)
    with _closed_on_error(conn, path):
        version = _check_version(conn, path)
    if version < SCHEMA_VERSION:
        memory = sqlite3.connect(":memory:", isolation_level=None)
        with _closed_on_error(conn, path):
            conn.backup(memory)
        conn.close()
        conn = memory
        with _closed_on_error(conn, path):
            migrate(conn, version, path, backup=False)
    return conn


@contextmanager
def _closed_on_error(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Close ``conn`` if the block fails; SQLite's "not a database" kind of error says the file is damaged."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Damaged(_damaged(path, exc)) from exc
    except BaseException:
        conn.close()
        raise

