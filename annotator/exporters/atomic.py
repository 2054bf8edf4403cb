"""Write an output file whole or not at all: a temporary file beside it, then a rename.

The temporary file is locked while it is written, so a later export can tell the leftovers of
an export that was killed (lock gone) from one still running, and removes them.
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


def replace_folder(tmp: Path, out_dir: Path) -> None:
    """Put the finished ``tmp`` folder at ``out_dir`` (missing, empty or an earlier export).

    Two renames when ``out_dir`` exists, so it is absent for an instant but never half-written.
    """
    fsync_dir(tmp)
    if not out_dir.exists():
        os.rename(tmp, out_dir)
    else:
        old = out_dir.with_name(f".{out_dir.name}.{secrets.token_hex(8)}.old")
        os.rename(out_dir, old)
        try:
            os.rename(tmp, out_dir)
        except BaseException:
            os.rename(old, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    fsync_dir(out_dir.parent)


@contextmanager
def atomic_folder(out_dir: Path) -> Iterator[Path]:
    """Yield an empty hidden folder beside ``out_dir`` that replaces it only if the block finishes."""
    tmp = out_dir.with_name(f".{out_dir.name}.{secrets.token_hex(8)}.part")
    tmp.mkdir()
    try:
        yield tmp
        replace_folder(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
