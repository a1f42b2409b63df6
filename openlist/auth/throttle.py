"""Login throttling shared by every password entry point (login, login/hash, WebDAV Basic…)
and stored in the database, so restarts and several processes share it (W4).

Three counters, each with a time-to-live:

* per client IP ('ip:<addr>'): 5 failures within 30 min → 429 for 5 minutes; an attempt while
  locked re-arms the lock (OpenList's behaviour, kept for the IP dimension).
* per account ('acct:<id>'): password and code failures from anywhere. From the 5th failure the
  account backs off 30 s, 60 s, 120 s … (at most 15 min) — *except for IPs the account has
  logged in from before* (`known_ips`), so an attacker cannot lock a victim out of their usual
  place. The counter expires 1 h after the last failure.
* second factor ('otp:<id>'): wrong codes after a correct password. At most 10 per hour per
  account, from any IP (reaching this stage needs the password, so a stranger cannot impose it).

The client IP comes from `auth.clientip` (forwarded headers only from trusted proxies).
"""

from __future__ import annotations

import time

from openlist.db import Database
from openlist.errors import TooManyRequests

IP_LIMIT, IP_LOCK, IP_TTL = 5, 300, 1800
ACCT_LIMIT, ACCT_BASE, ACCT_MAX, ACCT_TTL = 5, 30, 900, 3600
OTP_LIMIT, OTP_WINDOW = 10, 3600
KNOWN_IP_DAYS = 90


class Throttle:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def now() -> int:
        return int(time.time())

    async def _row(self, key: str) -> tuple[int, int, int, int] | None:
        row = await self._db.fetchone(
            "SELECT failures, window_start, last_failure, locked_until FROM throttle WHERE key = ?", (key,)
        )
        return None if row is None else (row[0], row[1], row[2], row[3])

    async def is_known_ip(self, user_id: int, ip: str) -> bool:
        since = self.now() - KNOWN_IP_DAYS * 86400
        return await self._db.fetchval(
            "SELECT 1 FROM known_ips WHERE user_id = ? AND ip = ? AND last_success >= ?", (user_id, ip, since)
        ) is not None

    async def check(self, ip: str, user_id: int | None) -> None:
        """Raise 429 before any credential is looked at (W17: the 402 oracle is no faster than login)."""
        now = self.now()
        row = await self._row(f"ip:{ip}")
        if row is not None and row[3] > now:
            await self._db.execute("UPDATE throttle SET locked_until = ? WHERE key = ?", (now + IP_LOCK, f"ip:{ip}"))
            raise TooManyRequests(retry_after=IP_LOCK)
        if user_id is None:
            return
        row = await self._row(f"acct:{user_id}")
        if row is not None and row[3] > now and not await self.is_known_ip(user_id, ip):
            raise TooManyRequests(retry_after=row[3] - now)

    async def check_otp(self, user_id: int) -> None:
        now = self.now()
        row = await self._row(f"otp:{user_id}")
        if row is not None and row[3] > now:
            raise TooManyRequests(retry_after=row[3] - now)

    async def failure(self, ip: str, user_id: int | None, *, otp: bool = False) -> None:
        now = self.now()
        async with self._db.transaction() as conn:
            await self._bump(conn, f"ip:{ip}", now, IP_TTL, lambda n, start: now + IP_LOCK if n >= IP_LIMIT else 0)
            if user_id is not None:
                await self._bump(
                    conn, f"acct:{user_id}", now, ACCT_TTL,
                    lambda n, start: now + min(ACCT_BASE * 2 ** (n - ACCT_LIMIT), ACCT_MAX) if n >= ACCT_LIMIT else 0,
                )
            if otp and user_id is not None:
                await self._bump(
                    conn, f"otp:{user_id}", now, OTP_WINDOW,
                    lambda n, start: start + OTP_WINDOW if n >= OTP_LIMIT else 0, window=True,
                )

    @staticmethod
    async def _bump(conn, key, now, ttl, lock_for, window: bool = False) -> None:  # type: ignore[no-untyped-def]
        async with conn.execute(
            "SELECT failures, window_start, last_failure FROM throttle WHERE key = ?", (key,)
        ) as cur:
            row = await cur.fetchone()
        if row is None or (window and now - row[1] >= ttl) or (not window and now - row[2] >= ttl):
            failures, start = 1, now
        else:
            failures, start = row[0] + 1, row[1]
        await conn.execute(
            "INSERT INTO throttle (key, failures, window_start, last_failure, locked_until) VALUES (?,?,?,?,?)"
            " ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,"
            " last_failure = excluded.last_failure, locked_until = excluded.locked_until",
            (key, failures, start, now, lock_for(failures, start)),
        )

    async def success(self, ip: str, user_id: int) -> None:
        now = self.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM throttle WHERE key IN (?, ?, ?)", (f"ip:{ip}", f"acct:{user_id}", f"otp:{user_id}")
            )
            await conn.execute(
                "INSERT INTO known_ips (user_id, ip, last_success) VALUES (?, ?, ?)"
                " ON CONFLICT(user_id, ip) DO UPDATE SET last_success = excluded.last_success",
                (user_id, ip, now),
            )

    async def purge(self) -> None:
        now = self.now()
        await self._db.execute(
            "DELETE FROM throttle WHERE locked_until < ? AND last_failure < ?", (now, now - max(ACCT_TTL, OTP_WINDOW))
        )
