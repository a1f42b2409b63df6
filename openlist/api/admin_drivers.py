"""/api/admin/driver/* (openlist-api.md §10.3), generated from the drivers' declarations."""

from __future__ import annotations

from aiohttp import web

from openlist import drivers
from openlist.auth.identity import Level, auth
from openlist.envelope import ok

routes = web.RouteTableDef()


@routes.get("/api/admin/driver/list")
@auth(Level.ADMIN)
async def driver_list(request: web.Request) -> web.Response:
    return ok({d.name: drivers.info(d.name) for d in drivers.DRIVERS})


@routes.get("/api/admin/driver/names")
@auth(Level.ADMIN)
async def driver_names(request: web.Request) -> web.Response:
    return ok([d.name for d in drivers.DRIVERS])


@routes.get("/api/admin/driver/info")
@auth(Level.ADMIN)
async def driver_info(request: web.Request) -> web.Response:
    return ok(drivers.info(request.query.get("driver", "")))
