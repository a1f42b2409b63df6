"""Who is calling /dav (openlist-api.md §12, W9/D5).

    Authorization: Basic user:password   → auth.app_passwords.authenticate_basic (app password,
                                            or the real password only for users without 2FA)
    Authorization: Bearer <admin token>  → the admin
    nothing                              → 401 with WWW-Authenticate (OPTIONS never asks)

Then the permission bits: a disabled user or one without bit 8 (webdav_read) → 403, and the
write methods without bit 9 (webdav_manage), or with a read-only app password → 403.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from aiohttp import web

from openlist import keys
from openlist.auth.app_passwords import authenticate_basic
from openlist.auth.identity import Identity
from openlist.db import users
from openlist.errors import MSG_BAD_CREDENTIALS, Forbidden, Unauthorized

BIT_WEBDAV_READ, BIT_WEBDAV_MANAGE = 8, 9
# OpenList: server/webdav.go — these need webdav_manage; LOCK/UNLOCK only write_users.
WRITE_METHODS = frozenset({"PUT", "MKCOL", "MOVE", "COPY", "DELETE", "PROPPATCH"})
REALM = 'Basic realm="openlist"'


def _basic(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized(MSG_BAD_CREDENTIALS) from None
    username, sep, password = decoded.partition(":")
    if not sep:
        raise Unauthorized(MSG_BAD_CREDENTIALS)
    return username, password


async def identify(request: web.Request) -> Identity:
    """The caller, or Unauthorized (401) / TooManyRequests (429) / Forbidden (403)."""
    header = request.headers.get("Authorization", "").strip()
    basic = _basic(header) if header else None
    if basic is not None:
        ident = await authenticate_basic(request, basic[0], basic[1], source="webdav")
    elif header[:7].lower() == "bearer ":
        app = request.app
        token = app[keys.SETTINGS].token
        ip = request[keys.CLIENT_IP]
        await app[keys.THROTTLE].check(ip, None)
        if not token or not hmac.compare_digest(header[7:].strip().encode(), token.encode()):
            await app[keys.THROTTLE].failure(ip, None)
            raise Unauthorized(MSG_BAD_CREDENTIALS)
        ident = Identity(await users.first_with_role(app[keys.DB], users.ROLE_ADMIN), "admin_token")
    else:
        raise Unauthorized(MSG_BAD_CREDENTIALS)
    user = ident.user
    if user.disabled or not user.can(BIT_WEBDAV_READ):
        raise Forbidden("webdav is not allowed for this user")
    if request.method in WRITE_METHODS and (ident.read_only or not user.can(BIT_WEBDAV_MANAGE)):
        raise Forbidden("webdav writes are not allowed for this user")
    return ident
