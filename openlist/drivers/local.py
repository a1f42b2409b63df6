"""`Local`: a host folder (OpenList: drivers/local). Every host path goes through `safe_join`.

Symlinks are never followed out of the root: `safe_join` resolves them (realpath) and refuses a
result outside the root; listings drop such entries. Uploads stream into a temp file in the
target folder and are renamed into place when complete. Blocking calls run in worker threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shutil
import stat as stat_mod
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from openlist.drivers.base import CHUNK, Driver, DriverConfig, Link, Obj, setting
from openlist.errors import MSG_RELATIVE_PATH, Forbidden, ObjectNotFound, OpenListError, ServerError

T = TypeVar("T")
TEMP_PREFIX = ".openlist-upload-"
DELETE_PERMANENTLY = "delete permanently"
STALE_UPLOAD = 24 * 3600  # seconds
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@dataclass(frozen=True)
class LocalAddition:
    root_folder_path: str = setting("/", required=True, help="host folder to serve")
    directory_size: bool = setting(False, help="compute folder sizes (slow on big trees)")
    thumbnail: bool = setting(False, required=True, help="thumbnails (not generated yet)")
    thumb_cache_folder: str = setting("", help="")
    thumb_concurrency: str = setting("16", help="")
    video_thumb_pos: str = setting("20%", help="")
    show_hidden: bool = setting(True, help="list dot-files")
    mkdir_perm: str = setting("777", help="octal mode of new folders (minus the umask)")
    recycle_bin_path: str = setting(DELETE_PERMANENTLY, help=f"host folder for deleted items, or '{DELETE_PERMANENTLY}'")


def within(root: str, path: str) -> bool:
    return path == root or os.path.commonpath([root, path]) == root


def safe_join(root: str, rel: str, *, follow_last: bool = True) -> str:
    """The host path of storage path `rel` under the real path `root`. The only way in.

    Refuses NUL, any '..' segment and any result that leaves `root` after symlinks are resolved.
    With `follow_last=False` the last segment is not resolved (rename/remove act on a symlink
    itself, never on what it points to).
    """
    if "\x00" in rel:
        raise Forbidden(MSG_RELATIVE_PATH)
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        raise Forbidden(MSG_RELATIVE_PATH)
    if not parts:
        return root
    if follow_last:
        candidate = os.path.realpath(os.path.join(root, *parts))
        if not within(root, candidate):
            raise ObjectNotFound(rel)  # a symlink pointing out of the root: not ours to serve
        return candidate
    parent = os.path.realpath(os.path.join(root, *parts[:-1]))
    if not within(root, parent):
        raise ObjectNotFound(rel)
    return os.path.join(parent, parts[-1])


def _reap(entry: os.DirEntry[str]) -> None:
    """Remove an upload temp file left behind by a crash (untouched for a day); live uploads
    write to theirs all the time, so their mtime stays fresh."""
    try:
        if time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_UPLOAD:
            os.unlink(entry.path)
    except OSError:
        pass


def _segment(name: str) -> str:
    """A new entry name: one segment, never a way up or out (the fs service checks it too)."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise Forbidden(MSG_RELATIVE_PATH)
    return name


def _os_error(exc: OSError, rel: str) -> OpenListError:
    if isinstance(exc, FileNotFoundError):
        return ObjectNotFound(rel)
    if isinstance(exc, FileExistsError) or exc.errno == errno.ENOTEMPTY:
        return ServerError("file exists")
    if isinstance(exc, PermissionError):
        return ServerError(f"{rel}: permission denied")
    return ServerError(f"{rel}: {exc.strerror or exc}")


class Local(Driver):
    name = "Local"
    # OpenList marks Local no_cache; openlist caches listings and revalidates them with the
    # folder's mtime (dir_version), so the cache fields are shown.
    config = DriverConfig(name="Local", local_sort=True, only_proxy=True, no_cache=False, default_root="/")
    Addition = LocalAddition
    addition: LocalAddition

    def __init__(self, addition: LocalAddition) -> None:
        super().__init__(addition)
        self.root = ""

    async def _run(self, rel: str, fn: Callable[..., T], *args: Any) -> T:
        try:
            return await asyncio.to_thread(fn, *args)
        except OSError as exc:
            raise _os_error(exc, rel) from None

    @staticmethod
    def _real_root(raw: str) -> str | None:
        root = os.path.abspath(raw)
        return os.path.realpath(root) if os.path.isdir(root) else None

    async def init(self) -> None:
        raw = self.addition.root_folder_path
        root = await asyncio.to_thread(self._real_root, raw)
        if root is None:
            raise ServerError(f"root folder {raw} not exists")
        self.root = root
        try:
            int(self.addition.mkdir_perm or "777", 8)
        except ValueError:
            raise ServerError(f"mkdir_perm {self.addition.mkdir_perm!r} is not an octal mode") from None

    def normalized(self) -> LocalAddition:
        from dataclasses import replace

        return replace(self.addition, root_folder_path=os.path.abspath(self.addition.root_folder_path))

    # ------------------------------------------------------------------------- reading
    def _obj(self, name: str, st: os.stat_result) -> Obj:
        is_dir = stat_mod.S_ISDIR(st.st_mode)
        created = getattr(st, "st_birthtime", 0.0) or st.st_mtime
        return Obj(name, 0 if is_dir else st.st_size, is_dir, st.st_mtime, created)

    def _list_sync(self, rel: str) -> list[Obj]:
        root, hidden = self.root, self.addition.show_hidden
        out: list[Obj] = []
        with os.scandir(safe_join(root, rel)) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(TEMP_PREFIX):
                    _reap(entry)
                    continue
                if not hidden and name.startswith("."):
                    continue
                try:
                    if entry.is_symlink():
                        target = os.path.realpath(entry.path)
                        if not within(root, target):
                            continue  # never show (or follow) a way out of the root
                        st = os.stat(target)
                    else:
                        st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                out.append(self._obj(name, st))
        return out

    async def list(self, path: str) -> list[Obj]:
        objs = await self._run(path, self._list_sync, path)
        if self.addition.directory_size:
            for obj in objs:
                if obj.is_dir:
                    obj.size = await self._run(path, self._tree_size, posixpath_join(path, obj.name))
        return objs

    def _tree_size(self, rel: str) -> int:
        total = 0
        for dirpath, _dirs, files in os.walk(safe_join(self.root, rel)):
            for f in files:
                try:
                    total += os.lstat(os.path.join(dirpath, f)).st_size
                except OSError:
                    pass
        return total

    def _get_sync(self, rel: str) -> Obj:
        host = safe_join(self.root, rel)
        return self._obj(rel.rsplit("/", 1)[-1] or "root", os.stat(host))

    async def get(self, path: str) -> Obj:
        return await self._run(path, self._get_sync, path)

    def _link_sync(self, rel: str) -> Link:
        host = safe_join(self.root, rel)
        st = os.stat(host)
        if stat_mod.S_ISDIR(st.st_mode):
            raise ServerError(f"{rel}: is a folder")
        return Link(size=st.st_size, modified=st.st_mtime, file=Path(host))

    async def link(self, path: str) -> Link:
        return await self._run(path, self._link_sync, path)

    async def usage(self) -> tuple[int, int] | None:
        try:
            du = await asyncio.to_thread(shutil.disk_usage, self.root)
        except OSError:
            return None
        return du.total, du.free

    def _version_sync(self, rel: str) -> object:
        st = os.stat(safe_join(self.root, rel))
        return (st.st_mtime_ns, st.st_ino, st.st_ctime_ns)

    async def dir_version(self, path: str) -> object | None:
        try:
            return await asyncio.to_thread(self._version_sync, path)
        except (OSError, OpenListError):
            return None

    # ------------------------------------------------------------------------- writing
    def _mkdir_sync(self, rel: str) -> None:
        host = safe_join(self.root, rel)
        if os.path.isfile(host):
            raise FileExistsError(errno.EEXIST, "file exists")
        mode = int(self.addition.mkdir_perm or "777", 8)
        os.makedirs(host, mode=mode, exist_ok=True)

    async def mkdir(self, path: str) -> None:
        await self._run(path, self._mkdir_sync, path)

    def _rename_sync(self, rel: str, new_name: str) -> None:
        src = safe_join(self.root, rel, follow_last=False)
        os.lstat(src)
        os.rename(src, os.path.join(os.path.dirname(src), _segment(new_name)))

    async def rename(self, path: str, new_name: str) -> None:
        await self._run(path, self._rename_sync, path, new_name)

    def _move_sync(self, rel: str, dst_dir: str) -> None:
        src = safe_join(self.root, rel, follow_last=False)
        os.lstat(src)
        dst = os.path.join(safe_join(self.root, dst_dir), os.path.basename(src))
        try:
            os.rename(src, dst)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            shutil.move(src, dst)

    async def move(self, src: str, dst_dir: str) -> None:
        await self._run(src, self._move_sync, src, dst_dir)

    def _copy_sync(self, rel: str, dst_dir: str) -> None:
        name = os.path.basename(safe_join(self.root, rel, follow_last=False))
        src = safe_join(self.root, rel)  # content is copied, so resolve (inside the root only)
        st = os.stat(src)
        folder = safe_join(self.root, dst_dir)
        dst = os.path.join(folder, name)
        if stat_mod.S_ISDIR(st.st_mode):
            # symlinks are copied as links (never followed), temp files of uploads are skipped
            shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(TEMP_PREFIX + "*"))
            return
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        os.close(fd)
        try:
            shutil.copy2(src, tmp)
            os.replace(tmp, dst)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    async def copy(self, src: str, dst_dir: str) -> None:
        await self._run(src, self._copy_sync, src, dst_dir)

    def _remove_sync(self, rel: str) -> None:
        host = safe_join(self.root, rel, follow_last=False)
        st = os.lstat(host)
        bin_path = self.addition.recycle_bin_path.strip()
        if bin_path and bin_path != DELETE_PERMANENTLY:
            os.makedirs(bin_path, exist_ok=True)
            target = os.path.join(bin_path, f"{os.path.basename(host)}.{time.time_ns()}")
            shutil.move(host, target)
        elif stat_mod.S_ISDIR(st.st_mode):
            shutil.rmtree(host)
        else:
            os.unlink(host)

    async def remove(self, path: str) -> None:
        await self._run(path, self._remove_sync, path)

    async def put(self, dir_path: str, name: str, body: AsyncIterator[bytes], *, mtime: float | None) -> None:
        _segment(name)
        folder = await self._run(dir_path, safe_join, self.root, dir_path)
        fd, tmp = await self._run(dir_path, lambda: tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder))
        fh = os.fdopen(fd, "wb", buffering=0)
        try:
            buf = bytearray()
            async for chunk in body:
                buf += chunk
                if len(buf) >= CHUNK:
                    await self._run(dir_path, fh.write, bytes(buf))
                    buf.clear()
            await self._run(dir_path, self._finish_put, fh, bytes(buf), tmp, os.path.join(folder, name), mtime)
        except BaseException:
            fh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @staticmethod
    def _finish_put(fh: Any, rest: bytes, tmp: str, final: str, mtime: float | None) -> None:
        if rest:
            fh.write(rest)
        fh.close()
        os.chmod(tmp, 0o666 & ~_UMASK)
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        os.replace(tmp, final)


def posixpath_join(a: str, b: str) -> str:
    return a.rstrip("/") + "/" + b

