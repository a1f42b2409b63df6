"""Routes of twofa — being written (placeholder so that the route table is stable)."""

from __future__ import annotations

from aiohttp import web

routes = web.RouteTableDef()
