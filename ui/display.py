"""Can a window open here? Checked before the QApplication exists, so a missing display is one line, not a core dump.

Without a display (no DISPLAY or WAYLAND_DISPLAY, no QT_QPA_PLATFORM), or with the xcb platform
plugin unable to load its libraries, Qt prints several lines naming the wrong culprit and
aborts the process (exit 134). ``problem()`` finds these cases first and says what to do.
Linux only: other platforms always have their own display plugin.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HEADLESS_HINT = "run it inside a desktop session, or set QT_QPA_PLATFORM=offscreen for headless use"
# What Qt's xcb plugin loads, as Debian/Ubuntu sonames (checked one by one when ldd is missing).
XCB_LIBRARIES = (
    "libxcb.so.1", "libX11-xcb.so.1", "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0",
    "libxcb-keysyms.so.1", "libxcb-randr.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0",
    "libxcb-shm.so.0", "libxcb-sync.so.1", "libxcb-xfixes.so.0", "libxcb-xkb.so.1", "libxkbcommon.so.0",
    "libxkbcommon-x11.so.0",
)


def problem(env: dict[str, str] | None = None) -> str | None:
    """The reason no window can open here, as one line for the terminal; None if one can (or Qt is told how)."""
    env = dict(os.environ if env is None else env)
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None  # a platform chosen by the user (offscreen, wayland, xcb...) is Qt's to report
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return f"error: no display: neither DISPLAY nor WAYLAND_DISPLAY is set; {HEADLESS_HINT}."
    if env.get("WAYLAND_DISPLAY"):
        return None  # Qt tries Wayland first, then xcb
    missing = missing_xcb_libraries()
    if missing:
        return (f"error: cannot open a window on display {env['DISPLAY']}: Qt's xcb platform plugin needs "
                f"{', '.join(missing)}, not installed; install them with `apt-get install "
                f"{' '.join(apt_package(lib) for lib in missing)}` (or set QT_QPA_PLATFORM=offscreen for headless use).")
    if not _x_server_answers(env["DISPLAY"]):
        return f"error: no display: cannot connect to the X server at DISPLAY={env['DISPLAY']}; {HEADLESS_HINT}."
    return None


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin (None if this Qt has none)."""
    try:
        from PySide6.QtCore import QLibraryInfo
    except ImportError:
        return None
    plugin = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_xcb_libraries() -> list[str]:
    """Libraries the xcb plugin (and Qt's XcbQpa library) need but cannot find, by soname, sorted."""
    plugin = xcb_plugin()
    if plugin is None:
        return []
    if shutil.which("ldd") is not None:
        missing: set[str] = set()
        qpa = sorted((plugin.parents[2] / "lib").glob("libQt6XcbQpa.so*"))
        for binary in [plugin, *qpa[:1]]:
            try:
                out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, timeout=10).stdout
            except (OSError, subprocess.SubprocessError):
                break
            missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
        else:
            return sorted(missing)
    found = []
    for name in XCB_LIBRARIES:  # no ldd: try to load each known library
        try:
            ctypes.CDLL(name)
        except OSError:
            found.append(name)
    return found


def apt_package(soname: str) -> str:
    """The Debian/Ubuntu package of a library: libxcb-cursor.so.0 -> libxcb-cursor0, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0."""
    match = re.fullmatch(r"(lib.+?)\.so\.(\d+)(\..*)?", soname)
    if match is None:
        return soname
    name, major = match.group(1).lower(), match.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def _x_server_answers(display: str) -> bool:
    """True if an X server accepts a connection at ``display`` (libxcb, as Qt would connect)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell: let Qt try
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
