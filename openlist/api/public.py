"""Public routes: /api/public/*, /ping, /favicon.ico, /robots.txt, /manifest.json (§9.2, §11.4)."""

from __future__ import annotations

from aiohttp import web

from openlist import keys
from openlist.auth.identity import Level, auth
from openlist.envelope import ok

routes = web.RouteTableDef()


@routes.route("*", "/api/public/settings")
@auth(Level.PUBLIC)
async def public_settings(request: web.Request) -> web.Response:
    return ok(request.app[keys.SETTINGS].public())


@routes.route("*", "/api/public/archive_extensions")
@auth(Level.PUBLIC)
async def archive_extensions(request: web.Request) -> web.Response:
    return ok([])  # no archive support yet; MUST be an array (§16.1)


@routes.route("*", "/api/public/offline_download_tools")
@auth(Level.PUBLIC)
async def offline_download_tools(request: web.Request) -> web.Response:
    return ok([])


@routes.route("*", "/ping")
async def ping(request: web.Request) -> web.Response:
    return web.Response(text="pong")


@routes.get("/favicon.ico")
async def favicon(request: web.Request) -> web.Response:
    raise web.HTTPFound(request.app[keys.SETTINGS].get("favicon"))


@routes.get("/robots.txt")
async def robots(request: web.Request) -> web.Response:
    return web.Response(text=request.app[keys.SETTINGS].get("robots_txt"))


@routes.get("/manifest.json")
async def manifest(request: web.Request) -> web.Response:
    settings, config = request.app[keys.SETTINGS], request.app[keys.CONFIG]
    base = config.site_path or "/"
    body = {
        "display": "standalone", "scope": base, "start_url": base, "name": settings.get("site_title"),
        "icons": [{"src": settings.get("logo").splitlines()[0] if settings.get("logo") else "",
                   "sizes": "512x512", "type": "image/png"}],
    }
    return web.json_response(body, headers={"Cache-Control": "public, max-age=3600"})
