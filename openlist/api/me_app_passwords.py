"""/api/me/app_passwords: the caller's app passwords (docs/api-extensions.md)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from openlist import audit, keys
from openlist.auth import app_passwords, twofactor
from openlist.auth.identity import Level, auth, identity_of
from openlist.binding import bind, query_int
from openlist.envelope import ok

routes = web.RouteTableDef()


@dataclass
class CreateReq:
    name: str = ""
    expires_in_days: int = 0
    scope_path: str = "/"
    read_only: bool = False
    password: str = ""
    code: str = ""  # a 2FA user may re-authenticate with a current code instead of the password


@routes.get("/api/me/app_passwords")
@auth(Level.NONGUEST)
async def app_password_list(request: web.Request) -> web.Response:
    ident = identity_of(request)
    twofactor.guard(ident)
    return ok([ap.to_json() for ap in await app_passwords.list_for(request.app[keys.DB], ident.user.id)])


@routes.post("/api/me/app_passwords/create")
@auth(Level.NONGUEST)
async def app_password_create(request: web.Request) -> web.Response:
    ident = identity_of(request)
    twofactor.guard(ident)
    req = await bind(request, CreateReq)
    await twofactor.require_reauth(request, ident, req.password, req.code)
    db = request.app[keys.DB]
    ap, token = await app_passwords.create(db, ident.user.id, name=req.name, expires_in_days=req.expires_in_days,
                                           scope_path=req.scope_path, read_only=req.read_only)
    await audit.record(db, "app_password_created", user_id=ident.user.id, username=ident.user.username,
                       ip=request[keys.CLIENT_IP], actor=ident.user.username, app_password_id=ap.id, name=ap.name,
                       scope_path=ap.scope_path, read_only=ap.read_only, expires_at=ap.to_json()["expires_at"])
    return ok({**ap.to_json(), "token": token})


@routes.post("/api/me/app_passwords/revoke")
@auth(Level.NONGUEST)
async def app_password_revoke(request: web.Request) -> web.Response:
    ident = identity_of(request)
    twofactor.guard(ident)
    db = request.app[keys.DB]
    ap = await app_passwords.revoke(db, ident.user.id, query_int(request, "id"))
    await audit.record(db, "app_password_revoked", user_id=ident.user.id, username=ident.user.username,
                       ip=request[keys.CLIENT_IP], actor=ident.user.username, app_password_id=ap.id, name=ap.name)
    return ok()
