"""/api/fs/* (openlist-api.md §7): thin handlers over `openlist.fs.service.FileSystem`."""

from __future__ import annotations

import posixpath
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from aiohttp import web

from openlist import keys
from openlist.auth.identity import Level, auth, identity_of
from openlist.binding import bind
from openlist.envelope import ok
from openlist.errors import BadRequest
from openlist.fs.render import escape_path, rfc3339
from openlist.fs.writes import FileSystem
from openlist.paths import join_user_path

routes = web.RouteTableDef()


def _fs(request: web.Request) -> FileSystem:
    fs: FileSystem = request.app[keys.FS]
    return fs


def api_url(request: web.Request) -> str:
    """§8.7. Forwarded headers are not believed here (W18): site_url or the request itself."""
    config = request.app[keys.CONFIG]
    if config.site_url.startswith("http"):
        return config.site_url.rstrip("/")
    return f"{request.scheme}://{request.host}{config.site_path}"


@dataclass
class ListReq:
    path: str = "/"
    password: str = ""
    page: int = 1
    per_page: int = 0
    refresh: bool = False


@dataclass
class GetReq:
    path: str = "/"
    password: str = ""


@dataclass
class DirsReq:
    path: str = "/"
    password: str = ""
    force_root: bool = False


@dataclass
class PathReq:
    path: str = ""


@dataclass
class RenameReq:
    path: str = ""
    name: str = ""
    overwrite: bool = False


@dataclass
class MoveCopyReq:
    src_dir: str = ""
    dst_dir: str = ""
    names: list[str] = field(default_factory=list)
    overwrite: bool = False
    skip_existing: bool = False
    merge: bool = False


@dataclass
class RemoveReq:
    dir: str = ""
    names: list[str] = field(default_factory=list)


@dataclass
class RenameObject:
    src_name: str = ""
    new_name: str = ""


@dataclass
class BatchRenameReq:
    src_dir: str = ""
    rename_objects: list[RenameObject] = field(default_factory=list)


@dataclass
class RegexRenameReq:
    src_dir: str = ""
    src_name_regex: str = ""
    new_name_regex: str = ""


@dataclass
class RecursiveMoveReq:
    src_dir: str = ""
    dst_dir: str = ""
    conflict_policy: str = "cancel"


@dataclass
class SrcDirReq:
    src_dir: str = ""


def _password(request: web.Request, given: str) -> str:
    """The folder password from the body, else the `Password` header the UI also sends."""
    return given or request.headers.get("Password", "")


def _required(value: str, name: str) -> str:
    if not value:
        raise BadRequest(f"{name} is required")
    return value


# ---------------------------------------------------------------------------- reading
@routes.route("*", "/api/fs/list")
@auth(Level.GUEST_OK)
async def fs_list(request: web.Request) -> web.Response:
    req = await bind(request, ListReq)
    data = await _fs(request).list(identity_of(request), req.path, password=_password(request, req.password), page=req.page,
                                   per_page=req.per_page, refresh=req.refresh)
    return ok(data)


@routes.route("*", "/api/fs/get")
@auth(Level.GUEST_OK)
async def fs_get(request: web.Request) -> web.Response:
    req = await bind(request, GetReq)
    return ok(await _fs(request).get(identity_of(request), req.path, password=_password(request, req.password),
                                     api_url=api_url(request)))


@routes.route("*", "/api/fs/dirs")
@auth(Level.USER)
async def fs_dirs(request: web.Request) -> web.Response:
    req = await bind(request, DirsReq)
    return ok(await _fs(request).dirs(identity_of(request), req.path, password=_password(request, req.password),
                                      force_root=req.force_root))


# ---------------------------------------------------------------------------- writing
@routes.post("/api/fs/mkdir")
@auth(Level.USER)
async def fs_mkdir(request: web.Request) -> web.Response:
    req = await bind(request, PathReq)
    await _fs(request).mkdir(identity_of(request), _required(req.path, "path"))
    return ok()


@routes.post("/api/fs/rename")
@auth(Level.USER)
async def fs_rename(request: web.Request) -> web.Response:
    req = await bind(request, RenameReq)
    await _fs(request).rename(identity_of(request), _required(req.path, "path"), req.name, req.overwrite)
    return ok()


@routes.post("/api/fs/move")
@auth(Level.USER)
async def fs_move(request: web.Request) -> web.Response:
    req = await bind(request, MoveCopyReq)
    await _fs(request).move(identity_of(request), req.src_dir, req.dst_dir, req.names, overwrite=req.overwrite,
                            skip_existing=req.skip_existing)
    # done synchronously, also across storages (a task API can come later)
    return ok({"message": "Move operations completed immediately"})


@routes.post("/api/fs/copy")
@auth(Level.USER)
async def fs_copy(request: web.Request) -> web.Response:
    req = await bind(request, MoveCopyReq)
    await _fs(request).copy(identity_of(request), req.src_dir, req.dst_dir, req.names, overwrite=req.overwrite,
                            skip_existing=req.skip_existing, merge=req.merge)
    return ok({"message": "Copy operations completed immediately"})


@routes.post("/api/fs/remove")
@auth(Level.USER)
async def fs_remove(request: web.Request) -> web.Response:
    req = await bind(request, RemoveReq)
    await _fs(request).remove(identity_of(request), req.dir, req.names)
    return ok()


@routes.post("/api/fs/batch_rename")
@auth(Level.USER)
async def fs_batch_rename(request: web.Request) -> web.Response:
    req = await bind(request, BatchRenameReq)
    await _fs(request).batch_rename(identity_of(request), req.src_dir,
                                    [(o.src_name, o.new_name) for o in req.rename_objects])
    return ok()


@routes.post("/api/fs/regex_rename")
@auth(Level.USER)
async def fs_regex_rename(request: web.Request) -> web.Response:
    req = await bind(request, RegexRenameReq)
    await _fs(request).regex_rename(identity_of(request), req.src_dir, _required(req.src_name_regex, "src_name_regex"),
                                    req.new_name_regex)
    return ok()


@routes.post("/api/fs/recursive_move")
@auth(Level.USER)
async def fs_recursive_move(request: web.Request) -> web.Response:
    req = await bind(request, RecursiveMoveReq)
    n = await _fs(request).recursive_move(identity_of(request), req.src_dir, req.dst_dir, req.conflict_policy)
    return ok(None, message=f"Successfully moved {n} file{'' if n == 1 else 's'}")


@routes.post("/api/fs/remove_empty_directory")
@auth(Level.USER)
async def fs_remove_empty_directory(request: web.Request) -> web.Response:
    req = await bind(request, SrcDirReq)
    await _fs(request).remove_empty_directory(identity_of(request), req.src_dir)
    return ok()


@dataclass
class LinkReq:
    path: str = ""


@routes.post("/api/fs/link")
@auth(Level.ADMIN)
async def fs_link(request: web.Request) -> web.Response:
    """§7.11: an absolute path (no base path); for proxied drivers the link is our own /p URL."""
    req = await bind(request, LinkReq)
    fs = _fs(request)
    path = join_user_path("/", _required(req.path, "path"))
    _, link = await fs.link(path)
    sign = fs.make_sign(path) if fs.needs_sign(path) else ""
    url = f"{api_url(request)}/p{escape_path(path)}?d" + (f"&sign={sign}" if sign else "")
    return ok({"url": url, "header": None, "Expiration": None, "concurrency": 0, "part_size": 0,
               "content_length": link.size})


# ---------------------------------------------------------------------------- uploads
def _upload_headers(request: web.Request) -> tuple[str, bool, float | None]:
    raw = request.headers.get("File-Path")
    if not raw:
        raise BadRequest("File-Path is required")
    path = unquote(raw)  # plain percent-decoding: '+' stays '+' (§7.9)
    overwrite = request.headers.get("Overwrite", "") != "false"
    mtime: float | None = None
    try:
        ms = int(request.headers.get("Last-Modified", ""))
        mtime = ms / 1000 if ms > 0 else None
    except ValueError:
        pass
    return path, overwrite, mtime if mtime is not None else time.time()


async def _drain(request: web.Request) -> None:
    """Read what is left of the body so that the connection stays usable."""
    try:
        while await request.content.readany():
            pass
    except Exception:  # a client that went away
        pass


def _upload_reply(request: web.Request, path: str, size: int) -> web.Response:
    """`As-Task: true` asks for a task; uploads here finish before the reply, so the task
    comes back already succeeded (state 2) in OpenList's TaskInfo shape (§7.13)."""
    if request.headers.get("As-Task", "").lower() != "true":
        return ok()
    ident = identity_of(request)
    fs = _fs(request)
    full = fs.user_path(ident, path)
    found = fs.mounts.resolve(full)
    mount = found[0].path if found else "/"
    folder = posixpath.dirname(found[1]) if found else "/"
    now = rfc3339(time.time())
    return ok({"task": {"id": secrets.token_urlsafe(16), "name": f"upload {posixpath.basename(full)} to "
                        f"[{mount}]({folder})", "creator": ident.user.username, "creator_role": ident.user.role,
                        "state": 2, "status": "", "progress": 100.0, "start_time": now, "end_time": now,
                        "total_bytes": size, "error": ""}})


class _Counted:
    def __init__(self, stream: AsyncIterator[bytes]) -> None:
        self.stream, self.size = stream, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.stream:
            if chunk:
                self.size += len(chunk)
                yield chunk


@routes.put("/api/fs/put")
@auth(Level.USER)
async def fs_put(request: web.Request) -> web.Response:
    fs = _fs(request)
    body = _Counted(request.content.iter_chunked(1024 * 1024))
    try:
        if "X-File-Size" in request.headers and request.content_length is None:
            try:
                int(request.headers["X-File-Size"])
            except ValueError:
                raise BadRequest("X-File-Size must be an integer") from None
        path, overwrite, mtime = _upload_headers(request)
        mount, folder, name = fs.check_upload(identity_of(request), path, form=False)
        await fs.put(mount, folder, name, body.__aiter__(), overwrite=overwrite, mtime=mtime)
    finally:
        await _drain(request)
    return _upload_reply(request, path, body.size)


@routes.put("/api/fs/form")
@auth(Level.USER)
async def fs_form(request: web.Request) -> web.Response:
    fs = _fs(request)
    try:
        path, overwrite, mtime = _upload_headers(request)
        mount, folder, name = fs.check_upload(identity_of(request), path, form=True)
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                raise BadRequest("multipart field file is missing")
            if getattr(part, "name", None) == "file":
                break
            await part.release()

        async def chunks() -> AsyncIterator[bytes]:
            while True:
                chunk = await part.read_chunk(1024 * 1024)  # type: ignore[union-attr]
                if not chunk:
                    return
                yield chunk

        body = _Counted(chunks())
        await fs.put(mount, folder, name, body.__aiter__(), overwrite=overwrite, mtime=mtime)
    finally:
        await _drain(request)
    return _upload_reply(request, path, body.size)
