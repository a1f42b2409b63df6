"""/api/admin/user/* (§10.1)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from openlist import audit, keys
from openlist.auth import passwords, tokens
from openlist.auth.identity import Level, auth, identity_of
from openlist.binding import bind, page_args, query_int
from openlist.db import users
from openlist.envelope import ok
from openlist.errors import BadRequest, ServerError
from openlist.paths import clean

routes = web.RouteTableDef()


@dataclass
class UserReq:
    id: int = 0
    username: str = ""
    password: str = ""
    base_path: str = "/"
    role: int = 0
    disabled: bool = False
    permission: int = 0
    sso_id: str = ""
    allow_ldap: bool | None = None


def _base_path(raw: str) -> str:
    if "\x00" in raw:
        raise BadRequest("base_path must not contain NUL")
    return clean(raw or "/")


@routes.get("/api/admin/user/list")
@auth(Level.ADMIN)
async def user_list(request: web.Request) -> web.Response:
    offset, limit = page_args(request)
    items, total = await users.page(request.app[keys.DB], offset, limit)
    return ok({"content": [u.to_json() for u in items], "total": total})


@routes.get("/api/admin/user/get")
@auth(Level.ADMIN)
async def user_get(request: web.Request) -> web.Response:
    return ok((await users.get(request.app[keys.DB], query_int(request, "id"))).to_json())


@routes.post("/api/admin/user/create")
@auth(Level.ADMIN)
async def user_create(request: web.Request) -> web.Response:
    req = await bind(request, UserReq)
    if req.role in (users.ROLE_GUEST, users.ROLE_ADMIN):
        raise BadRequest("admin or guest user can not be created")
    if req.role != users.ROLE_GENERAL:
        raise BadRequest(f"role {req.role} does not exist")
    username = req.username.strip()
    if not username:
        raise BadRequest("username is required")
    pwd_hash = await passwords.ahash(passwords.static_hash(req.password))
    await users.insert(
        request.app[keys.DB], username=username, pwd_hash=pwd_hash, base_path=_base_path(req.base_path),
        role=req.role, permission=req.permission, disabled=req.disabled, sso_id=req.sso_id,
        allow_ldap=True if req.allow_ldap is None else req.allow_ldap,
    )
    return ok()


@routes.post("/api/admin/user/update")
@auth(Level.ADMIN)
async def user_update(request: web.Request) -> web.Response:
    req = await bind(request, UserReq)
    db = request.app[keys.DB]
    user = await users.get(db, req.id)
    if req.role != user.role:
        raise BadRequest("role can not be changed")
    if user.is_admin and req.disabled:
        raise BadRequest("admin user can not be disabled")
    username = req.username.strip() or user.username
    await users.update_profile(
        db, user.id, username=username, base_path=_base_path(req.base_path), disabled=req.disabled,
        permission=req.permission, sso_id=req.sso_id,
        allow_ldap=user.allow_ldap if req.allow_ldap is None else req.allow_ldap,
    )
    # D8: no password = keep the password and the sessions. A real change logs the user out.
    if req.password:
        await users.set_password_hash(db, user.id, await passwords.ahash(passwords.static_hash(req.password)))
        await audit.record(db, "password_changed", user_id=user.id, username=username,
                           ip=request[keys.CLIENT_IP], actor=identity_of(request).user.username)
    if req.disabled and not user.disabled:
        await tokens.revoke_user(db, user.id)
    return ok()


@routes.post("/api/admin/user/delete")
@auth(Level.ADMIN)
async def user_delete(request: web.Request) -> web.Response:
    db = request.app[keys.DB]
    user = await users.get(db, query_int(request, "id"))
    if user.is_admin or user.is_guest:
        raise ServerError("cannot delete admin or guest")
    await users.delete(db, user.id)  # sessions, app passwords, codes: ON DELETE CASCADE
    return ok()


@routes.post("/api/admin/user/del_cache")
@auth(Level.ADMIN)
async def user_del_cache(request: web.Request) -> web.Response:
    # W8: users are read from the database on every request; there is no cache to drop.
    return ok()
