"""Password hashing.

Wire (OpenList: internal/model/user.go): clients send the *static hash*
sha256_hex(password + "-https://github.com/alist-org/alist"). We store argon2id of that static
hash with a per-user salt (W7); plaintext inputs are static-hashed first, so /login and
/login/hash check one record. Rows imported from OpenList ('openlist-sha256$salt$hex') are
verified with the old formula once and re-hashed on the next successful login.

Argon2 parameters: chosen for p99 ≤ 150 ms at 16 concurrent logins on 2 cores (scripts/bench
spine): with 16 logins queued on 2 cores the mean latency is about 8 × the hash time, so a hash
must cost ≤ ~10 ms. m = 16 MiB, t = 1, p = 1 (RFC 9106 prefers memory over passes; t = 1 is its
first recommendation's shape) costs ~8 ms here. Existing hashes with other parameters are
re-hashed on the next successful login (`needs_rehash`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

STATIC_SUFFIX = "-https://github.com/alist-org/alist"
LEGACY_PREFIX = "openlist-sha256$"

_hasher = PasswordHasher(time_cost=1, memory_cost=16 * 1024, parallelism=1, hash_len=32, salt_len=16)
# A fixed hash to verify against when the user does not exist, so that timing does not reveal it.
_DUMMY = _hasher.hash("0" * 64)


def static_hash(password: str) -> str:
    return hashlib.sha256((password + STATIC_SUFFIX).encode()).hexdigest()


def legacy_hash(static: str, salt: str) -> str:
    """OpenList's stored form: sha256_hex(static + "-" + salt)."""
    return hashlib.sha256(f"{static}-{salt}".encode()).hexdigest()


def hash_static(static: str) -> str:
    return _hasher.hash(static)


def verify_static(stored: str, static: str) -> bool:
    if stored.startswith(LEGACY_PREFIX):
        try:
            salt, digest = stored[len(LEGACY_PREFIX):].split("$", 1)
        except ValueError:
            return False
        return hmac.compare_digest(legacy_hash(static, salt), digest)
    try:
        return _hasher.verify(stored, static)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return stored.startswith(LEGACY_PREFIX) or _hasher.check_needs_rehash(stored)


def burn_time(static: str) -> None:
    """Spend one verification's time for an unknown user (no user-enumeration oracle)."""
    verify_static(_DUMMY, static)


async def averify(stored: str | None, static: str) -> bool:
    """Verify off the event loop (argon2-cffi releases the GIL)."""
    if stored is None:
        await asyncio.to_thread(burn_time, static)
        return False
    return await asyncio.to_thread(verify_static, stored, static)


async def ahash(static: str) -> str:
    return await asyncio.to_thread(hash_static, static)


def random_password(length: int = 8) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))
