"""Login with a valid TOTP code (benchmarks.md workload 4), 16 concurrent clients.

A code is accepted once per user (replay protection), so the load is spread over many 2FA users,
each logging in once with its current code. The same client then runs plain-password logins of
users without 2FA, so the table shows the second factor's cost. The client is Python (aiohttp) in
its own process; absolute figures include its CPU, the ratio is what matters. Bounded: N logins."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import pyotp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.serverproc import Server  # noqa: E402

USERS, CONCURRENCY = 240, 16


async def setup(url: str) -> list[tuple[str, str | None]]:
    async with aiohttp.ClientSession(url) as s:
        async def call(path: str, body: dict | None = None, token: str = "") -> dict:
            async with s.post(path, json=body or {}, headers={"Authorization": token}) as r:
                return await r.json()

        admin = (await call("/api/auth/login", {"username": "admin", "password": "bench-pass"}))["data"]["token"]
        users: list[tuple[str, str | None]] = []
        for i in range(USERS):
            name = f"u{i}"
            await call("/api/admin/user/create", {"username": name, "password": "pw"}, admin)
            if i % 2 == 0:  # half with 2FA, half without
                tok = (await call("/api/auth/login", {"username": name, "password": "pw"}))["data"]["token"]
                secret = (await call("/api/auth/2fa/generate", {}, tok))["data"]["secret"]
                code = pyotp.TOTP(secret).at(time.time() - 30)  # leave the current step for the bench
                assert (await call("/api/auth/2fa/verify", {"code": code, "secret": secret}, tok))["code"] == 200
                users.append((name, secret))
            else:
                users.append((name, None))
        return users


async def load(url: str, users: list[tuple[str, str | None]]) -> tuple[float, list[float]]:
    queue: asyncio.Queue[tuple[str, str | None]] = asyncio.Queue()
    for u in users:
        queue.put_nowait(u)
    latencies: list[float] = []

    async def worker(s: aiohttp.ClientSession) -> None:
        while not queue.empty():
            name, secret = queue.get_nowait()
            body = {"username": name, "password": "pw", "otp_code": pyotp.TOTP(secret).now() if secret else ""}
            t0 = time.perf_counter()
            async with s.post("/api/auth/login", json=body) as r:
                env = await r.json()
            latencies.append(time.perf_counter() - t0)
            assert env["code"] == 200, env

    async with aiohttp.ClientSession(url) as s:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(s) for _ in range(CONCURRENCY)))
        return time.perf_counter() - t0, latencies


def pct(values: list[float], p: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * p))] * 1000


async def main() -> None:
    with tempfile.TemporaryDirectory() as d, Server(Path(d), env={"OPENLIST_ADMIN_PASSWORD": "bench-pass"}) as srv:
        users = await setup(srv.url)
        # a new 30 s step must not start in the middle of the 2FA run (codes would still be valid
        # at ±1 step, but keep it clean)
        if 30 - time.time() % 30 < 8:
            await asyncio.sleep(30 - time.time() % 30 + 0.5)
        totp_users = [u for u in users if u[1]]
        plain_users = [u for u in users if not u[1]]
        t_totp, lat_totp = await load(srv.url, totp_users)
        t_plain, lat_plain = await load(srv.url, plain_users)
    print("| login, 16 concurrent (Python client) | logins/s | p50 | p99 |")
    print("|---|---|---|---|")
    for label, t, lat in (("password + TOTP (2FA users)", t_totp, lat_totp), ("password only", t_plain, lat_plain)):
        print(f"| {label} | {len(lat) / t:.0f} | {statistics.median(lat) * 1000:.0f} ms | {pct(lat, 0.99):.0f} ms |")


if __name__ == "__main__":
    asyncio.run(main())
