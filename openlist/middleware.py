"""Middlewares, outermost first (the order is written once, in app.create_app):

1. `errors`   — OpenListError → envelope (HTTP 200) on /api, HTML page elsewhere; unknown /api
                paths → JSON 404 (D3); nothing ever answers with a traceback.
2. `context`  — client IP (trusted proxies only), CORS preflight, external-change check so that CLI
                edits apply on the next request (W8).
3. `authn`    — resolves the Authorization header once into keys.IDENTITY and enforces the route's
                declared level (`auth.identity.auth`).
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware as _Middleware

from openlist import keys
from openlist.auth import identity as ident
from openlist.auth.clientip import client_ip
from openlist.envelope import fail
from openlist.errors import OpenListError, TooManyRequests
from openlist.privacy import mask

log = logging.getLogger("openlist.http")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Middleware = _Middleware

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "*",
    "Access-Control-Allow-Headers": "*",
}


def site_relative(request: web.Request) -> str:
    """The request path without the site sub-path (§2.5)."""
    site = request.app[keys.CONFIG].site_path
    path = request.path
    return path[len(site):] or "/" if site and path.startswith(site) else path


def is_api(request: web.Request) -> bool:
    path = site_relative(request)
    return path.startswith("/api/") or path == "/api"


def error_page(status: int, message: str) -> web.Response:
    """§8.6: real status, minimal HTML page, escaped message."""
    reason = _reason(status)
    title = f"{status} {reason}"
    body = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
            f"<h1>{title}</h1><hr><p>{html.escape(message)}</p></body></html>")
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    api = is_api(request)
    try:
        return await handler(request)
    except OpenListError as exc:
        message = mask(exc.message, request.app[keys.SETTINGS].get("privacy_regs")) if keys.SETTINGS in \
            request.app else exc.message
        if api:
            resp = fail(exc.code, message, exc.data)
        else:
            status = exc.code if exc.code in (400, 401, 403, 404, 405, 416, 429) else 500
            resp = error_page(status, message)
        if isinstance(exc, TooManyRequests) and exc.retry_after:
            resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    except web.HTTPException as exc:
        if api and exc.status in (404, 405):
            return fail(exc.status, "not found" if exc.status == 404 else "method not allowed")
        raise
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        if api:
            return fail(500, "internal server error")
        return error_page(500, "internal server error")


@web.middleware
async def context(request: web.Request, handler: Handler) -> web.StreamResponse:
    app = request.app
    request[keys.CLIENT_IP] = client_ip(request, app[keys.CONFIG].trusted_proxies)
    api = is_api(request)
    if api and request.method == "OPTIONS":
        return web.Response(status=204, headers=CORS_HEADERS)
    if api or site_relative(request).startswith(("/d/", "/p/", "/dav")):
        if await app[keys.DB].external_change():
            await app[keys.SETTINGS].reload()
            for hook in app[keys.ON_EXTERNAL_CHANGE]:
                await hook()
    resp = await handler(request)
    if api:
        resp.headers.setdefault("Access-Control-Allow-Origin", "*")
    return resp


@web.middleware
async def authn(request: web.Request, handler: Handler) -> web.StreamResponse:
    level = ident.route_level(request)
    if level is None or level == ident.Level.PUBLIC:
        return await handler(request)
    identity = await ident.resolve(request, request.headers.get("Authorization", "").strip())
    ident.enforce(identity, level)
    request[keys.IDENTITY] = identity
    return await handler(request)


def limit_connections(limit: int) -> Middleware:
    sem = asyncio.Semaphore(limit)

    @web.middleware
    async def limiter(request: web.Request, handler: Handler) -> web.StreamResponse:
        async with sem:
            return await handler(request)

    return limiter
