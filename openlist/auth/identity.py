"""Who is calling: one resolution of the Authorization header per request (§3.2).

Routes declare what they need with `@auth(Level.X)`; the middleware in `openlist.middleware`
resolves the identity once (into `keys.IDENTITY`) and enforces the level before the handler.

    Level.PUBLIC    no identity needed (login, public settings, ping)
    Level.GUEST_OK  empty header = guest, refused if the guest is disabled (fs/list, fs/get)
    Level.USER      any authenticated user or the enabled guest
    Level.NONGUEST  USER, but not the guest (403 "You are a guest")
    Level.ADMIN     role 2 (403 "You are not an admin")
"""

from __future__ import annotations

import enum
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web

from openlist import keys
from openlist.auth import tokens
from openlist.db import users
from openlist.db.users import User, UserNotFound
from openlist.errors import (
    MSG_GUEST_DISABLED,
    MSG_NOT_ADMIN,
    MSG_PASSWORD_CHANGED,
    MSG_USER_DISABLED,
    MSG_YOU_ARE_GUEST,
    Forbidden,
    Unauthorized,
)


class Level(enum.IntEnum):
    PUBLIC = 0
    GUEST_OK = 1
    USER = 2
    NONGUEST = 3
    ADMIN = 4


@dataclass(frozen=True, slots=True)
class Identity:
    user: User
    via: str  # "guest" | "session" | "admin_token" | "app_password" | "password" (Basic auth)
    session: tokens.Session | None = None
    # app passwords may be limited to a path prefix and/or read-only (issue 4)
    scope_path: str = "/"
    read_only: bool = False

    @property
    def token_hash(self) -> str | None:
        return self.session.token_hash if self.session else None


H = TypeVar("H", bound=Callable[..., Awaitable[web.StreamResponse]])


def auth(level: Level) -> Callable[[H], H]:
    def mark(handler: H) -> H:
        handler.__auth_level__ = level  # type: ignore[attr-defined]
        return handler

    return mark


def route_level(request: web.Request) -> Level | None:
    handler: Any = request.match_info.route.handler
    return getattr(handler, "__auth_level__", None)


async def resolve(request: web.Request, header: str) -> Identity:
    app = request.app
    db, settings, config = app[keys.DB], app[keys.SETTINGS], app[keys.CONFIG]
    token = settings.token
    if header and token and hmac.compare_digest(header.encode(), token.encode()):
        return Identity(await users.first_with_role(db, users.ROLE_ADMIN), "admin_token")
    if not header:
        guest = await users.first_with_role(db, users.ROLE_GUEST)
        if guest.disabled:
            raise Unauthorized(MSG_GUEST_DISABLED)
        return Identity(guest, "guest")
    if header.startswith("olap_"):
        from openlist.auth import app_passwords

        return await app_passwords.resolve(request, header)
    claims, session = await tokens.validate(db, config.jwt_secret, header)
    try:
        user = await users.get(db, session.user_id)
    except UserNotFound:
        raise Unauthorized("failed find user: record not found") from None
    if user.username != claims.username:
        # renamed since the token was issued (OpenList looks users up by name)
        raise Unauthorized("failed find user: record not found")
    if claims.pwd_ts != user.pwd_ts:
        raise Unauthorized(MSG_PASSWORD_CHANGED)
    if user.disabled:
        raise Unauthorized(MSG_USER_DISABLED)
    return Identity(user, "session", session)


def enforce(identity: Identity, level: Level) -> None:
    # OpenList: server/middlewares/auth.go — AuthAdmin says "not an admin" even to the guest.
    if level >= Level.ADMIN and not identity.user.is_admin:
        raise Forbidden(MSG_NOT_ADMIN)
    if level >= Level.NONGUEST and identity.user.is_guest:
        raise Forbidden(MSG_YOU_ARE_GUEST)


def identity_of(request: web.Request) -> Identity:
    return request[keys.IDENTITY]
