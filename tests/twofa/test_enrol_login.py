"""Enrolment (W1/W2), login 402 → 200 (§13 flows 1 and 3), replay (W3), the ±1 window, clock skew."""

from __future__ import annotations

import base64
import os
import re

from openlist.auth import totp
from tests.conftest import ADMIN_PASSWORD
from tests.twofa.conftest import enrol, events, login_code


def test_totp_vectors_and_uri():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    for t, want in ((59, "287082"), (1111111109, "081804"), (1234567890, "005924")):
        assert totp.code_at_step(secret, t // 30) == want
        assert totp.match(secret, want, at=t) == t // 30
    assert totp.provisioning_uri(secret, "admin") == (
        "otpauth://totp/OpenList:admin?algorithm=SHA1&digits=6&issuer=OpenList&period=30&secret=" + secret)
    assert totp.is_valid_secret(totp.new_secret())
    assert totp.normalize(" 123456 ") == "123456" and totp.normalize("12345") is None


async def test_enrol_flow_and_login(api, admin_token, clock):
    gen = await api.post("/api/auth/2fa/generate", token=admin_token)
    assert gen["code"] == 200
    data = gen["data"]
    secret = data["secret"]
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert data["qr"].startswith("data:image/png;base64,iVBOR")
    png = base64.b64decode(data["qr"].split(",", 1)[1])
    width = int.from_bytes(png[16:20], "big")
    assert 350 <= width <= 420
    assert data["uri"] == f"otpauth://totp/OpenList:admin?algorithm=SHA1&digits=6&issuer=OpenList&period=30&secret={secret}"
    assert data["svg"].startswith("<svg")

    # W1: a forged secret with its own valid code is refused
    forged = base64.b32encode(os.urandom(20)).decode()
    env = await api.post("/api/auth/2fa/verify", {"code": clock.code(forged), "secret": forged}, token=admin_token)
    assert env == {"code": 400, "message": "Invalid 2FA code", "data": None}
    env = await api.post("/api/auth/2fa/verify", {"code": "000000", "secret": secret}, token=admin_token)
    assert env["code"] == 400 and env["message"] == "Invalid 2FA code"
    env = await api.post("/api/auth/2fa/verify", {"code": "", "secret": secret}, token=admin_token)
    assert env["code"] == 400
    # a new generate replaces the pending secret: the old one is dead
    gen2 = await api.post("/api/auth/2fa/generate", token=admin_token)
    env = await api.post("/api/auth/2fa/verify", {"code": clock.code(secret), "secret": secret}, token=admin_token)
    assert env["code"] == 400
    secret = gen2["data"]["secret"]
    env = await api.post("/api/auth/2fa/verify", {"code": clock.code(secret), "secret": secret}, token=admin_token)
    assert env["code"] == 200, env
    codes = env["data"]["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)

    me = await api.get("/api/me", token=admin_token)  # the enrolling session survives
    assert me["data"]["otp"] is True and me["data"]["recovery_codes_remaining"] == 10
    # W2 / D4
    for path, body in (("/api/auth/2fa/generate", None), ("/api/auth/2fa/verify", {"code": "1", "secret": secret})):
        env = await api.post(path, body, token=admin_token)
        assert env == {"code": 403, "message": "2FA is already enabled", "data": None}

    # §13 flow 1 on /login/hash; the enrolment code's step is spent (W3)
    static = "".join(__import__("hashlib").sha256((ADMIN_PASSWORD + "-https://github.com/alist-org/alist").encode())
                     .hexdigest())
    body = {"username": "admin", "password": static, "otp_code": ""}
    assert (await api.post("/api/auth/login/hash", body)) == {"code": 402, "message": "Invalid 2FA code", "data": None}
    body["otp_code"] = clock.code(secret)
    env = await api.post("/api/auth/login/hash", body)
    assert env["code"] == 402, "the enrolment code must not log in again (replay)"
    clock.step()
    body["otp_code"] = clock.code(secret)
    env = await api.post("/api/auth/login/hash", body)
    assert env["code"] == 200 and env["data"]["token"]
    token = env["data"]["token"]
    # replay of the same code, same step
    env = await api.post("/api/auth/login/hash", body)
    assert env["code"] == 402
    me = await api.get("/api/me", token=token)
    assert me["data"]["otp"] is True and me["data"]["role"] == 2 and me["data"]["permission"] == 29183
    users = (await api.get("/api/admin/user/list", token=token))["data"]["content"]
    assert next(u for u in users if u["username"] == "admin")["otp"] is True
    kinds = [e["event"] for e in await events(api, token)]
    assert "2fa_enabled" in kinds and "2fa_replay" in kinds


async def test_window_plus_minus_one(api, admin_token, clock):
    e = await enrol(api, admin_token, clock)
    clock.step(3)
    assert (await api.login(otp_code=clock.code(e.secret, -1)))["code"] == 200
    clock.step(3)
    assert (await api.login(otp_code=clock.code(e.secret, +1)))["code"] == 200
    clock.step(3)
    for off in (-2, 2):
        env = await api.login(otp_code=clock.code(e.secret, off))
        assert env["code"] == 402 and env["message"] == "Invalid 2FA code"
        assert env["data"] == {"clock_skew_seconds": 30 * off}
    # the diagnosed future code (+2) was burnt: presenting it when it becomes current fails
    future = clock.code(e.secret, 2)
    clock.step(2)
    assert (await api.login(otp_code=future))["code"] == 402
    clock.step(1)
    admin = await login_code(api, clock, e.secret)
    skews = [ev["detail"].get("clock_skew_seconds") for ev in await events(api, admin, "2fa_failed")]
    assert -60 in skews and 60 in skews


async def test_clock_skew_limit(api, admin_token, clock):
    e = await enrol(api, admin_token, clock)
    # 9 minutes behind: diagnosed; 11 minutes: just wrong
    env = await api.login(otp_code=clock.code(e.secret, -18))
    assert env == {"code": 402, "message": "Invalid 2FA code", "data": {"clock_skew_seconds": -540}}
    env = await api.login(otp_code=clock.code(e.secret, -22))
    assert env == {"code": 402, "message": "Invalid 2FA code", "data": None}


async def test_pending_secret_expires(api, admin_token, clock):
    gen = await api.post("/api/auth/2fa/generate", token=admin_token)
    secret = gen["data"]["secret"]
    clock.t += 601
    env = await api.post("/api/auth/2fa/verify", {"code": clock.code(secret), "secret": secret}, token=admin_token)
    assert env["code"] == 400


async def test_guest_and_disabled_guest(api, admin_token):
    env = await api.post("/api/auth/2fa/generate")  # guest disabled
    assert env["code"] == 401
    guest = next(u for u in (await api.get("/api/admin/user/list", token=admin_token))["data"]["content"]
                 if u["role"] == 1)
    guest.update(disabled=False)
    assert (await api.post("/api/admin/user/update", guest, token=admin_token))["code"] == 200
    for path in ("/api/auth/2fa/generate", "/api/auth/2fa/verify"):
        env = await api.post(path, {"code": "123456", "secret": "A" * 32}, token="")
        assert env == {"code": 403, "message": "Guest user can not generate 2FA code", "data": None}


async def test_admin_cancel(api, admin_token, clock):
    uid = await api.create_user(admin_token, "alice", "alice-pass-1")
    alice = await api.token("alice", "alice-pass-1")
    before = await api.token("alice", "alice-pass-1")
    e = await enrol(api, alice, clock)
    # enabling 2FA signs out every other session (W5); the enrolling one stays
    assert (await api.get("/api/me", token=before))["message"] == "token is invalidated"
    other = await login_code(api, clock, e.secret, "alice", "alice-pass-1")
    assert (await api.login("alice", "alice-pass-1"))["code"] == 402
    env = await api.post(f"/api/admin/user/cancel_2fa?id={uid}", token=admin_token)
    assert env == {"code": 200, "message": "success", "data": None}
    for tok in (alice, other):  # W5: every session of alice is gone
        assert (await api.get("/api/me", token=tok))["message"] == "token is invalidated"
    env = await api.login("alice", "alice-pass-1")
    assert env["code"] == 200
    me = await api.get("/api/me", token=env["data"]["token"])
    assert me["data"]["otp"] is False and me["data"]["recovery_codes_remaining"] == 0
    # succeeds for a user without 2FA too (the UI shows the button on every row), and bad ids → 400/500
    assert (await api.post(f"/api/admin/user/cancel_2fa?id={uid}", token=admin_token))["code"] == 200
    assert (await api.post("/api/admin/user/cancel_2fa?id=x", token=admin_token))["code"] == 400
    assert (await api.post("/api/admin/user/cancel_2fa?id=999", token=admin_token))["code"] == 500
    assert (await api.post(f"/api/admin/user/cancel_2fa?id={uid}", token=env["data"]["token"]))["code"] == 403
    cancels = await events(api, admin_token, "2fa_cancelled", username="alice")
    assert cancels[-1]["actor"] == "admin" and cancels[-1]["detail"]["was_enabled"] is True
    assert cancels[0]["detail"]["was_enabled"] is False


async def test_concurrent_logins_with_one_code(api, admin_token, clock):
    """The persisted last step is advanced atomically: two racing requests cannot both use a code."""
    import asyncio

    e = await enrol(api, admin_token, clock)
    code = clock.code(e.secret)
    results = await asyncio.gather(*(api.login(otp_code=code) for _ in range(4)))
    assert sorted(r["code"] for r in results) == [200, 402, 402, 402]


async def test_sealed_secret_is_bound_to_its_user(api, client, admin_token, clock):
    from openlist import keys
    from openlist.secretbox import SecretBoxError

    await enrol(api, admin_token, clock)
    app = client.server.app
    blob = await app[keys.DB].fetchval("SELECT otp_secret FROM users WHERE id = 1")
    assert app[keys.SECRETBOX].open(blob, context="otp:1")
    try:
        app[keys.SECRETBOX].open(blob, context="otp:2")
    except SecretBoxError:
        pass
    else:
        raise AssertionError("a sealed secret copied to another user's row must not open")
