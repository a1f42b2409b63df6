"""Session tokens: OpenList's JWT (HS256; claims username, pwd_ts, exp, nbf, iat) plus a
persistent session row keyed by the token's SHA-256 (W5, D2).

Order of checks follows OpenList (server/common/auth.go): an unknown token is "invalidated"
before its signature or expiry is looked at.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

import jwt

from openlist.db import Database
from openlist.errors import (
    MSG_TOKEN_EXPIRED,
    MSG_TOKEN_INVALIDATED,
    MSG_TOKEN_MALFORMED,
    MSG_TOKEN_NOT_ACTIVE,
    MSG_TOKEN_OTHER,
    Unauthorized,
)

ALGORITHM = "HS256"  # pinned (W10)


@dataclass(frozen=True, slots=True)
class Session:
    token_hash: str
    user_id: int
    created_at: int
    expires_at: int
    auth_at: int


@dataclass(frozen=True, slots=True)
class Claims:
    username: str
    pwd_ts: int


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue(
    db: Database, secret: str, *, user_id: int, username: str, pwd_ts: int, hours: int,
    ip: str = "", user_agent: str = "",
) -> str:
    now = int(time.time())
    exp = now + hours * 3600
    # jti makes two tokens issued in the same second distinct (their hashes are primary keys).
    token = jwt.encode(
        {"username": username, "pwd_ts": pwd_ts, "exp": exp, "nbf": now, "iat": now,
         "jti": secrets.token_urlsafe(8)},
        secret, algorithm=ALGORITHM,
    )
    await db.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, auth_at, ip, user_agent)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (token_hash(token), user_id, now, exp, now, ip, user_agent[:200]),
    )
    return token


async def validate(db: Database, secret: str, token: str) -> tuple[Claims, Session]:
    row = await db.fetchone(
        "SELECT token_hash, user_id, created_at, expires_at, auth_at FROM sessions WHERE token_hash = ?",
        (token_hash(token),),
    )
    if row is None:
        raise Unauthorized(MSG_TOKEN_INVALIDATED)
    try:
        payload = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "username"]})
    except jwt.ExpiredSignatureError:
        raise Unauthorized(MSG_TOKEN_EXPIRED) from None
    except jwt.ImmatureSignatureError:
        raise Unauthorized(MSG_TOKEN_NOT_ACTIVE) from None
    except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
        raise Unauthorized(MSG_TOKEN_OTHER) from None  # Go jwt: signature invalid → "couldn't handle"
    except jwt.DecodeError:
        raise Unauthorized(MSG_TOKEN_MALFORMED) from None
    except jwt.PyJWTError:
        raise Unauthorized(MSG_TOKEN_OTHER) from None
    username, pwd_ts = payload.get("username"), payload.get("pwd_ts", 0)
    if not isinstance(username, str) or not isinstance(pwd_ts, int):
        raise Unauthorized(MSG_TOKEN_OTHER)
    return Claims(username, pwd_ts), Session(*tuple(row))


async def revoke(db: Database, token: str) -> None:
    await db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))


async def revoke_user(db: Database, user_id: int, *, keep: str | None = None) -> int:
    """Kill every session of a user, optionally except the one presenting `keep` (a token hash)."""
    if keep is None:
        return await db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
    return await db.execute("DELETE FROM sessions WHERE user_id = ? AND token_hash != ?", (user_id, keep))


async def mark_reauthenticated(db: Database, token_hash_: str) -> None:
    await db.execute("UPDATE sessions SET auth_at = unixepoch() WHERE token_hash = ?", (token_hash_,))


async def purge_expired(db: Database) -> int:
    return await db.execute("DELETE FROM sessions WHERE expires_at < unixepoch() - 86400")
