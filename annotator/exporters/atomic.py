"""Write an output file or folder whole or not at all: a temporary one beside it, then a rename.

The temporary file (for a folder: a lock file beside it) is locked while it is written, so a
later export can tell the leftovers of an export that was killed (lock gone) from one still
running, and removes them.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; leftovers of killed exports stay
    fcntl = None  # type: ignore[assignment]


def _lock(fd: int) -> bool:
    """Take the exclusive lock on an open file without waiting; False if another process holds it."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_stale_parts(path: Path) -> None:
    """Delete the temporary files that killed exports to ``path`` left beside it."""
    folder = path.parent if str(path.parent) else Path(".")
    for part in folder.glob(f".{glob.escape(path.name)}.*.part"):
        if part.is_dir():  # a folder export's (see remove_stale_folders)
            continue
        try:
            fd = os.open(part, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(fd):  # its writer is gone
                part.unlink(missing_ok=True)
        finally:
            os.close(fd)


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``path`` only if the block finishes without error.

    An OSError (a full disk) comes out naming ``path``; ``path`` itself is then as it was.
    """
    path = Path(path)
    remove_stale_parts(path)
    folder = path.parent if str(path.parent) else Path(".")
    # Not tempfile.mkstemp: its 0600 mode would survive the rename; 0o666 lets the umask decide,
    # as for any file the user saves.
    tmp = str(folder / f".{path.name}.{secrets.token_hex(8)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    _lock(fd)  # held until after the rename; the kernel drops it however this process ends
    try:
        try:
            with os.fdopen(os.dup(fd), "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        finally:
            os.close(fd)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not exc.filename:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


def fsync_dir(path: Path) -> None:
    """Make a folder's entries durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_folder(tmp: Path, out_dir: Path, token: str | None = None) -> None:
    """Put the finished ``tmp`` folder at ``out_dir`` (missing, empty or an earlier export).

    Two renames when ``out_dir`` exists, so it is absent for an instant but never half-written;
    a run killed in that instant leaves the earlier export as ``.NAME.TOKEN.old``, which the
    next export puts back (:func:`remove_stale_folders`).
    """
    fsync_dir(tmp)
    if not out_dir.exists():
        os.rename(tmp, out_dir)
    else:
        old = out_dir.with_name(f".{out_dir.name}.{token or secrets.token_hex(8)}.old")
        os.rename(out_dir, old)
        try:
            os.rename(tmp, out_dir)
        except BaseException:
            os.rename(old, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    fsync_dir(out_dir.parent)


def remove_stale_folders(out_dir: Path) -> None:
    """Clean up after folder exports to ``out_dir`` that were killed (their lock file is free).

    Their half-written ``.part`` folder goes; an earlier export moved aside as ``.old`` goes
    back to ``out_dir`` if the kill came between the two renames, else it goes too.
    """
    for lock in out_dir.parent.glob(f".{glob.escape(out_dir.name)}.*.lock"):
        token = lock.name[len(out_dir.name) + 2 : -len(".lock")]
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not _lock(fd):  # still being written
                continue
            shutil.rmtree(out_dir.with_name(f".{out_dir.name}.{token}.part"), ignore_errors=True)
            old = out_dir.with_name(f".{out_dir.name}.{token}.old")
            if old.is_dir():
                if out_dir.exists():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    os.rename(old, out_dir)
            lock.unlink(missing_ok=True)
        finally:
            os.close(fd)


@contextmanager
def atomic_folder(out_dir: Path) -> Iterator[Path]:
    """Yield an empty hidden folder beside ``out_dir`` that replaces it only if the block finishes."""
    remove_stale_folders(out_dir)
    token = secrets.token_hex(8)
    lock = out_dir.with_name(f".{out_dir.name}.{token}.lock")
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    _lock(fd)  # held until the folder is in place; the kernel drops it however this process ends
    tmp = out_dir.with_name(f".{out_dir.name}.{token}.part")
    try:
        tmp.mkdir()
        try:
            yield tmp
            replace_folder(tmp, out_dir, token)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)
