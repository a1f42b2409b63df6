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
import os
import posixpath
import re
import secrets
import time
from collections.abc import AsyncIterator
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter

from openlist import keys
from openlist import sign as signs
from openlist.drivers.base import CHUNK, Link
from openlist.errors import Forbidden
from openlist.fs.mounts import Mount
from openlist.fs.render import escape_path
from openlist.fs.writes import FileSystem
from openlist.paths import join_user_path

routes = web.RouteTableDef()
mimetypes.add_type("application/vnd.android.package-archive", ".apk")
_RANGE = re.compile(r"^(\d*)-(\d*)$")


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


def parse_ranges(header: str, size: int) -> list[tuple[int, int]] | None:
    """`bytes=a-b, -n, a-` → inclusive (start, end) pairs that fit `size`; None when malformed,
    [] when nothing is satisfiable."""
    spec = header.strip()
    if not spec.startswith("bytes="):
        return None
    out = []
    for part in spec[6:].split(","):
        m = _RANGE.match(part.strip())
        if not m or not (m.group(1) or m.group(2)):
            return None
        if m.group(1):
            start = int(m.group(1))
            end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
            if m.group(2) and int(m.group(2)) < start:
                return None
        else:
            start, end = max(size - int(m.group(2)), 0), size - 1
        if start < size and start <= end:
            out.append((start, end))
    return out


async def _read_range(link: Link, start: int, length: int) -> AsyncIterator[bytes]:
    if link.data is not None:
        yield link.data[start:start + length]
        return
    assert link.file is not None
    fh = await asyncio.to_thread(open, link.file, "rb")
    try:
        await asyncio.to_thread(fh.seek, start)
        while length > 0:
            block = await asyncio.to_thread(fh.read, min(length, CHUNK))
            if not block:
                break
            length -= len(block)
            yield block
    finally:
        await asyncio.to_thread(fh.close)


async def _multipart(request: web.Request, link: Link, ranges: list[tuple[int, int]], ctype: str,
                     headers: dict[str, str]) -> web.StreamResponse:
    """Several ranges → 206 multipart/byteranges, streamed (§8.5)."""
    boundary = secrets.token_hex(12)
    heads = [f"--{boundary}\r\nContent-Type: {ctype}\r\nContent-Range: bytes {s}-{e}/{link.size}\r\n\r\n".encode()
             for s, e in ranges]
    tail = f"--{boundary}--\r\n".encode()
    resp = web.StreamResponse(status=206, headers={
        **headers, "Accept-Ranges": "bytes", "Content-Type": f"multipart/byteranges; boundary={boundary}"})
    resp.content_length = sum(len(h) + e - s + 1 + 2 for h, (s, e) in zip(heads, ranges, strict=True)) + len(tail)
    await resp.prepare(request)
    if request.method != "HEAD":
        for head, (s, e) in zip(heads, ranges, strict=True):
            await resp.write(head)
            async for block in _read_range(link, s, e - s + 1):
                await resp.write(block)
            await resp.write(b"\r\n")
        await resp.write(tail)
    await resp.write_eof()
    return resp


def _unsatisfiable(size: int | None) -> web.Response:
    extra = {"Content-Range": f"bytes */{size}"} if size is not None else {}
    return web.Response(status=416, text="416: Range Not Satisfiable", headers=extra)


async def _throttled(request: web.Request, link: Link, ctype: str, headers: dict[str, str], use_range: bool,
                     limit: int) -> web.StreamResponse:
    """GET under `max_client_download_speed` (bytes/s, §8.4): one range at most, paced writes."""
    size, start, end, status = link.size, 0, link.size - 1, 200
    rng = request.headers.get("Range") if use_range else None
    if rng is not None:
        ranges = parse_ranges(rng, size)
        if not ranges:
            return _unsatisfiable(None if ranges is None else size)
        (start, end), status = ranges[0], 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers.update({"Accept-Ranges": "bytes", "Content-Type": ctype,
                    "Last-Modified": formatdate(link.modified, usegmt=True)})
    if link.file is not None:
        st = await asyncio.to_thread(os.stat, link.file)
        headers["ETag"] = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
    resp = web.StreamResponse(status=status, headers=headers)
    resp.content_length = end - start + 1 if size else 0
    await resp.prepare(request)
    began, sent, step = time.monotonic(), 0, min(64 * 1024, max(1024, limit // 10))
    if size:
        async for block in _read_range(link, start, end - start + 1):
            for i in range(0, len(block), step):
                ahead = sent / limit - (time.monotonic() - began)
                if ahead > 0:  # piece k leaves no earlier than k·step/limit seconds after the start
                    await asyncio.sleep(ahead)
                piece = block[i:i + step]
                await resp.write(piece)
                sent += len(piece)
    await resp.write_eof()
    return resp


async def _serve(request: web.Request, mount: Mount, link: Link, path: str) -> web.StreamResponse:
    headers = {"Content-Disposition": content_disposition(posixpath.basename(path))}
    ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    rng = request.headers.get("Range")
    drop = False
    if rng is not None:
        if link.size == 0:
            drop = True  # Range is ignored on an empty file
        elif link.file is not None and "If-Range" in request.headers:
            drop = await asyncio.to_thread(_etag_mismatch, request, link.file)
        if not drop and "," in rng:
            ranges = parse_ranges(rng, link.size)
            if ranges is None:
                return _unsatisfiable(None)
            if not ranges:
                return _unsatisfiable(link.size)
            if sum(e - s + 1 for s, e in ranges) > link.size:
                drop = True  # asks for more than the file: send it whole
            else:
                return await _multipart(request, link, ranges, ctype, headers)
    limit = request.app[keys.SETTINGS].get_int("max_client_download_speed", -1)
    if limit > 0 and request.method == "GET":
        return await _throttled(request, link, ctype, headers, not drop and link.size > 0, limit)
    if link.file is not None:
        return _FileResponse(link.file, headers=headers, drop_range=drop)
    data = link.data or b""
    headers["Accept-Ranges"] = "bytes"
    status, body = 200, data
    if rng is not None and not drop:
        ranges = parse_ranges(rng, len(data))
        if not ranges:
            return _unsatisfiable(None if ranges is None else len(data))
        start, end = ranges[0]
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
