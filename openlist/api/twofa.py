"""/api/auth/2fa/* (§3.8 plus docs/api-extensions.md) and /api/admin/user/cancel_2fa (§10.1)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from openlist import keys
from openlist.auth import twofactor
from openlist.auth.identity import Level, auth, identity_of
from openlist.binding import bind, query_int
from openlist.db import users
from openlist.envelope import ok

routes = web.RouteTableDef()


@dataclass
class GenerateReq:
    password: str = ""


@dataclass
class VerifyReq:
    code: str = ""
    secret: str = ""
    password: str = ""


@dataclass
class RecoveryReq:
    password: str = ""
    code: str = ""


# USER, not NONGUEST: an enabled guest must get OpenList's own sentence (§2.6), not "You are a guest".
@routes.post("/api/auth/2fa/generate")
@auth(Level.USER)
async def generate(request: web.Request) -> web.Response:
    req = await bind(request, GenerateReq)
    return ok(await twofactor.generate(request, identity_of(request), req.password))


@routes.post("/api/auth/2fa/verify")
@auth(Level.USER)
async def verify(request: web.Request) -> web.Response:
    req = await bind(request, VerifyReq)
    return ok(await twofactor.enable(request, identity_of(request), req.code, req.secret, req.password))


@routes.get("/api/auth/2fa/status")
@auth(Level.NONGUEST)
async def status(request: web.Request) -> web.Response:
    return ok(await twofactor.status(request, identity_of(request).user))


@routes.post("/api/auth/2fa/recovery_codes")
@auth(Level.NONGUEST)
async def recovery_codes(request: web.Request) -> web.Response:
    req = await bind(request, RecoveryReq)
    return ok(await twofactor.regenerate_codes(request, identity_of(request), req.password, req.code))


@routes.post("/api/admin/user/cancel_2fa")
@auth(Level.ADMIN)
async def cancel_2fa(request: web.Request) -> web.Response:
    # OpenList: server/handles/user.go Cancel2FAById — succeeds for a user without 2FA too.
    db = request.app[keys.DB]
    target = await users.get(db, query_int(request, "id"))
    ident = identity_of(request)
    await twofactor.cancel(db, target, actor=ident.user.username, source="api", ip=request[keys.CLIENT_IP],
                           keep=ident.token_hash if target.id == ident.user.id else None)
    return ok()
