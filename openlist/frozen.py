"""What only the PyInstaller binary needs, plus the root-in-Docker ownership guard.

`prepare()` is called once at start-up (by `pyi_entry.py`, and by the CLI); outside a frozen
binary it does nothing. `adopt_data_owner()` is for `docker exec … ./openlist …` as root.
Background and measurements: docs/packaging.md and the shared packaging notes.
"""

from __future__ import annotations

import os
import stat
import sys
from functools import cache
from pathlib import Path


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_dir() -> Path | None:
    """Where PyInstaller unpacked (onefile) or keeps (onedir: `<exe dir>/_internal`) the bundle."""
    return Path(sys._MEIPASS) if is_frozen() else None  # type: ignore[attr-defined]


def is_onefile() -> bool:
    """Onefile extracts to a temp `_MEIxxxx` folder that is not under the executable's folder."""
    bundle = bundle_dir()
    if bundle is None:
        return False
    return not bundle.resolve().is_relative_to(executable_dir())


def executable_dir() -> Path:
    """The folder `--force-bin-dir` means: the real binary's folder (never `_MEIPASS`)."""
    return Path(sys.executable).resolve().parent


@cache
def prepare() -> None:
    """Frozen-only start-up fixes; idempotent and cheap; never raises."""
    if not is_onefile():
        return
    _stable_webui_mtimes()


def _stable_webui_mtimes() -> None:
    """Give the bundled web app the executable's mtime (packaging notes, pitfall 11).

    Onefile re-extracts every file at each start, so mtime = extraction time and aiohttp's
    ETag/Last-Modified would change on every restart: browsers re-download everything. Only in
    onefile: in onedir the files are not ours to touch (another uid gets PermissionError).
    """
    bundle = bundle_dir()
    if bundle is None:
        return
    try:
        mtime = Path(sys.executable).stat().st_mtime
    except OSError:
        return
    for root, _dirs, files in os.walk(bundle / "openlist" / "webui"):
        for name in files:
            try:
                os.utime(os.path.join(root, name), (mtime, mtime))
            except OSError:
                pass


def adopt_data_owner(data_dir: Path) -> None:
    """As root, become the owner of an existing data folder before touching anything in it.

    In a container started as root with PUID/PGID, `docker exec … ./openlist cancel2fa` runs as
    root; a `data.db-wal`, `-shm`, log or config file it creates would be root-owned and the
    PUID server could no longer open it. So when euid is 0 and `data_dir` belongs to another
    user, switch to that uid/gid first. Does nothing on Windows, when not root, or when the folder
    does not exist yet or is root's own.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    try:
        st = data_dir.stat()
    except OSError:
        return
    if st.st_uid == 0:
        return
    bundle = bundle_dir()
    if bundle is not None and is_onefile():
        # The onefile extraction folder is 0700 and owned by root: after setuid, lazy imports
        # such as _sqlite3 would fail (pitfall 10). Open it up first (it is private to us).
        _chmod_tree(bundle)
    os.setgroups([])
    os.setgid(st.st_gid)
    os.setuid(st.st_uid)


def _chmod_tree(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        try:
            os.chmod(dirpath, 0o755)
        except OSError:
            pass
        for name in files:
            path = os.path.join(dirpath, name)
            try:
                mode = os.lstat(path).st_mode
                if stat.S_ISREG(mode):
                    os.chmod(path, mode | 0o444 | (0o111 if mode & 0o100 else 0))
            except OSError:
                pass
