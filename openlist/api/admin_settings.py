"""/api/admin/setting/* (§10.5)."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from openlist import keys
from openlist.auth.identity import Level, auth
from openlist.envelope import ok
from openlist.errors import BadRequest

routes = web.RouteTableDef()


def _groups(request: web.Request) -> list[int] | None:
    raw = request.query.get("groups") or request.query.get("group")
    if not raw:
        return None
    try:
        return [int(g) for g in raw.split(",") if g.strip()]
    except ValueError:
        raise BadRequest("group must be an integer") from None


@routes.get("/api/admin/setting/list")
@auth(Level.ADMIN)
async def setting_list(request: web.Request) -> web.Response:
    return ok([i.to_json() for i in request.app[keys.SETTINGS].items(_groups(request))])


@routes.get("/api/admin/setting/get")
@auth(Level.ADMIN)
async def setting_get(request: web.Request) -> web.Response:
    settings = request.app[keys.SETTINGS]
    if "keys" in request.query:
        return ok([settings.item(k).to_json() for k in request.query["keys"].split(",") if k])
    return ok(settings.item(request.query.get("key", "")).to_json())


@routes.post("/api/admin/setting/save")
@auth(Level.ADMIN)
async def setting_save(request: web.Request) -> web.Response:
    try:
        body: Any = orjson.loads(await request.read() or b"null")
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"malformed JSON body: {exc}") from None
    if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
        raise BadRequest("the body must be an array of setting items")
    await request.app[keys.SETTINGS].save(body)
    return ok()


@routes.post("/api/admin/setting/reset_token")
@auth(Level.ADMIN)
async def reset_token(request: web.Request) -> web.Response:
    return ok(await request.app[keys.SETTINGS].reset_token())


@routes.post("/api/admin/setting/delete")
@auth(Level.ADMIN)
async def setting_delete(request: web.Request) -> web.Response:
    await request.app[keys.SETTINGS].delete(request.query.get("key", ""))
    return ok()


@routes.post("/api/admin/setting/default")
@auth(Level.ADMIN)
async def setting_default(request: web.Request) -> web.Response:
    return ok(request.app[keys.SETTINGS].defaults(_groups(request) or []))
