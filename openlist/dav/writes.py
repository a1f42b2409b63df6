"""The WebDAV write methods: PUT, MKCOL, DELETE, COPY, MOVE, LOCK, UNLOCK, PROPPATCH (§12).

Each one goes through the file-system service, so bits 3–7, `write_users`, the meta `write`
bypass, `ignore_system_files` and app-password scope/read-only apply exactly as on /api/fs.
Bit 9 (webdav_manage) was already checked in `openlist.dav.auth`.
"""

from __future__ import annotations

import posixpath
import time
from collections.abc import AsyncIterator
from urllib.parse import unquote, urlsplit

from aiohttp import web

from openlist.dav import view
from openlist.dav import xml as dx
from openlist.dav.auth import BIT_WEBDAV_MANAGE
from openlist.dav.ctx import Ctx, empty, split
from openlist.dav.locks import parse_timeout
from openlist.errors import MSG_PERMISSION_DENIED, Forbidden
from openlist.fs.access import BIT_MOVE, BIT_RENAME, parent_of
from openlist.paths import clean, is_sub


async def _body(request: web.Request) -> AsyncIterator[bytes]:
    async for chunk in request.content.iter_chunked(1024 * 1024):
        if chunk:
            yield chunk


async def _nothing() -> AsyncIterator[bytes]:
    return
    yield b""  # an async generator with no chunks


def _mtime(request: web.Request) -> float:
    """`X-OC-Mtime` (unix seconds; ownCloud/Nextcloud clients and rclone send it), else now."""
    try:
        value = float(request.headers.get("X-OC-Mtime", ""))
        return value if value > 0 else time.time()
    except ValueError:
        return time.time()


async def put(ctx: Ctx) -> web.StreamResponse:
    if not ctx.locks.allowed(ctx.path, ctx.tokens()):
        return empty(423)
    existing = await view.stat(ctx.fs, ctx.path)
    if existing is not None and existing.is_dir:
        return empty(405)
    mount, folder, name = ctx.fs.check_upload(ctx.ident, ctx.raw, form=False)
    await ctx.fs.put(mount, folder, name, _body(ctx.request), overwrite=True, mtime=_mtime(ctx.request))
    headers = {"X-OC-Mtime": "accepted"} if "X-OC-Mtime" in ctx.request.headers else {}
    obj = await view.stat(ctx.fs, ctx.path)
    if obj is not None:
        headers["ETag"] = view.etag(obj)
    return empty(204 if existing is not None else 201, **headers)


async def mkcol(ctx: Ctx) -> web.StreamResponse:
    if await ctx.request.read():
        return empty(415)
    if not ctx.locks.allowed(ctx.path, ctx.tokens()):
        return empty(423)
    if await view.stat(ctx.fs, ctx.path) is not None:
        return empty(405)
    parent = await view.stat(ctx.fs, parent_of(ctx.path))
    if parent is None or not parent.is_dir:
        return empty(409)
    await ctx.fs.mkdir(ctx.ident, ctx.raw)
    return empty(201)


async def delete(ctx: Ctx) -> web.StreamResponse:
    if view.is_virtual(ctx.fs, ctx.path):
        return empty(403)  # storage roots and virtual folders are removed in the admin UI
    if await view.stat(ctx.fs, ctx.path) is None:
        return empty(404)
    if not ctx.locks.allowed(ctx.path, ctx.tokens(), tree=True):
        return empty(423)
    folder, name = split(ctx.raw)
    await ctx.fs.remove(ctx.ident, folder, [name])
    ctx.locks.moved(ctx.path)
    return empty(204)


def _destination(ctx: Ctx) -> str | int:
    """The user-relative destination path, or an HTTP status (400 missing, 502 foreign)."""
    header = ctx.request.headers.get("Destination", "")
    if not header:
        return 400
    parts = urlsplit(header)
    if parts.netloc and parts.netloc != ctx.request.host:
        return 502  # OpenList (x/net/webdav): another host is not ours to write to
    path = unquote(parts.path)
    if path != ctx.prefix and not path.startswith(ctx.prefix + "/"):
        return 502
    return path[len(ctx.prefix):] or "/"


async def copy_move(ctx: Ctx) -> web.StreamResponse:
    move = ctx.request.method == "MOVE"
    dest = _destination(ctx)
    if isinstance(dest, int):
        return empty(dest)
    dst = ctx.fs.user_path(ctx.ident, dest)  # '..' → 403, outside an app password's scope → 403
    dst_raw = clean(dest)
    depth = ctx.request.headers.get("Depth", "infinity").strip().lower()
    if depth not in ("0", "infinity") or (move and depth != "infinity"):
        return empty(400)
    overwrite = ctx.request.headers.get("Overwrite", "T").strip().upper() != "F"
    src = ctx.path
    if src == dst:
        return empty(403)
    if is_sub(src, dst) or view.is_virtual(ctx.fs, dst) or (move and view.is_virtual(ctx.fs, src)):
        return empty(403)
    if not move:
        view.check_read(ctx.fs, ctx.ident, src)
    if await view.stat(ctx.fs, src) is None:
        return empty(404)
    parent = await view.stat(ctx.fs, parent_of(dst))
    if parent is None or not parent.is_dir:
        return empty(409)
    existed = await view.stat(ctx.fs, dst) is not None
    if existed and not overwrite:
        return empty(412)
    tokens = ctx.tokens()
    if not ctx.locks.allowed(dst, tokens, tree=True) or (move and not ctx.locks.allowed(src, tokens, tree=True)):
        return empty(423)
    sdir, sname = split(ctx.raw)
    ddir, dname = split(dst_raw)
    if move:
        status = await _move(ctx, sdir, sname, ddir, dname, existed)
        if status:
            return empty(status)
        ctx.locks.moved(src)
    elif sname == dname and sdir != ddir and depth == "infinity":
        await ctx.fs.copy(ctx.ident, sdir, ddir, [sname], overwrite=existed)
    else:
        await view.copy_as(ctx.fs, ctx.ident, src, dst, shallow=depth == "0", replace=existed)
    return empty(204 if existed else 201)


async def _move(ctx: Ctx, sdir: str, sname: str, ddir: str, dname: str, existed: bool) -> int:
    """OpenList (server/webdav/file.go moveFiles): same folder → rename (bit 4); same name →
    move (bit 5); both changed → move then rename (bits 5 and 4). Returns an error status or 0."""
    fs, ident = ctx.fs, ctx.ident
    if sdir == ddir:
        await fs.rename(ident, ctx.raw, dname, overwrite=existed)
    elif sname == dname:
        await fs.move(ident, sdir, ddir, [sname], overwrite=existed)
    else:
        if not (ident.user.can(BIT_RENAME) and ident.user.can(BIT_MOVE)) or ident.read_only:
            raise Forbidden(MSG_PERMISSION_DENIED)
        base_dst = fs.user_path(ident, ddir)
        base_src = fs.user_path(ident, sdir)
        if await view.stat(fs, posixpath.join(base_dst, sname)) is None:
            await fs.move(ident, sdir, ddir, [sname])
            await fs.rename(ident, posixpath.join(ddir, sname), dname, overwrite=existed)
        elif await view.stat(fs, posixpath.join(base_src, dname)) is None:
            await fs.rename(ident, ctx.raw, dname)
            await fs.move(ident, sdir, ddir, [dname], overwrite=existed)
        else:
            return 409  # both intermediate names are taken; nothing was changed
    return 0


# ------------------------------------------------------------------------------------ locks, properties
def _writable(ctx: Ctx) -> None:
    if not ctx.fs.metas.write_users_ok(ctx.ident.user, ctx.path):
        raise Forbidden(MSG_PERMISSION_DENIED)


async def lock(ctx: Ctx) -> web.StreamResponse:
    _writable(ctx)
    timeout = parse_timeout(ctx.request.headers.get("Timeout", ""))
    info = dx.lock_request(await ctx.request.read())
    found = None
    if info is None:  # refresh
        lk = ctx.locks.refresh(ctx.tokens(), ctx.path, timeout)
        if lk is None:
            return empty(412)
    else:
        depth = ctx.request.headers.get("Depth", "infinity").strip().lower()
        if depth not in ("0", "infinity"):
            return empty(400)
        found = await view.stat(ctx.fs, ctx.path)
        if found is None and await view.stat(ctx.fs, parent_of(ctx.path)) is None:
            return empty(409)
        if ctx.locks.conflicts(ctx.path, infinite=depth == "infinity", exclusive=info.exclusive):
            return empty(423)
        if found is None:  # RFC 4918 §7.3: locking an unmapped URL creates an empty file
            if ctx.ident.read_only or not ctx.ident.user.can(BIT_WEBDAV_MANAGE):
                raise Forbidden(MSG_PERMISSION_DENIED)
            mount, folder, name = ctx.fs.check_upload(ctx.ident, ctx.raw, form=False)
            await ctx.fs.put(mount, folder, name, _nothing(), overwrite=False, mtime=time.time())
        new = ctx.locks.create(ctx.path, ctx.ident.user.id, exclusive=info.exclusive, infinite=depth == "infinity",
                               timeout=timeout, owner=info.owner)
        if new is None:
            return empty(423)
        lk = new
    active = dx.active_lock(lk.token, ctx.href(ctx.raw, False), exclusive=lk.exclusive,
                            depth="infinity" if lk.infinite else "0", timeout=lk.timeout, owner=lk.owner)
    created = info is not None and found is None
    return web.Response(status=201 if created else 200, body=dx.lock_reply(active), content_type="application/xml",
                        charset="utf-8", headers={"Lock-Token": f"<{lk.token}>"})


async def unlock(ctx: Ctx) -> web.StreamResponse:
    _writable(ctx)
    token = ctx.request.headers.get("Lock-Token", "").strip().strip("<>")
    return empty(ctx.locks.unlock(token, ctx.path, ctx.ident.user.id) if token else 400)


async def proppatch(ctx: Ctx) -> web.StreamResponse:
    """Dead properties are not stored (OpenList neither): each one answers 403 in a 207."""
    _writable(ctx)
    if await view.stat(ctx.fs, ctx.path) is None:
        return empty(404)
    if not ctx.locks.allowed(ctx.path, ctx.tokens()):
        return empty(423)
    names = dx.proppatch_names(await ctx.request.read())
    resp = dx.Response(ctx.href(ctx.raw, False), missing=names, status=403)
    return web.Response(status=207, body=dx.multistatus([resp]), content_type="application/xml", charset="utf-8")
