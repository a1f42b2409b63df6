"""Write operations of the file-system service (openlist-api.md §7.5–§7.11, §6.4).

`FileSystem` extends the read side: every operation checks the permission bit, `write_users` and the
app-password `read_only` flag, refuses virtual folders and storage roots where OpenList does,
calls the driver, and invalidates the listing cache of every folder it touched.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from openlist.drivers.base import Copy, Mkdir, Move, Put, Remove, Rename, read_link
from openlist.errors import (
    MSG_PERMISSION_DENIED,
    MSG_RELATIVE_PATH,
    BadRequest,
    Forbidden,
    ObjectNotFound,
    ServerError,
)
from openlist.fs.access import BIT_COPY, BIT_DELETE, BIT_MOVE, BIT_RENAME, parent_of
from openlist.fs.service import FileSystemBase
from openlist.paths import is_sub

if TYPE_CHECKING:
    from openlist.auth.identity import Identity
    from openlist.fs.mounts import Mount

SYSTEM_FILES = {".DS_Store", "desktop.ini", "Thumbs.db", "@eaDir"}


def check_name(name: str) -> None:
    """A single new name (rename, batch rename): never a path (§7.6)."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise Forbidden(MSG_RELATIVE_PATH)


def join(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name


def go_replacement(template: str) -> str:
    """Go's regexp replacement syntax ($1, ${1}, $name, ${name}, $$) → Python's."""
    out = []
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "$" and i + 1 < len(template):
            nxt = template[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            m = re.match(r"\{(\w+)\}|(\w+)", template[i + 1:])
            if m:
                out.append(f"\\g<{m.group(1) or m.group(2)}>")
                i += 1 + m.end()
                continue
        out.append("\\\\" if ch == "\\" else ch)
        i += 1
    return "".join(out)


class FileSystem(FileSystemBase):
    """The whole service: `FileSystemBase` (storages, metas, reads) plus the write operations."""

    async def _exists(self, mount: Mount, rel: str) -> bool:
        assert mount.driver is not None
        try:
            await mount.driver.get(rel)
            return True
        except ObjectNotFound:
            return False

    def _touched(self, mount: Mount, rel: str, *, tree: bool = False) -> None:
        """Forget the listing of the folder holding `rel` (and everything below `rel` for trees)."""
        sid = mount.storage.id
        self.cache.invalidate(sid, parent_of(rel))
        if tree:
            self.cache.invalidate(sid, rel, recursive=True)

    def _writer(self, ident: Identity, bit: int | None, *folders: str) -> None:
        if ident.read_only or (bit is not None and not ident.user.can(bit)):
            raise Forbidden(MSG_PERMISSION_DENIED)
        for folder in folders:
            if not self.metas.write_users_ok(ident.user, folder):
                raise Forbidden(MSG_PERMISSION_DENIED)

    def _content_writer(self, ident: Identity, folder: str) -> None:
        if ident.read_only or not self.can_write_content(ident, folder) or \
                not self.metas.write_users_ok(ident.user, folder):
            raise Forbidden(MSG_PERMISSION_DENIED)

    @staticmethod
    def _cap(mount: Mount, proto: type, what: str) -> Any:
        if not isinstance(mount.driver, proto):
            raise ServerError(f"{what} not supported")
        return mount.driver

    # ------------------------------------------------------------------ mkdir / rename
    async def mkdir(self, ident: Identity, raw_path: str) -> None:
        path = self.user_path(ident, raw_path)
        self._content_writer(ident, parent_of(path))
        mount, rel = self.resolve(path)
        if rel == "/":
            return  # a storage root always exists
        await self._cap(mount, Mkdir, "mkdir").mkdir(rel)
        probe = rel
        while probe != "/":
            self.cache.invalidate(mount.storage.id, parent_of(probe))
            probe = parent_of(probe)

    async def rename(self, ident: Identity, raw_path: str, name: str, overwrite: bool = False) -> None:
        path = self.user_path(ident, raw_path)
        self._writer(ident, BIT_RENAME)
        check_name(name)
        self._writer(ident, None, parent_of(path))
        if self.mounts.is_mount_root(path):
            raise ServerError("rename root folder is not allowed")
        mount, rel = self.resolve(path)
        driver = self._cap(mount, Rename, "rename")
        if not await self._exists(mount, rel):
            raise ObjectNotFound(path)
        if name == posixpath.basename(rel):
            return
        target = join(parent_of(rel), name)
        if await self._exists(mount, target):
            if not overwrite:
                raise Forbidden(f"file [{name}] exists")
            await self._cap(mount, Remove, "remove").remove(target)
            self.cache.invalidate(mount.storage.id, target, recursive=True)
        await driver.rename(rel, name)
        self._touched(mount, rel, tree=True)

    async def batch_rename(self, ident: Identity, raw_dir: str, pairs: list[tuple[str, str]]) -> None:
        folder = self.user_path(ident, raw_dir)
        self._writer(ident, BIT_RENAME, folder)
        pairs = [(a, b) for a, b in pairs if a and b]
        for src, dst in pairs:
            check_name(src)
            check_name(dst)
        for src, dst in pairs:
            await self.rename(ident, posixpath.join(raw_dir or "/", src), dst)

    async def regex_rename(self, ident: Identity, raw_dir: str, pattern: str, template: str) -> None:
        folder = self.user_path(ident, raw_dir)
        self._writer(ident, BIT_RENAME, folder)
        try:
            regex = re.compile(pattern)
            repl = go_replacement(template)
        except re.error as exc:
            raise BadRequest(f"{pattern} is illegal: {exc}") from None
        _, entry = await self.listing(folder)
        for obj in list(entry.objs):
            if not regex.search(obj.name):
                continue
            try:
                new = regex.sub(repl, obj.name)
            except (re.error, IndexError) as exc:
                raise BadRequest(f"bad replacement {template!r}: {exc}") from None
            if new != obj.name:
                check_name(new)
                await self.rename(ident, posixpath.join(raw_dir or "/", obj.name), new)

    # ------------------------------------------------------------------ move / copy
    def _names(self, names: list[str]) -> list[str]:
        if not names:
            raise BadRequest("Empty file names")
        out = []
        for name in names:
            if name in ("", ".", "/"):
                raise BadRequest(f"invalid file name [{name}]")
            if "/" in name or "\\" in name or name == ".." or "\x00" in name:
                continue  # names resolving outside the folder are dropped (§7.7)
            out.append(name)
        return out

    async def move(self, ident: Identity, src_dir: str, dst_dir: str, names: list[str], *,
                   overwrite: bool = False, skip_existing: bool = False) -> None:
        await self._transfer_many(ident, "move", src_dir, dst_dir, names, overwrite, skip_existing, False)

    async def copy(self, ident: Identity, src_dir: str, dst_dir: str, names: list[str], *,
                   overwrite: bool = False, skip_existing: bool = False, merge: bool = False) -> None:
        await self._transfer_many(ident, "copy", src_dir, dst_dir, names, overwrite, skip_existing, merge)

    async def _transfer_many(self, ident: Identity, op: str, raw_src: str, raw_dst: str,
                             names: list[str], overwrite: bool, skip_existing: bool, merge: bool) -> None:
        src_dir, dst_dir = self.user_path(ident, raw_src), self.user_path(ident, raw_dst)
        if op == "move":
            self._writer(ident, BIT_MOVE, src_dir, dst_dir)
        else:
            self._writer(ident, BIT_COPY, dst_dir)
            self._check_read(ident, src_dir, "", self.metas.nearest(src_dir))
        names = self._names(names)
        if src_dir == dst_dir:
            raise ServerError(f"{op} in place")
        dmount, drel = self.resolve(dst_dir)
        for name in names:
            src = join(src_dir, name)
            if op == "move" and self.mounts.is_mount_root(src):
                raise ServerError("move root folder is not allowed")
            if is_sub(src, dst_dir):
                raise ServerError(f"cannot {op} a folder into itself")
            if not self.metas.can_read(ident.user, src, ""):
                raise ObjectNotFound(src)  # D14: hidden or passworded sources behave as missing
            smount, srel = self.resolve(src)
            assert smount.driver is not None
            obj = await smount.driver.get(srel)
            target = join(drel, name)
            do_merge = False
            if await self._exists(dmount, target):
                assert dmount.driver is not None
                existing = await dmount.driver.get(target)
                if op == "copy" and merge and obj.is_dir and existing.is_dir:
                    do_merge = True
                elif skip_existing:
                    continue
                elif not overwrite:
                    raise Forbidden(f"file [{name}] exists")
                else:
                    await self._cap(dmount, Remove, "remove").remove(target)
                    self.cache.invalidate(dmount.storage.id, target, recursive=True)
            same = smount is dmount
            if same and not do_merge and isinstance(smount.driver, Move if op == "move" else Copy):
                await getattr(smount.driver, op)(srel, drel)
            else:
                await self._stream_tree(smount, srel, dmount, drel, merge=do_merge, name=name)
                if op == "move":
                    await self._cap(smount, Remove, "remove").remove(srel)
            if op == "move":
                self._touched(smount, srel, tree=True)
            self.cache.invalidate(dmount.storage.id, drel)
            self.cache.invalidate(dmount.storage.id, target, recursive=True)

    async def _stream_tree(self, smount: Mount, srel: str, dmount: Mount, ddir: str, *,
                           merge: bool, name: str = "") -> None:
        """Copy through the server, file by file, in constant memory (cross-storage, merges).
        `name` names the copy (a storage root has no name of its own)."""
        assert smount.driver is not None and dmount.driver is not None
        obj = await smount.driver.get(srel)
        name = name or posixpath.basename(srel)
        target = join(ddir, name)
        if obj.is_dir:
            await self._cap(dmount, Mkdir, "mkdir").mkdir(target)
            for child in await smount.driver.list(srel):
                await self._stream_tree(smount, join(srel, child.name), dmount, target, merge=merge)
            self.cache.invalidate(dmount.storage.id, target)
            return
        if merge and await self._exists(dmount, target):
            return
        link = await smount.driver.link(srel)
        await self._cap(dmount, Put, "upload").put(ddir, name, read_link(link), mtime=obj.modified)

    async def recursive_move(self, ident: Identity, raw_src: str, raw_dst: str, policy: str) -> int:
        src_dir, dst_dir = self.user_path(ident, raw_src), self.user_path(ident, raw_dst)
        self._writer(ident, BIT_MOVE, src_dir, dst_dir)
        if src_dir == dst_dir:
            raise ServerError("move in place")
        smount, srel = self.resolve(src_dir)
        dmount, drel = self.resolve(dst_dir)
        assert smount.driver is not None and dmount.driver is not None
        files: list[str] = []

        async def walk(rel: str) -> None:
            for obj in await smount.driver.list(rel):  # type: ignore[union-attr]
                child = join(rel, obj.name)
                if smount is dmount and child == drel:
                    continue
                if obj.is_dir:
                    await walk(child)
                else:
                    files.append(child)

        await walk(srel)
        existing = {o.name for o in await dmount.driver.list(drel)}
        if policy not in ("overwrite", "skip"):
            seen = set(existing)
            for f in files:  # a clash with the target folder or between two sources cancels
                if posixpath.basename(f) in seen:
                    raise Forbidden(f"file [{posixpath.basename(f)}] exists")
                seen.add(posixpath.basename(f))
        moved = 0
        for f in files:
            name = posixpath.basename(f)
            if name in existing:
                if policy == "skip":
                    continue
                await self._cap(dmount, Remove, "remove").remove(join(drel, name))
            if smount is dmount and isinstance(smount.driver, Move):
                await smount.driver.move(f, drel)
            else:
                await self._stream_tree(smount, f, dmount, drel, merge=False)
                await self._cap(smount, Remove, "remove").remove(f)
            existing.add(name)
            moved += 1
        self.cache.invalidate(smount.storage.id, srel, recursive=True)
        self.cache.invalidate(dmount.storage.id, drel)
        return moved

    # ------------------------------------------------------------------ remove
    async def remove(self, ident: Identity, raw_dir: str, names: list[str]) -> None:
        folder = self.user_path(ident, raw_dir)
        self._writer(ident, BIT_DELETE, folder)
        for name in self._names(names):
            path = join(folder, name)
            if self.mounts.is_mount_root(path):
                raise ServerError("delete root folder is not allowed")
            mount, rel = self.resolve(path)
            try:
                await self._cap(mount, Remove, "remove").remove(rel)
            except ObjectNotFound:
                pass  # already gone counts as success
            self._touched(mount, rel, tree=True)

    async def remove_empty_directory(self, ident: Identity, raw_dir: str) -> None:
        folder = self.user_path(ident, raw_dir)
        self._writer(ident, BIT_DELETE, folder)
        mount, rel = self.resolve(folder)
        driver = self._cap(mount, Remove, "remove")

        async def prune(dir_rel: str) -> bool:
            empty = True
            for obj in await driver.list(dir_rel):
                child = join(dir_rel, obj.name)
                if obj.is_dir and await prune(child):
                    await driver.remove(child)
                else:
                    empty = False
            self.cache.invalidate(mount.storage.id, dir_rel)
            return empty

        await prune(rel)

    # ------------------------------------------------------------------ upload
    def check_upload(self, ident: Identity, raw_path: str, *, form: bool) -> tuple[Mount, str, str]:
        """Checks done before the body is read (§7.9). Returns (mount, folder rel, name)."""
        path = self.user_path(ident, raw_path)
        folder, name = parent_of(path), posixpath.basename(path)
        self._content_writer(ident, folder)
        if not name or path == "/":
            raise BadRequest("File-Path must name a file")
        if self.settings.get_bool("ignore_system_files") and (name in SYSTEM_FILES or name.startswith("._")):
            raise Forbidden("system file upload ignored")
        mount, rel = self.resolve(path)
        if not isinstance(mount.driver, Put):
            if form:
                from openlist.errors import MethodNotAllowed

                raise MethodNotAllowed("Current storage doesn't support upload")
            raise ServerError("upload not supported")
        if rel == "/":
            raise ServerError("cannot upload over a storage root")
        return mount, parent_of(rel), name

    async def put(self, mount: Mount, folder: str, name: str, body: AsyncIterator[bytes], *,
                  overwrite: bool = True, mtime: float | None = None) -> None:
        target = join(folder, name)
        if await self._exists(mount, target):
            if not overwrite:
                raise Forbidden("file exists")
        elif folder != "/":
            await self._cap(mount, Mkdir, "mkdir").mkdir(folder)
            probe = folder
            while probe != "/":
                self.cache.invalidate(mount.storage.id, parent_of(probe))
                probe = parent_of(probe)
        try:
            await mount.driver.put(folder, name, body, mtime=mtime)  # type: ignore[union-attr]
        finally:
            self.cache.invalidate(mount.storage.id, folder)
