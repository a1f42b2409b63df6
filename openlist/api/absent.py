"""Features openlist does not have (yet), answered the way §14 asks: a clear code 403/404 in the
envelope (never the generic "not found"), or — for tasks, which cannot exist because copy, move
and upload finish before they reply — OpenList's empty task lists.

    /api/task/<type>/*, /api/admin/task/<type>/*   empty lists, "task not found" (§7.13)
    /api/fs/search, /api/admin/index/*             404 "search not available" (search_index none)
    /api/fs/multipart/*                            403 "multipart upload is disabled" (D1)
    /api/auth/login/ldap                           403 "ldap is not enabled"
    /api/auth/sso*, /api/authn/*                   403 "… is not enabled"
    /api/share/*, /api/fs/archive/*, offline …     403 "… is not supported"
"""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from openlist.auth.identity import Level, auth
from openlist.envelope import ok
from openlist.errors import BadRequest, Forbidden, NotFound

routes = web.RouteTableDef()

TASK_TYPES = ("upload", "copy", "move", "offline_download", "offline_download_transfer", "decompress",
              "decompress_upload")
TASK_NOT_FOUND = "task not found"


async def _tids(request: web.Request) -> list[Any]:
    try:
        body = orjson.loads(await request.read() or b"null")
    except orjson.JSONDecodeError:
        body = None
    if not isinstance(body, list):
        raise BadRequest("invalid request format")
    return body


def _task_routes(prefix: str, level: Level) -> None:
    """OpenList: server/handles/task.go. No task ever exists here: every operation is synchronous."""

    @auth(level)
    async def lists(request: web.Request) -> web.Response:
        return ok([])

    @auth(level)
    async def one(request: web.Request) -> web.Response:
        raise NotFound(TASK_NOT_FOUND)

    @auth(level)
    async def some(request: web.Request) -> web.Response:
        return ok({str(tid): TASK_NOT_FOUND for tid in await _tids(request)})

    @auth(level)
    async def clear(request: web.Request) -> web.Response:
        return ok()

    for kind in TASK_TYPES:
        base = f"{prefix}/{kind}"
        routes.get(f"{base}/undone")(lists)
        routes.get(f"{base}/done")(lists)
        for action in ("info", "cancel", "delete", "retry"):
            routes.post(f"{base}/{action}")(one)
        for action in ("cancel_some", "delete_some", "retry_some"):
            routes.post(f"{base}/{action}")(some)
        for action in ("clear_done", "clear_succeeded", "retry_failed"):
            routes.post(f"{base}/{action}")(clear)


_task_routes("/api/task", Level.NONGUEST)
_task_routes("/api/admin/task", Level.ADMIN)


def _refuse(method: str, path: str, level: Level, exc: Exception) -> None:
    @auth(level)
    async def handler(request: web.Request) -> web.Response:
        raise exc

    routes.route(method, path)(handler)


SEARCH = NotFound("search not available")
for _path in ("/api/fs/search",):
    _refuse("*", _path, Level.USER, SEARCH)
for _action in ("build", "update", "stop", "clear", "progress"):
    _refuse("*", f"/api/admin/index/{_action}", Level.ADMIN, SEARCH)
for _action in ("init", "chunk", "complete", "status", "abort"):
    _refuse("*", f"/api/fs/multipart/{_action}", Level.USER, Forbidden("multipart upload is disabled"))
_refuse("POST", "/api/auth/login/ldap", Level.PUBLIC, Forbidden("ldap is not enabled"))
for _path in ("/api/auth/sso", "/api/auth/sso_callback", "/api/auth/get_sso_id", "/api/auth/sso_get_token"):
    _refuse("GET", _path, Level.PUBLIC, Forbidden("sso login is not enabled"))
_refuse("*", "/api/authn/{tail:.*}", Level.PUBLIC, Forbidden("WebAuthn login is not enabled"))
_refuse("*", "/api/share/{tail:.*}", Level.NONGUEST, Forbidden("sharing is not supported yet"))
for _path in ("/api/fs/archive/meta", "/api/fs/archive/list", "/api/fs/archive/decompress"):
    _refuse("*", _path, Level.USER, Forbidden("archives are not supported yet"))
for _path in ("/api/fs/add_offline_download", "/api/fs/get_direct_upload_info", "/api/fs/torrent/{tail:.*}"):
    _refuse("*", _path, Level.USER, Forbidden("offline download is not supported"))
