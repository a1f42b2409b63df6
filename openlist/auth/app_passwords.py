"""App passwords (issue 4, point 6) and the one Basic-auth check (W9, D5).

An app password is `olap_` + 240 random bits, shown once and stored as its SHA-256 (it is
random, so a slow hash buys nothing). Per user, named, revocable, optional expiry, optional path
prefix (`scope_path`) and read-only flag. It works

* as the `Authorization` header on /api (`resolve`, called by `auth.identity.resolve`), and
* as the password of any password-based entry point through `authenticate_basic` — WebDAV
  Basic today, FTP/SFTP if they ever exist. That function is the only place that accepts a
  username + password outside the login routes, and it refuses the real password of a user with
  2FA, so nothing can skip the second factor (W9).

What an app-password identity may not do, whatever the user's role: manage the account (2FA,
app passwords, profile/password), use admin routes when it is scoped or read-only, and — when
read-only — call anything but the read routes below. The fs service also enforces
`Identity.scope_path` and `Identity.read_only` for paths.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from openlist import audit, keys
from openlist.db import Database, users
from openlist.db.users import UserNotFound
from openlist.errors import (
    MSG_BAD_CREDENTIALS,
    MSG_PERMISSION_DENIED,
    MSG_TOKEN_EXPIRED,
    MSG_TOKEN_INVALIDATED,
    MSG_USER_DISABLED,
    BadRequest,
    Forbidden,
    NotFound,
    Unauthorized,
)
from openlist.paths import clean

if TYPE_CHECKING:
    from openlist.auth.identity import Identity

PREFIX = "olap_"
SHOWN_PREFIX = 12  # "olap_" + 7 characters, enough to recognise a token in a list
MAX_NAME = 64
MAX_DAYS = 3650
TOUCH_EVERY = 60  # seconds between last_used_at writes (no write per request)
AUDIT_EVERY = 3600  # `app_password_used` at most once an hour per app password

# Routes an app password never reaches: it must not be able to move the account's own security.
ACCOUNT_ROUTES = ("/api/me/update", "/api/auth/2fa/", "/api/me/app_passwords")
# The only non-GET routes a read-only app password may call (reads that OpenList routes as POST).
READ_ONLY_POSTS = frozenset({"/api/fs/list", "/api/fs/get", "/api/fs/dirs", "/api/fs/search"})


@dataclass(frozen=True, slots=True)
class AppPassword:
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: int
    expires_at: int | None
    last_used_at: int | None
    scope_path: str
    read_only: bool

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "prefix": self.prefix, "created_at": _time(self.created_at),
                "expires_at": _time(self.expires_at), "last_used_at": _time(self.last_used_at),
                "scope_path": self.scope_path, "read_only": self.read_only}


def _time(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


_COLUMNS = "id, user_id, name, prefix, created_at, expires_at, last_used_at, scope_path, read_only"


def _row(r: Any) -> AppPassword:
    return AppPassword(r["id"], r["user_id"], r["name"], r["prefix"], r["created_at"], r["expires_at"],
                       r["last_used_at"], r["scope_path"], bool(r["read_only"]))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like(value: str) -> bool:
    return value.startswith(PREFIX)


# ------------------------------------------------------------------------------------ storage
async def create(db: Database, user_id: int, *, name: str, expires_in_days: int = 0, scope_path: str = "/",
                 read_only: bool = False) -> tuple[AppPassword, str]:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise BadRequest(f"name is required (at most {MAX_NAME} characters)")
    if not 0 <= expires_in_days <= MAX_DAYS:
        raise BadRequest(f"expires_in_days must be between 0 (never) and {MAX_DAYS}")
    if "\x00" in scope_path or ".." in scope_path.split("/"):
        raise BadRequest("scope_path must be an absolute path without '..'")
    scope = clean(scope_path or "/")
    token = PREFIX + secrets.token_urlsafe(30)
    now = int(time.time())
    expires = now + expires_in_days * 86400 if expires_in_days else None
    new_id = await db.execute(
        "INSERT INTO app_passwords (user_id, name, token_hash, prefix, created_at, expires_at, scope_path,"
        " read_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, name, token_hash(token), token[:SHOWN_PREFIX], now, expires, scope, int(read_only)))
    return AppPassword(new_id, user_id, name, token[:SHOWN_PREFIX], now, expires, None, scope, read_only), token


async def list_for(db: Database, user_id: int) -> list[AppPassword]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM app_passwords WHERE user_id = ? AND revoked_at IS NULL ORDER BY id", (user_id,))
    return [_row(r) for r in rows]


async def revoke(db: Database, user_id: int, ap_id: int) -> AppPassword:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM app_passwords WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        (ap_id, user_id))
    if row is None:
        raise NotFound("app password not found")
    await db.execute("UPDATE app_passwords SET revoked_at = unixepoch() WHERE id = ?", (ap_id,))
    return _row(row)


async def lookup(db: Database, token: str) -> AppPassword | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM app_passwords WHERE token_hash = ? AND revoked_at IS NULL", (token_hash(token),))
    return None if row is None else _row(row)


async def _touch(request: web.Request, ap: AppPassword, username: str, source: str) -> None:
    now = int(time.time())
    if ap.last_used_at is not None and now - ap.last_used_at < TOUCH_EVERY:
        return
    db = request.app[keys.DB]
    await db.execute("UPDATE app_passwords SET last_used_at = ? WHERE id = ?", (now, ap.id))
    if ap.last_used_at is None or now - ap.last_used_at >= AUDIT_EVERY:
        await audit.record(db, "app_password_used", user_id=ap.user_id, username=username,
                           ip=request[keys.CLIENT_IP], source=source, app_password_id=ap.id, name=ap.name)


# ------------------------------------------------------------------------------------ entry points
def _route_allowed(request: web.Request, ap: AppPassword) -> None:
    site = request.app[keys.CONFIG].site_path
    path = request.path[len(site):] if site and request.path.startswith(site) else request.path
    if path.startswith(ACCOUNT_ROUTES):
        raise Forbidden("an app password can not manage the account; log in with your password")
    if path.startswith("/api/admin/") and (ap.read_only or ap.scope_path != "/"):
        raise Forbidden(MSG_PERMISSION_DENIED)
    if ap.read_only and request.method not in ("GET", "HEAD", "OPTIONS") and path not in READ_ONLY_POSTS:
        raise Forbidden(MSG_PERMISSION_DENIED)


async def _identity(request: web.Request, ap: AppPassword, source: str) -> Identity:
    from openlist.auth.identity import Identity

    try:
        user = await users.get(request.app[keys.DB], ap.user_id)
    except UserNotFound:
        raise Unauthorized("failed find user: record not found") from None
    if user.disabled:
        raise Unauthorized(MSG_USER_DISABLED)
    await _touch(request, ap, user.username, source)
    return Identity(user, "app_password", scope_path=ap.scope_path, read_only=ap.read_only)


async def resolve(request: web.Request, token: str) -> Identity:
    """`Authorization: olap_…` on /api."""
    ap = await lookup(request.app[keys.DB], token)
    if ap is None:
        raise Unauthorized(MSG_TOKEN_INVALIDATED)
    if ap.expired(time.time()):
        raise Unauthorized(MSG_TOKEN_EXPIRED)
    _route_allowed(request, ap)
    return await _identity(request, ap, "api")


async def authenticate_basic(request: web.Request, username: str, password: str, *,
                             source: str = "webdav") -> Identity:
    """The one check for every password-based entry point other than the login routes (W9).

    Accepts the user's app password, or the real password **only** for a user without 2FA.
    Throttled like login (per IP and per account, the same counters); every refusal counts as a
    failure and raises 401 `Invalid username or password` (429 when throttled). The caller turns
    401 into its protocol's answer (WebDAV: HTTP 401 with WWW-Authenticate). Path scope and
    read-only are on the returned Identity; the caller's file-system calls must honour them.
    """
    from openlist.auth import login, passwords, twofactor
    from openlist.auth.identity import Identity

    db, throttle = request.app[keys.DB], request.app[keys.THROTTLE]
    ip = request[keys.CLIENT_IP]
    if looks_like(password):
        user = await users.find(db, username) if username else None
        await throttle.check(ip, user.id if user else None)
        ap = await lookup(db, password)
        if (user is None or ap is None or ap.user_id != user.id or ap.expired(time.time())
                or user.disabled):
            await throttle.failure(ip, user.id if user else None)
            await audit.record(db, "login_failed", user_id=user.id if user else None, username=username[:64],
                               ip=ip, source=source, reason="app_password")
            raise Unauthorized(MSG_BAD_CREDENTIALS)
        await throttle.success(ip, user.id)
        return await _identity(request, ap, source)
    user = await login.check_password(request, username, passwords.static_hash(password), source=source)
    if user.otp:
        # D5: the password alone is not enough for a 2FA user; counted like a wrong password.
        await throttle.failure(ip, user.id)
        await audit.record(db, "login_failed", user_id=user.id, username=user.username, ip=ip, source=source,
                           reason="2fa_user_needs_app_password")
        raise Unauthorized(MSG_BAD_CREDENTIALS)
    if not await twofactor.password_only_allowed(request, user):
        # the enforcement policy's grace logins are used up: enrol first (not counted as a failure)
        await audit.record(db, "2fa_enrolment_required", user_id=user.id, username=user.username, ip=ip,
                           source=source)
        raise Unauthorized(MSG_BAD_CREDENTIALS)
    await throttle.success(ip, user.id)
    return Identity(user, "password")
