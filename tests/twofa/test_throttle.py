"""The second factor is throttled per account, not only per IP (W4): forged X-Forwarded-For from an
untrusted peer changes nothing, and even from many real IPs an account takes ≤10 wrong codes/hour."""

from __future__ import annotations

import time

import pytest

from openlist import keys
from tests.twofa.conftest import enrol, events


async def test_rotating_forwarded_for_from_untrusted_peer(api, admin_token, clock):
    e = await enrol(api, admin_token, clock)
    for i in range(5):
        env = await api.login(otp_code="000000", headers={"X-Forwarded-For": f"203.0.113.{i}"})
        assert env["code"] == 402
    env = await api.login(otp_code=clock.code(e.secret), headers={"X-Forwarded-For": "203.0.113.99"})
    assert env["code"] == 429
    assert env["message"].startswith("Too many unsuccessful sign-in attempts")
    assert (await api.login(otp_code="000000"))["code"] == 429
    throttled = await events(api, admin_token, "login_throttled")
    assert len(throttled) == 1 and throttled[0]["ip"] == "127.0.0.1"  # once per IP and minute
    fails = await events(api, admin_token, "2fa_failed")
    assert {f["ip"] for f in fails} == {"127.0.0.1"}  # the socket peer, never the forged header


class TestTrustedProxy:
    @pytest.fixture
    def config(self, config_factory):
        return config_factory(trusted_proxies=["127.0.0.1/32"])

    async def test_per_account_code_limit_across_ips(self, api, client, admin_token, clock):
        e = await enrol(api, admin_token, clock)
        db = client.server.app[keys.DB]
        ips = [f"198.51.100.{i}" for i in range(1, 15)]
        # the account has logged in from all of these before: the per-account password back-off
        # spares them, the IP counters are per address — only the OTP counter can stop this
        await db.executemany("INSERT INTO known_ips (user_id, ip, last_success) VALUES (1, ?, ?)",
                             [(ip, int(time.time())) for ip in ips])
        for ip in ips[:10]:
            env = await api.login(otp_code="000000", headers={"X-Forwarded-For": ip})
            assert env["code"] == 402, (ip, env)
        env = await api.login(otp_code=clock.code(e.secret), headers={"X-Forwarded-For": ips[10]})
        assert env["code"] == 429
        assert [x["ip"] for x in await events(api, admin_token, "2fa_throttled")] == [ips[10]]
        failed = {x["ip"] for x in await events(api, admin_token, "2fa_failed")}
        assert failed == set(ips[:10])

    async def test_unknown_ips_hit_the_account_back_off(self, api, admin_token, clock):
        e = await enrol(api, admin_token, clock)
        for i in range(5):
            env = await api.login(otp_code="000000", headers={"X-Forwarded-For": f"192.0.2.{i}"})
            assert env["code"] == 402
        env = await api.login(otp_code=clock.code(e.secret), headers={"X-Forwarded-For": "192.0.2.200"})
        assert env["code"] == 429
