"""/api/admin/meta/* (openlist-api.md §10.4). Changes apply at once (the service reloads)."""

from __future__ import annotations

import dataclasses
import re

from aiohttp import web

from openlist import keys
from openlist.auth.identity import Level, auth
from openlist.binding import bind, page_args, query_int
from openlist.db import metas
from openlist.db.metas import Meta
from openlist.envelope import ok
from openlist.errors import BadRequest
from openlist.fs.writes import FileSystem
from openlist.paths import join_user_path

routes = web.RouteTableDef()


def _meta(req: Meta) -> Meta:
    """Validate and normalise a Meta decoded from the request (the wire shape is the Meta itself)."""
    if not req.path:
        raise BadRequest("path is required")
    lines = [line for line in req.hide.splitlines() if line]  # D13: empty lines would hide everything
    for line in lines:
        try:
            re.compile(line)
        except re.error as exc:
            raise BadRequest(f"{line} is illegal: {exc}") from None
    return dataclasses.replace(req, path=join_user_path("/", req.path), hide="\n".join(lines),
                               read_users=req.read_users or None, write_users=req.write_users or None)


async def _reload(request: web.Request) -> None:
    fs: FileSystem = request.app[keys.FS]
    await fs.reload_metas()


@routes.get("/api/admin/meta/list")
@auth(Level.ADMIN)
async def meta_list(request: web.Request) -> web.Response:
    offset, limit = page_args(request)
    rows = await metas.all_metas(request.app[keys.DB], request.app[keys.SECRETBOX])
    page = rows[offset:] if limit < 0 else rows[offset:offset + limit]
    return ok({"content": [m.to_json() for m in page], "total": len(rows)})


@routes.get("/api/admin/meta/get")
@auth(Level.ADMIN)
async def meta_get(request: web.Request) -> web.Response:
    meta = await metas.get(request.app[keys.DB], request.app[keys.SECRETBOX], query_int(request, "id"))
    return ok(meta.to_json())


@routes.post("/api/admin/meta/create")
@auth(Level.ADMIN)
async def meta_create(request: web.Request) -> web.Response:
    meta = _meta(await bind(request, Meta))
    await metas.insert(request.app[keys.DB], request.app[keys.SECRETBOX], meta)
    await _reload(request)
    return ok()


@routes.post("/api/admin/meta/update")
@auth(Level.ADMIN)
async def meta_update(request: web.Request) -> web.Response:
    meta = _meta(await bind(request, Meta))
    await metas.update(request.app[keys.DB], request.app[keys.SECRETBOX], meta)
    await _reload(request)
    return ok()


@routes.post("/api/admin/meta/delete")
@auth(Level.ADMIN)
async def meta_delete(request: web.Request) -> web.Response:
    await metas.delete(request.app[keys.DB], query_int(request, "id"))
    await _reload(request)
    return ok()
