"""Recovery codes (single use, revoke other sessions, regenerate), the enforcement policy with grace
logins (never locking out the last admin), and /api/me + status extras."""

from __future__ import annotations

from openlist import keys
from tests.conftest import ADMIN_PASSWORD
from tests.twofa.conftest import enrol, events, login_code


async def test_recovery_codes_single_use(api, admin_token, clock):
    e = await enrol(api, admin_token, clock)
    other = await login_code(api, clock, e.secret)
    code = e.recovery_codes[0]
    env = await api.login(otp_code=code)
    assert env["code"] == 200
    fresh = env["data"]["token"]
    for tok in (admin_token, other):  # every other session is signed out
        assert (await api.get("/api/me", token=tok))["message"] == "token is invalidated"
    me = await api.get("/api/me", token=fresh)
    assert me["data"]["recovery_codes_remaining"] == 9
    assert (await api.login(otp_code=code))["code"] == 402  # single use
    # typed loosely: upper case, no dash
    assert (await api.login(otp_code=e.recovery_codes[1].replace("-", "").upper()))["code"] == 200
    ev = await events(api, (await api.login(otp_code=e.recovery_codes[2]))["data"]["token"], "recovery_code_used")
    assert len(ev) == 3 and ev[0]["detail"]["remaining"] == 7
    assert not any(c in str(ev) for c in e.recovery_codes)


async def test_regenerate_recovery_codes(api, client, admin_token, clock):
    e = await enrol(api, admin_token, clock)
    token = await login_code(api, clock, e.secret)
    await client.server.app[keys.DB].execute("UPDATE sessions SET auth_at = auth_at - 3600")
    env = await api.post("/api/auth/2fa/recovery_codes", {}, token=token)
    assert env == {"code": 403, "message": "re-authentication required", "data": None}
    env = await api.post("/api/auth/2fa/recovery_codes", {"code": "000000"}, token=token)
    assert env["code"] == 403 and env["message"] == "Invalid 2FA code"
    env = await api.post("/api/auth/2fa/recovery_codes", {"code": clock.code(e.secret)}, token=token)
    assert env["code"] == 200 and len(env["data"]["recovery_codes"]) == 10
    first = env["data"]["recovery_codes"]
    env = await api.post("/api/auth/2fa/recovery_codes", {"password": ADMIN_PASSWORD}, token=token)
    assert env["code"] == 200
    second = env["data"]["recovery_codes"]
    assert set(first).isdisjoint(second)
    assert (await api.login(otp_code=e.recovery_codes[0]))["code"] == 402  # old sets are dead
    assert (await api.login(otp_code=first[0]))["code"] == 402
    assert (await api.login(otp_code=second[0]))["code"] == 200
    status = (await api.get("/api/auth/2fa/status", token=(await api.login(otp_code=second[1]))["data"]["token"]))
    assert status["data"] == {"enabled": True, "recovery_codes_remaining": 8, "policy": "optional",
                              "required": False, "grace_logins_left": None}


async def _set(api, admin_token, **values):
    body = [{"key": k, "value": v} for k, v in values.items()]
    assert (await api.post("/api/admin/setting/save", body, token=admin_token))["code"] == 200


async def test_policy_all_with_grace(api, admin_token, clock):
    uid = await api.create_user(admin_token, "dave", "dave-pass-1")
    await _set(api, admin_token, two_factor_policy="all", two_factor_grace_logins="2")
    env = await api.login("dave", "dave-pass-1")
    assert env["code"] == 200 and env["data"]["enrol_2fa"] is True and env["data"]["grace_logins_left"] == 1
    tok = env["data"]["token"]
    me = (await api.get("/api/me", token=tok))["data"]
    assert me["two_factor_required"] is True and me["otp"] is False
    st = (await api.get("/api/auth/2fa/status", token=tok))["data"]
    assert st["required"] and st["policy"] == "all" and st["grace_logins_left"] == 1
    env = await api.login("dave", "dave-pass-1")
    assert env["data"]["grace_logins_left"] == 0
    env = await api.login("dave", "dave-pass-1")
    assert env == {"code": 403, "message": "2FA enrolment required, ask an admin", "data": None}
    # the last admin is never locked out, even with the grace used up
    for _ in range(4):
        env = await api.login()
        assert env["code"] == 200 and env["data"]["enrol_2fa"] is True
    assert env["data"]["grace_logins_left"] == 0
    # an admin's cancel_2fa gives dave the grace logins back; enrolling lifts the requirement
    assert (await api.post(f"/api/admin/user/cancel_2fa?id={uid}", token=admin_token))["code"] == 200
    env = await api.login("dave", "dave-pass-1")
    assert env["data"]["grace_logins_left"] == 1
    e = await enrol(api, env["data"]["token"], clock)
    env = await api.login("dave", "dave-pass-1", otp_code=clock.code(e.secret))
    assert env["code"] == 200 and "enrol_2fa" not in env["data"]
    assert [x["username"] for x in await events(api, admin_token, "2fa_enrolment_required")] == ["dave"]


async def test_policy_admins_only(api, admin_token):
    await api.create_user(admin_token, "erin", "erin-pass-1")
    await _set(api, admin_token, two_factor_policy="admins", two_factor_grace_logins="0")
    env = await api.login("erin", "erin-pass-1")
    assert env["code"] == 200 and "enrol_2fa" not in env["data"]
    env = await api.login()
    assert env["code"] == 200 and env["data"]["enrol_2fa"] is True and env["data"]["grace_logins_left"] == 0
    me = (await api.get("/api/me", token=env["data"]["token"]))["data"]
    assert me["two_factor_required"] is True
