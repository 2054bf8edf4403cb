"""Write an output file or folder whole or not at all: a temporary one beside it, then a rename."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``path`` only if the block finishes without error."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    # Not tempfile.mkstemp: its 0600 mode would survive the rename; 0o666 lets the umask decide,
    # as for any file the user saves.
    tmp = str(folder / f".{path.name}.{secrets.token_hex(8)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
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
