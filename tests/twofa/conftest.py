"""2FA fixtures: a frozen TOTP clock and helpers that drive enrolment over real HTTP with pyotp."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pyotp
import pytest

from openlist.auth import totp
from tests.conftest import ADMIN_PASSWORD, Api


class Clock:
    """The TOTP clock (openlist.auth.totp.now); starts mid-step so ±1 step is unambiguous."""

    def __init__(self) -> None:
        self.t = float(int(time.time()) // 30 * 30 + 10)

    def step(self, n: int = 1) -> None:
        self.t += 30 * n

    def code(self, secret: str, steps: int = 0) -> str:
        return pyotp.TOTP(secret).at(self.t + 30 * steps)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(totp, "now", lambda: c.t)
    return c


@dataclass
class Enrolled:
    secret: str
    recovery_codes: list[str] = field(default_factory=list)
    generate: dict[str, Any] = field(default_factory=dict)


async def enrol(api: Api, token: str, clock: Clock) -> Enrolled:
    gen = await api.post("/api/auth/2fa/generate", token=token)
    assert gen["code"] == 200, gen
    secret = gen["data"]["secret"]
    ver = await api.post("/api/auth/2fa/verify", {"code": clock.code(secret), "secret": secret}, token=token)
    assert ver["code"] == 200, ver
    clock.step()  # the enrolment code's step is spent (replay protection)
    return Enrolled(secret, ver["data"]["recovery_codes"], gen["data"])


async def login_code(api: Api, clock: Clock, secret: str, username: str = "admin",
                     password: str = ADMIN_PASSWORD, **kw: Any) -> str:
    env = await api.login(username, password, otp_code=clock.code(secret), **kw)
    assert env["code"] == 200, env
    clock.step()
    return str(env["data"]["token"])


async def events(api: Api, admin_token: str, event: str = "", **q: str) -> list[dict[str, Any]]:
    params = "&".join(f"{k}={v}" for k, v in {"event": event, **q}.items() if v)
    env = await api.get(f"/api/admin/audit?{params}", token=admin_token)
    assert env["code"] == 200, env
    return list(env["data"]["content"])
