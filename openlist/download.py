"""/d and /p downloads (openlist-api.md §8): sign check, then the file with real HTTP statuses.

    GET|HEAD /d/<abs path>?sign=…   GET|HEAD /p/<abs path>?sign=…

Host files go out through `web.FileResponse` (sendfile, Range, If-Range, 416, ETag, 304/412);
in-memory content through a small single-range responder. No user is involved (W19): the sign
is the only protection, which is why `sign_all` defaults to true. Errors are HTML pages with the
real status (the error middleware renders every OpenListError outside /api that way, §8.6).
"""

from __future__ import annotations

import asyncio
import mimetypes
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter

from openlist import keys
from openlist import sign as signs
from openlist.drivers.base import Link
from openlist.errors import Forbidden
from openlist.fs.mounts import Mount
from openlist.fs.render import escape_path
from openlist.fs.writes import FileSystem
from openlist.paths import join_user_path

routes = web.RouteTableDef()
mimetypes.add_type("application/vnd.android.package-archive", ".apk")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def content_disposition(name: str) -> str:
    """Always `attachment`; both forms percent-encoded so that any name is safe (§8.5)."""
    encoded = quote(name, safe="")
    return f"attachment; filename=\"{encoded}\"; filename*=utf-8''{encoded}"


def _path(request: web.Request) -> str:
    return join_user_path("/", request.match_info["path"])  # '..' or NUL → 403


def _check_sign(request: web.Request, fs: FileSystem, path: str) -> None:
    if fs.needs_sign(path):
        signs.verify(request.app[keys.SETTINGS].token, path, request.query.get("sign", ""))


class _FileResponse(web.FileResponse):
    """aiohttp honours only HTTP dates in If-Range; an entity tag that no longer matches must
    also turn the Range request into a full 200 reply (§8.5)."""

    def __init__(self, *args: Any, drop_range: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._drop_range = drop_range

    async def prepare(self, request: web.BaseRequest) -> AbstractStreamWriter | None:
        if self._drop_range:
            headers = request.headers.copy()
            headers.popall("Range", None)
            request = request.clone(headers=headers)
        return await super().prepare(request)


def _etag_mismatch(request: web.Request, file: Path) -> bool:
    if_range = request.headers.get("If-Range", "").strip()
    if not if_range or not (if_range.startswith('"') or if_range.startswith("W/")) or "Range" not in request.headers:
        return False
    st = file.stat()
    return if_range.removeprefix("W/") != f'"{st.st_mtime_ns:x}-{st.st_size:x}"'  # aiohttp's ETag


async def _serve(request: web.Request, mount: Mount, link: Link, path: str) -> web.StreamResponse:
    headers = {"Content-Disposition": content_disposition(posixpath.basename(path))}
    if link.file is not None:
        drop = "If-Range" in request.headers and await asyncio.to_thread(_etag_mismatch, request, link.file)
        return _FileResponse(link.file, headers=headers, drop_range=drop)
    data = link.data or b""
    ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    headers["Accept-Ranges"] = "bytes"
    rng = request.headers.get("Range")
    status, body = 200, data
    if rng and data:
        m = _RANGE.match(rng.strip())
        start = end = -1
        if m and (m.group(1) or m.group(2)):
            size = len(data)
            if m.group(1):
                start = int(m.group(1))
                end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
            else:
                start, end = max(size - int(m.group(2)), 0), size - 1
        if start < 0 or start > end or start >= len(data):
            return web.Response(status=416, text="invalid range", headers={"Content-Range": f"bytes */{len(data)}"})
        status, body = 206, data[start:end + 1]
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
    resp = web.Response(status=status, body=body if request.method != "HEAD" else None, content_type=ctype,
                        headers=headers)
    if request.method == "HEAD":
        resp.content_length = len(body)
    return resp


@routes.get("/d/{path:.*}")
async def download(request: web.Request) -> web.StreamResponse:
    fs: FileSystem = request.app[keys.FS]
    path = _path(request)
    _check_sign(request, fs, path)
    mount, link = await fs.link(path)
    # Local (and every driver openlist ships) must proxy, so /d streams like /p (§8.3 step 2)
    return await _serve(request, mount, link, path)


@routes.get("/p/{path:.*}")
async def proxy(request: web.Request) -> web.StreamResponse:
    fs: FileSystem = request.app[keys.FS]
    settings = request.app[keys.SETTINGS]
    path = _path(request)
    _check_sign(request, fs, path)
    mount, rel = fs.resolve(path)
    storage = mount.storage
    ext = posixpath.splitext(path)[1][1:].lower()
    assert mount.driver is not None
    if not (mount.driver.config.only_proxy or storage.web_proxy or storage.webdav_policy == "use_proxy_url"
            or ext in settings.get_list("proxy_types") or ext in settings.get_list("text_types")):
        raise Forbidden("proxy not allowed")
    if storage.down_proxy_url.strip() and "d" not in request.query:
        target = storage.down_proxy_url.strip().splitlines()[0].rstrip("/") + escape_path(path)
        if not storage.disable_proxy_sign and fs.needs_sign(path):
            target += "?sign=" + fs.make_sign(path)
        raise web.HTTPFound(target)
    _, link = await fs.link(path)
    return await _serve(request, mount, link, path)
