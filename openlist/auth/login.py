"""The one password check every entry point uses (W9): API login, and later WebDAV Basic.

Order (OpenList server/handles/auth.go, hardened per W4/W17): throttle → user → password →
second factor → success. Failures count per IP and per account.
"""

from __future__ import annotations

from aiohttp import web

from openlist import audit, keys
from openlist.auth import passwords, tokens, twofactor
from openlist.db import users
from openlist.db.users import User
from openlist.errors import MSG_BAD_CREDENTIALS, MSG_USER_DISABLED, TooManyRequests, Unauthorized


async def check_password(request: web.Request, username: str, static: str, *, source: str = "api") -> User:
    """Throttle, user lookup and password; returns the user or raises 401/429."""
    db, throttle = request.app[keys.DB], request.app[keys.THROTTLE]
    ip = request[keys.CLIENT_IP]
    user = await users.find(db, username) if username else None
    try:
        await throttle.check(ip, user.id if user else None)
    except TooManyRequests:
        # audited once per IP and minute, so that a flood of locked attempts cannot flood the log
        if not await db.fetchval("SELECT 1 FROM security_events WHERE ts > unixepoch() - 60"
                                 " AND event = 'login_throttled' AND ip = ?", (ip,)):
            await audit.record(db, "login_throttled", user_id=user.id if user else None,
                               username=username[:64], ip=ip, source=source)
        raise
    if user is None or user.is_guest or not await passwords.averify(user.pwd_hash, static):
        if user is None or user.is_guest:
            await passwords.averify(None, static)  # same time as a wrong password
        await throttle.failure(ip, user.id if user else None)
        await audit.record(db, "login_failed", user_id=user.id if user else None, username=username[:64],
                           ip=ip, source=source, reason="password")
        raise Unauthorized(MSG_BAD_CREDENTIALS)
    if user.disabled:
        raise Unauthorized(MSG_USER_DISABLED)  # D9: refuse at login, not one request later
    if passwords.needs_rehash(user.pwd_hash):
        await users.set_password_hash(db, user.id, await passwords.ahash(static), bump=False)
    return user


async def login(request: web.Request, username: str, static: str, otp_code: str) -> dict[str, object]:
    user = await check_password(request, username, static)
    if user.otp:
        await twofactor.verify_login(request, user, otp_code)
    extras = await twofactor.login_extras(request, user)
    await request.app[keys.THROTTLE].success(request[keys.CLIENT_IP], user.id)
    return {"token": await issue_token(request, user), **extras}


async def issue_token(request: web.Request, user: User) -> str:
    """A new session for `user` (a re-hash on login does not move pwd_ts, so `user` is current)."""
    config = request.app[keys.CONFIG]
    return await tokens.issue(
        request.app[keys.DB], config.jwt_secret, user_id=user.id, username=user.username, pwd_ts=user.pwd_ts,
        hours=config.token_expires_in, ip=request[keys.CLIENT_IP], user_agent=request.headers.get("User-Agent", ""),
    )
