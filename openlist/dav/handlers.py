"""/dav request handling: authentication, path joining, dispatch by method, and the mapping of
service errors to real HTTP statuses with empty bodies (§12). The read methods live here, the
write methods in `openlist.dav.writes`.
"""

from __future__ import annotations

import email.utils
import logging
import mimetypes
import re
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from urllib.parse import quote

from aiohttp import web

from openlist import keys
from openlist.dav import view, writes
from openlist.dav import xml as dx
from openlist.dav.auth import REALM, identify
from openlist.dav.ctx import Ctx, empty
from openlist.dav.locks import Condition, LockManager, parse_if
from openlist.drivers.base import Link, Obj
from openlist.errors import (
    BadRequest,
    Forbidden,
    MethodNotAllowed,
    NotFound,
    ObjectNotFound,
    OpenListError,
    TooManyRequests,
    Unauthorized,
)
from openlist.fs.render import escape_path
from openlist.fs.writes import FileSystem
from openlist.paths import clean

log = logging.getLogger("openlist.dav")
ALLOW = "OPTIONS, GET, HEAD, POST, DELETE, PUT, MKCOL, COPY, MOVE, LOCK, UNLOCK, PROPFIND, PROPPATCH"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def error_response(exc: OpenListError, method: str) -> web.Response:
    if isinstance(exc, Unauthorized):
        return empty(401, **{"WWW-Authenticate": REALM})
    if isinstance(exc, TooManyRequests):
        return empty(429, **({"Retry-After": str(exc.retry_after)} if exc.retry_after else {}))
    if isinstance(exc, ObjectNotFound):
        return empty(404)
    if "storage not found" in exc.message:  # a path outside every storage
        return empty(409 if method in ("PUT", "MKCOL") else 404)
    if isinstance(exc, Forbidden | BadRequest | NotFound | MethodNotAllowed):
        return empty(exc.code)
    log.warning("webdav %s failed: %s", method, exc.message)
    return empty(500)


class DavHandler:
    """The one handler behind `/dav` and `/dav/{path}`; holds the in-memory locks."""

    def __init__(self) -> None:
        self.locks = LockManager()

    async def root_options(self, request: web.Request) -> web.StreamResponse:
        return empty(200, DAV="1, 2", Allow="OPTIONS, GET, HEAD, POST", **{"MS-Author-Via": "DAV"})

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.method == "OPTIONS":  # OpenList lets OPTIONS through as the guest
            return empty(200, DAV="1, 2", Allow=ALLOW, **{"MS-Author-Via": "DAV"})
        try:
            ident = await identify(request)
            handler = METHODS.get(request.method)
            if handler is None:
                return empty(405, Allow=ALLOW)
            fs: FileSystem = request.app[keys.FS]
            raw = clean(request.match_info.get("path", "") or "/")
            path = fs.user_path(ident, request.match_info.get("path", "") or "/")  # '..' → 403
            prefix = request.app[keys.CONFIG].site_path + "/dav"
            ctx = Ctx(request, ident, fs, self.locks, prefix, raw, path)
            if "If" in request.headers:
                status = await if_status(ctx)
                if status:
                    return empty(status)
            return await handler(ctx)
        except OpenListError as exc:
            return error_response(exc, request.method)
        except dx.XMLRefused:
            return empty(400)
        except ConnectionResetError:
            raise  # the client went away: nobody to answer
        except (OSError, ValueError, RuntimeError):  # a driver failure: a status, never a page
            log.exception("webdav %s %s failed", request.method, request.path)
            return empty(500)


# ------------------------------------------------------------------------------------ If header
async def if_status(ctx: Ctx) -> int:
    """Evaluate the `If` header (RFC 4918 §10.4): 0 when some list holds, else 412 (400 malformed).
    A lock token holds while it is a live lock on the resource; an entity tag when it equals ours
    (PROPFIND's getetag, or the one GET sent for a host file)."""
    parsed = parse_if(ctx.request.headers["If"])
    if parsed is None:
        return 400
    for tag, conds in parsed:
        path = ctx.path if tag is None else _tag_path(ctx, tag)
        if path is not None and await _holds(ctx, path, conds):
            return 0
    return 412


def _tag_path(ctx: Ctx, tag: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(tag)
    raw = unquote(parts.path)
    if not (raw == ctx.prefix or raw.startswith(ctx.prefix + "/")):
        return None
    try:
        return ctx.fs.user_path(ctx.ident, raw[len(ctx.prefix):] or "/")
    except OpenListError:
        return None


async def _holds(ctx: Ctx, path: str, conds: list[Condition]) -> bool:
    obj: Obj | None = None
    looked = False
    for negated, kind, value in conds:
        if kind == "token":
            ok = any(lk.token == value for lk in ctx.locks.locks_on(path))
        else:
            if not looked:
                obj, looked = await view.stat(ctx.fs, path), True
            ok = obj is not None and not obj.is_dir and value.removeprefix("W/") in await view.etags(ctx.fs, path, obj)
        if ok == negated:
            return False
    return True


# ------------------------------------------------------------------------------------ properties
def _http_date(ts: float) -> str:
    return email.utils.formatdate(max(ts, 0), usegmt=True)


def properties(ctx: Ctx, obj: Obj, path: str) -> dict[str, ET.Element]:
    d = dx.d
    props = {
        d("displayname"): dx.prop(d("displayname"), obj.name),
        d("resourcetype"): dx.prop(d("resourcetype"), None, *([ET.Element(d("collection"))] if obj.is_dir else [])),
        d("getlastmodified"): dx.prop(d("getlastmodified"), _http_date(obj.modified)),
        d("creationdate"): dx.prop(d("creationdate"), datetime.fromtimestamp(
            max(obj.created or obj.modified, 0), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        d("supportedlock"): dx.SUPPORTED_LOCK,
    }
    if not obj.is_dir:
        props[d("getcontentlength")] = dx.prop(d("getcontentlength"), str(obj.size))
        props[d("getcontenttype")] = dx.prop(
            d("getcontenttype"), mimetypes.guess_type(obj.name)[0] or "application/octet-stream")
        props[d("getetag")] = dx.prop(d("getetag"), view.etag(obj))
    active = [dx.active_lock(lk.token, ctx.prefix + quote(lk.path, safe="/"), exclusive=lk.exclusive,
                             depth="infinity" if lk.infinite else "0", timeout=lk.timeout, owner=lk.owner)
              for lk in ctx.locks.locks_on(path)]
    props[d("lockdiscovery")] = dx.prop(d("lockdiscovery"), None, *active)
    return props


def _response(ctx: Ctx, req: dx.PropfindRequest, obj: Obj, raw: str, path: str) -> dx.Response:
    props = properties(ctx, obj, path)
    resp = dx.Response(ctx.href(raw, obj.is_dir))
    if req.kind == "allprop":
        resp.found = props
    elif req.kind == "propname":
        resp.found = {name: ET.Element(name) for name in props}
    else:
        resp.found = {n: props[n] for n in req.names if n in props}
        resp.missing = [n for n in req.names if n not in props]
    return resp


# ------------------------------------------------------------------------------------ read methods
async def propfind(ctx: Ctx) -> web.StreamResponse:
    depth = ctx.request.headers.get("Depth", "1").strip().lower()
    if depth not in ("0", "1"):
        return empty(403)  # DAV:propfind-finite-depth: no recursive listings
    req = dx.propfind_request(await ctx.request.read())
    view.check_read(ctx.fs, ctx.ident, ctx.path)
    try:
        obj = await view.stat(ctx.fs, ctx.path)
    except OpenListError:
        obj = None  # §12: any lookup error → 404
    if obj is None:
        return empty(404)
    responses = [_response(ctx, req, obj, ctx.raw, ctx.path)]
    if obj.is_dir and depth == "1":
        base_raw, base_path = ctx.raw.rstrip("/"), ctx.path.rstrip("/")
        for child in await view.children(ctx.fs, ctx.ident, ctx.path):
            responses.append(_response(ctx, req, child, f"{base_raw}/{child.name}", f"{base_path}/{child.name}"))
    return web.Response(status=207, body=dx.multistatus(responses), content_type="application/xml", charset="utf-8")


async def get(ctx: Ctx) -> web.StreamResponse:
    """GET, HEAD and POST: read access, folders answer HEAD only, files stream with Range (§12)."""
    view.check_read(ctx.fs, ctx.ident, ctx.path)
    obj = await view.stat(ctx.fs, ctx.path)
    if obj is None:
        return empty(404)
    if obj.is_dir:
        if ctx.request.method == "HEAD":
            return web.Response(status=200, headers={"Content-Type": "httpd/unix-directory"})
        return empty(405, Allow=ALLOW)
    mount, rel = ctx.fs.resolve(ctx.path)
    storage = mount.storage
    if storage.webdav_policy == "use_proxy_url" and storage.down_proxy_url.strip():
        target = storage.down_proxy_url.strip().splitlines()[0].rstrip("/") + escape_path(ctx.path)
        if not storage.disable_proxy_sign:
            target += "?sign=" + ctx.fs.make_sign(ctx.path)
        return empty(302, Location=target)
    assert mount.driver is not None
    link = await mount.driver.link(rel)
    return serve(ctx.request, link, obj)


def serve(request: web.Request, link: Link, obj: Obj) -> web.StreamResponse:
    if link.file is not None:
        return web.FileResponse(link.file)  # Range, If-Range, 304/412/416, sendfile
    data = link.data or b""
    headers = {"Accept-Ranges": "bytes", "ETag": view.etag(obj), "Last-Modified": _http_date(obj.modified)}
    ctype = mimetypes.guess_type(obj.name)[0] or "application/octet-stream"
    status, body = 200, data
    rng = request.headers.get("Range")
    if rng and data:
        m = _RANGE.match(rng.strip())
        size, start, end = len(data), -1, -1
        if m and (m.group(1) or m.group(2)):
            if m.group(1):
                start = int(m.group(1))
                end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
            else:
                start, end = max(size - int(m.group(2)), 0), size - 1
        if start < 0 or start > end or start >= size:
            return empty(416, **{"Content-Range": f"bytes */{size}"})
        status, body = 206, data[start:end + 1]
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    resp = web.Response(status=status, body=None if request.method == "HEAD" else body, content_type=ctype,
                        headers=headers)
    if request.method == "HEAD":
        resp.content_length = len(body)
    return resp


# The method table: every WebDAV verb and the function that answers it (OPTIONS is answered above).
METHODS: dict[str, Callable[[Ctx], Awaitable[web.StreamResponse]]] = {
    "GET": get, "HEAD": get, "POST": get, "PROPFIND": propfind,
    "PUT": writes.put, "MKCOL": writes.mkcol, "DELETE": writes.delete, "COPY": writes.copy_move,
    "MOVE": writes.copy_move, "LOCK": writes.lock, "UNLOCK": writes.unlock, "PROPPATCH": writes.proppatch,
}
