"""Second factor at login (issue 4). Placeholder until the 2FA work lands: a user with 2FA
cannot log in (402), which is the safe failure."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from openlist.db import Database
from openlist.db.users import User
from openlist.errors import OTPRequired


async def verify_login(request: web.Request, user: User, otp_code: str) -> None:
    """Raise OTPRequired (402) / TooManyRequests unless `otp_code` is a valid, unused code."""
    raise OTPRequired()


async def login_extras(request: web.Request, user: User) -> dict[str, Any]:
    """Extra fields of the login reply (enrolment policy); may raise to refuse the login."""
    return {}


async def me_extras(request: web.Request, user: User) -> dict[str, Any]:
    """Extra fields of /api/me (recovery codes left, enforcement)."""
    return {}


async def cancel(db: Database, user: User, *, actor: str, source: str, ip: str = "") -> bool:
    """Clear a user's 2FA (admin route or CLI). Returns False when 2FA was not on. Revokes sessions."""
    from openlist import audit
    from openlist.auth import tokens

    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE users SET otp_secret = NULL, otp_pending = NULL, otp_pending_exp = 0, otp_enabled_at = 0"
            " WHERE id = ?", (user.id,))
        await conn.execute("DELETE FROM recovery_codes WHERE user_id = ?", (user.id,))
    if not user.otp:
        return False
    await tokens.revoke_user(db, user.id)
    await audit.record(db, "2fa_cancelled", user_id=user.id, username=user.username, ip=ip, source=source,
                       actor=actor)
    return True
