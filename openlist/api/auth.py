"""/api/auth/* and /api/me (§3.5–3.7)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from openlist import audit, keys
from openlist.auth import login as login_service
from openlist.auth import passwords
from openlist.auth.identity import Level, auth, identity_of
from openlist.binding import bind
from openlist.db import users
from openlist.envelope import ok
from openlist.errors import BadRequest, Forbidden

routes = web.RouteTableDef()


@dataclass
class LoginReq:
    username: str = ""
    password: str = ""
    otp_code: str = ""


async def _login(request: web.Request, hashed: bool) -> web.Response:
    req = await bind(request, LoginReq)
    if not req.username:
        raise BadRequest("username is required")
    static = req.password if hashed else passwords.static_hash(req.password)
    return ok(await login_service.login(request, req.username, static, req.otp_code.strip()))


@routes.post("/api/auth/login")
@auth(Level.PUBLIC)
async def login(request: web.Request) -> web.Response:
    return await _login(request, hashed=False)


@routes.post("/api/auth/login/hash")
@auth(Level.PUBLIC)
async def login_hash(request: web.Request) -> web.Response:
    return await _login(request, hashed=True)


@routes.get("/api/auth/logout")
@auth(Level.USER)
async def logout(request: web.Request) -> web.Response:
    ident = identity_of(request)
    if ident.session is not None:
        await request.app[keys.DB].execute("DELETE FROM sessions WHERE token_hash = ?", (ident.session.token_hash,))
    return ok()


@routes.get("/api/me")
@auth(Level.USER)
async def me(request: web.Request) -> web.Response:
    from openlist.auth import twofactor

    ident = identity_of(request)
    data = ident.user.to_json()
    data.update(await twofactor.me_extras(request, ident.user))
    return ok(data)


@dataclass
class MeUpdateReq:
    username: str = ""
    password: str = ""
    sso_id: str = ""
    old_password: str = ""


@routes.post("/api/me/update")
@auth(Level.USER)
async def me_update(request: web.Request) -> web.Response:
    ident = identity_of(request)
    user = ident.user
    if user.is_guest:
        raise Forbidden("Guest user can not update profile")
    req = await bind(request, MeUpdateReq)
    if not req.username.strip():
        raise BadRequest("username is required")
    db = request.app[keys.DB]
    if req.old_password and not passwords.verify_static(user.pwd_hash, passwords.static_hash(req.old_password)):
        raise Forbidden("the current password is wrong")  # W16: optional field from clients that send it
    await users.update_profile(
        db, user.id, username=req.username.strip(), base_path=user.base_path, disabled=user.disabled,
        permission=user.permission, sso_id=req.sso_id, allow_ldap=user.allow_ldap,
    )
    if req.password:
        await users.set_password_hash(db, user.id, await passwords.ahash(passwords.static_hash(req.password)))
        await audit.record(db, "password_changed", user_id=user.id, username=req.username.strip(),
                           ip=request[keys.CLIENT_IP], actor=user.username)
    return ok()


