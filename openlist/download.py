"""/d and /p downloads (issue 3) — placeholder so that the route table is stable."""

from __future__ import annotations

from aiohttp import web

routes = web.RouteTableDef()
