"""Two-factor authentication (issue 4): the second factor at login, enrolment, recovery codes,
the enforcement policy, re-authentication and cancellation.

Wire (OpenList server/handles/auth.go): login answers 402 `Invalid 2FA code` when the password
is right and the code missing or wrong; `generate` → {qr, secret}; `verify {code, secret}` → 400
`Invalid 2FA code` on a bad code. Behind the wire (openlist-api.md §15):

* W1  `generate` stores the secret as the user's *pending* secret (sealed, 10 minutes); `verify`
      enrols only that secret.
* W2  while 2FA is on, generate/verify answer 403 `2FA is already enabled`.
* W3  the last accepted time step is persisted; a code is accepted once (also at enrolment).
* W4  wrong codes count per IP, per account and in the per-account OTP counter (10/hour).
* W6  secrets are sealed with the secret box (key outside the database).
* a wrong code that matches a step within ±10 min is reported as clock skew (402 with
  `data.clock_skew_seconds`); a *future* step found that way is burnt, so learning it is useless.
"""

from __future__ import annotations

import hmac
import time
from typing import Any

import segno
from aiohttp import web

from openlist import audit, keys
from openlist.auth import passwords, recovery, tokens, totp
from openlist.auth.identity import Identity
from openlist.db import Database, users
from openlist.db.users import User
from openlist.errors import BadRequest, Forbidden, OpenListError, OTPRequired, ServerError, TooManyRequests
from openlist.secretbox import SecretBoxError

PENDING_TTL = 600  # seconds a generated secret waits for `verify` (W1)
REAUTH_WINDOW = 600  # a session that proved the password this recently may move 2FA (point 10)

MSG_INVALID_CODE = "Invalid 2FA code"
MSG_ALREADY_ENABLED = "2FA is already enabled"
MSG_GUEST = "Guest user can not generate 2FA code"
MSG_REAUTH = "re-authentication required"
MSG_WRONG_PASSWORD = "the current password is wrong"
MSG_ENROL_REQUIRED = "2FA enrolment required, ask an admin"
POLICIES = ("optional", "admins", "all")


def _ctx_secret(user_id: int) -> str:
    return f"otp:{user_id}"


def _ctx_pending(user_id: int) -> str:
    return f"otp-pending:{user_id}"


def _open_secret(request: web.Request, user: User) -> str:
    assert user.otp_secret is not None
    try:
        return request.app[keys.SECRETBOX].open(user.otp_secret, context=_ctx_secret(user.id))
    except SecretBoxError:
        # The key (data/secret.key or OPENLIST_SECRET_KEY) is not the one the secret was sealed with.
        raise ServerError("cannot read the 2FA secret: the secret key changed; restore data/secret.key "
                          "(or OPENLIST_SECRET_KEY), or run `openlist cancel2fa --user NAME`") from None


async def _advance(db: Database, user_id: int, step: int) -> bool:
    """Record `step` as used; False when it (or a later one) was used already (replay, or a race)."""
    return await db.execute(
        "UPDATE users SET otp_last_step = ? WHERE id = ? AND otp_last_step < ?", (step, user_id, step)) == 1


async def check_totp(request: web.Request, user: User, code: str, *, error: type[OpenListError] = OTPRequired,
                     source: str = "api") -> None:
    """Accept a current, unused TOTP code of `user` or raise `error` (402 at login, 400 elsewhere).
    Every wrong code counts in the throttle (per IP, per account and the per-account OTP limit)."""
    db, throttle = request.app[keys.DB], request.app[keys.THROTTLE]
    ip = request[keys.CLIENT_IP]
    secret = _open_secret(request, user)
    digits = totp.normalize(code)
    step = totp.match(secret, digits) if digits else None
    if step is not None:
        if step > user.otp_last_step and await _advance(db, user.id, step):
            return
        await throttle.failure(ip, user.id, otp=True)
        await audit.record(db, "2fa_replay", user_id=user.id, username=user.username, ip=ip, source=source)
        raise error(MSG_INVALID_CODE)
    skew = totp.drift(secret, digits) if digits else None
    await throttle.failure(ip, user.id, otp=True)
    if skew is not None and skew > 0:
        await _advance(db, user.id, totp.current_step() + skew // totp.STEP)  # burn the future step
    detail: dict[str, Any] = {} if skew is None else {"clock_skew_seconds": skew}
    await audit.record(db, "2fa_failed", user_id=user.id, username=user.username, ip=ip, source=source, **detail)
    raise error(MSG_INVALID_CODE, data=detail or None)


async def verify_login(request: web.Request, user: User, otp_code: str, *, source: str = "api") -> None:
    """Raise OTPRequired (402) / TooManyRequests unless `otp_code` is a valid, unused TOTP code or
    an unused recovery code. Using a recovery code signs out every other session of the user."""
    db, throttle = request.app[keys.DB], request.app[keys.THROTTLE]
    ip = request[keys.CLIENT_IP]
    try:
        await throttle.check_otp(user.id)
    except TooManyRequests:
        # audited once per account and minute (reaching here needs the password, but still)
        if not await db.fetchval("SELECT 1 FROM security_events WHERE ts > unixepoch() - 60"
                                 " AND event = '2fa_throttled' AND user_id = ?", (user.id,)):
            await audit.record(db, "2fa_throttled", user_id=user.id, username=user.username, ip=ip, source=source)
        raise
    if not otp_code.strip():
        # OpenList's first step (the UI sends ""); it still proves the password, so it counts (W17).
        await throttle.failure(ip, user.id)
        raise OTPRequired(MSG_INVALID_CODE)
    if totp.normalize(otp_code) is None and recovery.normalize(otp_code) is not None:
        if await recovery.consume(db, user.id, otp_code):
            await tokens.revoke_user(db, user.id)  # the login's own token is issued after this
            await audit.record(db, "recovery_code_used", user_id=user.id, username=user.username, ip=ip,
                               source=source, remaining=await recovery.remaining(db, user.id))
            return
        await throttle.failure(ip, user.id, otp=True)
        await audit.record(db, "2fa_failed", user_id=user.id, username=user.username, ip=ip, source=source,
                           kind="recovery_code")
        raise OTPRequired(MSG_INVALID_CODE)
    await check_totp(request, user, otp_code, source=source)


# ------------------------------------------------------------------------------------ policy
def policy(request: web.Request) -> str:
    value = request.app[keys.SETTINGS].get("two_factor_policy", "optional").strip().lower()
    return value if value in POLICIES else "optional"


def required(request: web.Request, user: User) -> bool:
    p = policy(request)
    return not user.is_guest and (p == "all" or (p == "admins" and user.is_admin))


def grace_total(request: web.Request) -> int:
    return max(request.app[keys.SETTINGS].get_int("two_factor_grace_logins", 3), 0)


async def _is_last_admin(db: Database, user: User) -> bool:
    others = await db.fetchval(
        "SELECT COUNT(*) FROM users WHERE role = ? AND disabled = 0 AND id != ?", (users.ROLE_ADMIN, user.id))
    return user.is_admin and int(others) == 0


async def login_extras(request: web.Request, user: User) -> dict[str, Any]:
    """Extra fields of the login reply (enrolment policy); may raise to refuse the login."""
    if user.otp or not required(request, user):
        return {}
    db, total = request.app[keys.DB], grace_total(request)
    if user.grace_logins < total:
        await db.execute("UPDATE users SET grace_logins = grace_logins + 1 WHERE id = ?", (user.id,))
        return {"enrol_2fa": True, "grace_logins_left": total - user.grace_logins - 1}
    if await _is_last_admin(db, user):
        return {"enrol_2fa": True, "grace_logins_left": 0}  # never lock out the last admin
    await audit.record(db, "2fa_enrolment_required", user_id=user.id, username=user.username,
                       ip=request[keys.CLIENT_IP])
    raise Forbidden(MSG_ENROL_REQUIRED)


async def password_only_allowed(request: web.Request, user: User) -> bool:
    """For Basic auth with the real password of a user without 2FA: refused once the enforcement
    policy's grace logins are used up (grace is counted by interactive logins only)."""
    if user.otp or not required(request, user) or user.grace_logins < grace_total(request):
        return not user.otp
    return await _is_last_admin(request.app[keys.DB], user)


async def me_extras(request: web.Request, user: User) -> dict[str, Any]:
    """Extra fields of /api/me (recovery codes left, enforcement)."""
    left = await recovery.remaining(request.app[keys.DB], user.id) if user.otp else 0
    return {"recovery_codes_remaining": left, "two_factor_required": required(request, user)}


async def status(request: web.Request, user: User) -> dict[str, Any]:
    need = required(request, user)
    return {
        "enabled": user.otp,
        "recovery_codes_remaining": await recovery.remaining(request.app[keys.DB], user.id) if user.otp else 0,
        "policy": policy(request),
        "required": need,
        "grace_logins_left": max(grace_total(request) - user.grace_logins, 0) if need and not user.otp else None,
    }


# ------------------------------------------------------------------------------------ re-authentication
def guard(identity: Identity) -> None:
    if identity.user.is_guest:
        raise Forbidden(MSG_GUEST)
    if identity.via == "app_password":
        raise Forbidden("an app password can not manage two-factor authentication or app passwords")


async def require_reauth(request: web.Request, identity: Identity, password: str = "", code: str = "") -> None:
    """Point 10: a fresh session (password proved within REAUTH_WINDOW), or the password (or, for a
    user with 2FA, a code) in the request. A stolen long-lived token alone cannot move 2FA."""
    db, throttle = request.app[keys.DB], request.app[keys.THROTTLE]
    user, ip = identity.user, request[keys.CLIENT_IP]
    if code and user.otp:
        await throttle.check_otp(user.id)
        await check_totp(request, await users.get(db, user.id), code, error=Forbidden)
    elif password:
        await throttle.check(ip, user.id)
        if not await passwords.averify(user.pwd_hash, passwords.static_hash(password)):
            await throttle.failure(ip, user.id)
            await audit.record(db, "login_failed", user_id=user.id, username=user.username, ip=ip,
                               reason="reauth")
            raise Forbidden(MSG_WRONG_PASSWORD)
    elif identity.session is not None and time.time() - identity.session.auth_at <= REAUTH_WINDOW:
        return
    else:
        raise Forbidden(MSG_REAUTH)
    if identity.session is not None:
        await tokens.mark_reauthenticated(db, identity.session.token_hash)


# ------------------------------------------------------------------------------------ enrolment
def qr_payload(secret: str, username: str) -> dict[str, str]:
    uri = totp.provisioning_uri(secret, username)
    qr = segno.make(uri, error="m")
    # OpenList sends a 400×400 PNG; scale so that the image lands near that size.
    scale = max(1, 400 // qr.symbol_size(scale=1, border=4)[0])
    return {"qr": qr.png_data_uri(scale=scale, border=4), "secret": secret, "uri": uri,
            "svg": qr.svg_inline(scale=scale, border=4)}


async def generate(request: web.Request, identity: Identity, password: str = "") -> dict[str, str]:
    guard(identity)
    user = identity.user
    if user.otp:
        raise Forbidden(MSG_ALREADY_ENABLED)
    await require_reauth(request, identity, password)
    secret = totp.new_secret()
    sealed = request.app[keys.SECRETBOX].seal(secret, context=_ctx_pending(user.id))
    await request.app[keys.DB].execute(
        "UPDATE users SET otp_pending = ?, otp_pending_exp = ? WHERE id = ? AND otp_secret IS NULL",
        (sealed, int(totp.now()) + PENDING_TTL, user.id))
    return qr_payload(secret, user.username)


async def enable(request: web.Request, identity: Identity, code: str, secret: str,
                 password: str = "") -> dict[str, Any]:
    """`verify`: enrol the pending secret if `secret` is it and `code` is a current, unused code."""
    guard(identity)
    db, box = request.app[keys.DB], request.app[keys.SECRETBOX]
    if identity.user.otp:
        raise Forbidden(MSG_ALREADY_ENABLED)
    if not code.strip() or not secret.strip():
        raise BadRequest("code and secret are required")
    await require_reauth(request, identity, password)
    user = await users.get(db, identity.user.id)
    bad = BadRequest(MSG_INVALID_CODE)
    if user.otp_pending is None or user.otp_pending_exp < totp.now():
        raise bad
    try:
        pending = box.open(user.otp_pending, context=_ctx_pending(user.id))
    except SecretBoxError:
        raise bad from None
    if not hmac.compare_digest(pending.encode(), secret.strip().upper().encode()):
        raise bad  # W1: a secret the server did not generate for this user is never enrolled
    digits = totp.normalize(code)
    step = totp.match(pending, digits) if digits else None
    if step is None or step <= user.otp_last_step:
        raise bad
    changed = await db.execute(
        "UPDATE users SET otp_secret = ?, otp_pending = NULL, otp_pending_exp = 0, otp_last_step = ?,"
        " otp_enabled_at = ?, grace_logins = 0 WHERE id = ? AND otp_secret IS NULL AND otp_last_step < ?",
        (box.seal(pending, context=_ctx_secret(user.id)), step, int(time.time()), user.id, step))
    if changed != 1:
        raise bad
    codes = await recovery.replace(db, user.id)
    await tokens.revoke_user(db, user.id, keep=identity.token_hash)
    await audit.record(db, "2fa_enabled", user_id=user.id, username=user.username, ip=request[keys.CLIENT_IP],
                       actor=user.username)
    return {"recovery_codes": codes}


async def regenerate_codes(request: web.Request, identity: Identity, password: str = "",
                           code: str = "") -> dict[str, Any]:
    guard(identity)
    db = request.app[keys.DB]
    if not identity.user.otp:
        raise BadRequest("2FA is not enabled")
    await require_reauth(request, identity, password, code)
    codes = await recovery.replace(db, identity.user.id)
    await audit.record(db, "recovery_codes_regenerated", user_id=identity.user.id,
                       username=identity.user.username, ip=request[keys.CLIENT_IP], actor=identity.user.username)
    return {"recovery_codes": codes}


async def cancel(db: Database, user: User, *, actor: str, source: str, ip: str = "",
                 keep: str | None = None) -> bool:
    """Clear a user's 2FA (admin route or CLI); also gives the grace logins back. Returns False when
    2FA was not on. Revokes the user's sessions (except `keep`, the admin's own when self-cancelling)."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE users SET otp_secret = NULL, otp_pending = NULL, otp_pending_exp = 0, otp_enabled_at = 0,"
            " grace_logins = 0 WHERE id = ?", (user.id,))
        await conn.execute("DELETE FROM recovery_codes WHERE user_id = ?", (user.id,))
    if user.otp:
        await tokens.revoke_user(db, user.id, keep=keep)
    await audit.record(db, "2fa_cancelled", user_id=user.id, username=user.username, ip=ip, source=source,
                       actor=actor, was_enabled=user.otp)
    return user.otp
