"""What WebDAV needs from the file-system service beyond its public operations: look one path up
(stat), list a folder's visible children, and copy under a new name. Built from the service's
public pieces (mount table, metas, cached listings, drivers) with the same rules as /api/fs:
hide rules, read_users, folder passwords, virtual mount folders (§5.3, §6.2).
"""

from __future__ import annotations

import asyncio
import posixpath
from datetime import datetime

from openlist.auth.identity import Identity
from openlist.drivers.base import Mkdir, Obj, Put, Remove, read_link
from openlist.errors import MSG_PERMISSION_DENIED, Forbidden, ObjectNotFound, OpenListError, ServerError
from openlist.fs.access import BIT_COPY, BIT_SEE_HIDES, parent_of
from openlist.fs.mounts import Mount
from openlist.fs.writes import FileSystem, join


def _time(text: str) -> float:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else 0.0
    except ValueError:
        return 0.0


def etag(obj: Obj) -> str:
    """PROPFIND's getetag: the longest known hash, else `"<hex mtime>-<hex size>"` (§8.5)."""
    if obj.hashes:
        return f'"{max(obj.hashes.values(), key=len)}"'
    return f'"{int(obj.modified):x}-{obj.size:x}"'


async def etags(fs: FileSystem, path: str, obj: Obj) -> set[str]:
    """Every entity tag a client may have seen for the file: ours, and for a host file the one
    web.FileResponse sends on GET (nanosecond mtime, which `Obj.modified` cannot carry)."""
    found = {etag(obj)}
    mount, rel = fs.resolve(path)
    assert mount.driver is not None
    link = await mount.driver.link(rel)
    if link.file is not None:
        st = await asyncio.to_thread(link.file.stat)
        found.add(f'"{st.st_mtime_ns:x}-{st.st_size:x}"')
    return found


def check_read(fs: FileSystem, ident: Identity, path: str) -> None:
    """§5.3 with no folder password (WebDAV users other than the guest have none; bit 1 skips)."""
    if not fs.metas.can_read(ident.user, path, ""):
        raise Forbidden("password is incorrect or you have no permission")


async def stat(fs: FileSystem, path: str) -> Obj | None:
    """The object at absolute `path` (a virtual mount folder included), or None when missing."""
    if path == "/":
        if fs.mounts.resolve("/") is None:
            return Obj("", 0, True, 0.0)
    else:
        name = posixpath.basename(path)
        for vname, storage in fs.mounts.virtual_children(parent_of(path)):
            if vname == name:
                return Obj(vname, 0, True, _time(storage.modified))
    try:
        mount, rel = fs.resolve(path)
        assert mount.driver is not None
        obj = await mount.driver.get(rel)
    except ObjectNotFound:
        return None
    except ServerError as exc:
        if "storage not found" in exc.message:
            return None
        raise
    if rel == "/":
        obj = Obj(posixpath.basename(path), 0, True, obj.modified, obj.created)
    return obj


async def children(fs: FileSystem, ident: Identity, path: str) -> list[Obj]:
    """The visible entries of folder `path`, filtered like /api/fs/list."""
    user = ident.user
    virtual = fs.mounts.virtual_children(path)
    items: list[Obj] = []
    try:
        _, entry = await fs.listing(path)
        items = list(entry.objs)
    except OpenListError:
        if not virtual and fs.mounts.resolve(path) is not None:
            raise  # a real storage failed; a bare root or virtual folder just has no files
    present = {o.name for o in items}
    items += [Obj(name, 0, True, _time(s.modified)) for name, s in virtual if name not in present]
    meta = fs.metas.nearest(path)
    if not user.can(BIT_SEE_HIDES) and meta is not None and meta.hide:
        items = [o for o in items if not fs.metas.hidden(meta, path, o.name)]
    prefix = path.rstrip("/") + "/"
    return [o for o in items if not o.is_dir or fs.metas.read_users_ok(user, prefix + o.name)]


def is_virtual(fs: FileSystem, path: str) -> bool:
    """A mount root or a folder that exists only because a mount lies below it."""
    if path == "/" or fs.mounts.is_mount_root(path):
        return True
    name = posixpath.basename(path)
    return any(v == name for v, _ in fs.mounts.virtual_children(parent_of(path))) and \
        fs.mounts.resolve(path) is None


def _cap(mount: Mount, proto: type, what: str) -> object:
    if not isinstance(mount.driver, proto):
        raise ServerError(f"{what} not supported")
    return mount.driver


async def remove(fs: FileSystem, path: str) -> None:
    """Delete `path` (a destination being overwritten: the caller has checked the rights)."""
    mount, rel = fs.resolve(path)
    await _cap(mount, Remove, "remove").remove(rel)  # type: ignore[attr-defined]
    fs.cache.invalidate(mount.storage.id, parent_of(rel))
    fs.cache.invalidate(mount.storage.id, rel, recursive=True)


async def copy_as(fs: FileSystem, ident: Identity, src: str, dst: str, *, shallow: bool, replace: bool) -> None:
    """COPY to a new name (fs.copy keeps names): bit 6, read on the source, write on the
    destination's parent — the rules of `FileSystem.copy` — then a streamed copy through the
    server (any storages, constant memory). `shallow` (Depth 0) copies a folder without members;
    `replace` removes an existing destination first (Overwrite: T)."""
    if ident.read_only or not ident.user.can(BIT_COPY) or not fs.metas.write_users_ok(ident.user, parent_of(dst)):
        raise Forbidden(MSG_PERMISSION_DENIED)
    check_read(fs, ident, parent_of(src))
    smount, srel = fs.resolve(src)
    dmount, drel = fs.resolve(dst)
    if drel == "/":
        raise Forbidden(MSG_PERMISSION_DENIED)
    if replace:
        await remove(fs, dst)
    await _copy_tree(fs, smount, srel, dmount, drel, shallow=shallow)
    fs.cache.invalidate(dmount.storage.id, parent_of(drel))


async def _copy_tree(fs: FileSystem, smount: Mount, srel: str, dmount: Mount, drel: str, *, shallow: bool) -> None:
    assert smount.driver is not None
    obj = await smount.driver.get(srel)
    if obj.is_dir:
        await _cap(dmount, Mkdir, "mkdir").mkdir(drel)  # type: ignore[attr-defined]
        if not shallow:
            for child in await smount.driver.list(srel):
                await _copy_tree(fs, smount, join(srel, child.name), dmount, join(drel, child.name), shallow=False)
        fs.cache.invalidate(dmount.storage.id, drel)
        return
    link = await smount.driver.link(srel)
    await _cap(dmount, Put, "upload").put(  # type: ignore[attr-defined]
        parent_of(drel), posixpath.basename(drel), read_link(link), mtime=obj.modified)
