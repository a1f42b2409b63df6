"""Recovery codes (issue 4, point 3): 10 single-use codes `xxxxx-xxxxx`, shown once, stored as
argon2id hashes (about 50 bits each: too few for a bare SHA-256 against an offline attacker).

Accepted in place of `otp_code` at login; dash, spaces and case are optional when typed.
"""

from __future__ import annotations

import asyncio
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from openlist.db import Database

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed by hand
LENGTH = 10

# Cheaper than the password hasher: the codes are random, and a login may check up to 10 of them.
_hasher = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, hash_len=32, salt_len=16)


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalize(code: str) -> str | None:
    """The 10 code characters, or None when `code` cannot be a recovery code."""
    raw = code.strip().lower().replace("-", "").replace(" ", "")
    return raw if len(raw) == LENGTH and all(c in ALPHABET for c in raw) else None


def _verify(stored: str, raw: str) -> bool:
    try:
        return _hasher.verify(stored, raw)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def replace(db: Database, user_id: int) -> list[str]:
    """Generate a fresh set; every older code of the user dies in the same transaction."""
    codes = [new_code() for _ in range(COUNT)]
    hashes = await asyncio.to_thread(lambda: [_hasher.hash(c.replace("-", "")) for c in codes])
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM recovery_codes WHERE user_id = ?", (user_id,))
        await conn.executemany(
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", [(user_id, h) for h in hashes]
        )
    return codes


async def remaining(db: Database, user_id: int) -> int:
    return int(await db.fetchval(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", (user_id,)))


async def consume(db: Database, user_id: int, code: str) -> bool:
    """Use a code once. True when it matched an unused code (which is now spent)."""
    raw = normalize(code)
    if raw is None:
        return False
    rows = await db.fetchall(
        "SELECT id, code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", (user_id,))
    found = None
    for row in rows:
        if await asyncio.to_thread(_verify, row["code_hash"], raw):
            found = int(row["id"])
            break
    if found is None:
        return False
    # The WHERE makes it single-use even against two concurrent logins with the same code.
    return await db.execute(
        "UPDATE recovery_codes SET used_at = unixepoch() WHERE id = ? AND used_at IS NULL", (found,)) == 1
