"""App passwords: shown once, hashed, revocable, expiry, read-only/scope, re-authentication, and the
one Basic-auth check that never lets a 2FA user in with the password alone (W9, D5)."""

from __future__ import annotations

import time

import pytest
from aiohttp.test_utils import make_mocked_request

from openlist import keys
from openlist.auth import app_passwords
from openlist.errors import Forbidden, TooManyRequests, Unauthorized
from tests.conftest import ADMIN_PASSWORD
from tests.twofa.conftest import enrol, events

CREATE = "/api/me/app_passwords/create"


async def _create(api, token, **body):
    env = await api.post(CREATE, {"name": "dav", **body}, token=token)
    assert env["code"] == 200, env
    return env["data"]


async def test_create_use_list_revoke(api, client, admin_token):
    uid = await api.create_user(admin_token, "bob", "bob-pass-1")
    bob = await api.token("bob", "bob-pass-1")
    item = await _create(api, bob, name="laptop webdav")
    token = item["token"]
    assert token.startswith("olap_") and len(token) >= 40 and item["prefix"] == token[:12]
    assert item["expires_at"] is None and item["scope_path"] == "/" and item["read_only"] is False
    me = await api.get("/api/me", token=token)
    assert me["code"] == 200 and me["data"]["username"] == "bob" and me["data"]["id"] == uid
    listed = (await api.get("/api/me/app_passwords", token=bob))["data"]
    assert [a["name"] for a in listed] == ["laptop webdav"] and "token" not in listed[0]
    assert listed[0]["last_used_at"] is not None
    # stored hashed: the token is nowhere in the database file
    raw = client.server.app[keys.CONFIG].db_file.read_bytes()
    assert token.encode() not in raw and token[5:].encode() not in raw
    assert (await api.post(f"/api/me/app_passwords/revoke?id={item['id']}", token=bob))["code"] == 200
    env = await api.get("/api/me", token=token)
    assert env == {"code": 401, "message": "token is invalidated", "data": None}
    assert (await api.get("/api/me/app_passwords", token=bob))["data"] == []
    # someone else's id → 404
    other = await _create(api, admin_token)
    assert (await api.post(f"/api/me/app_passwords/revoke?id={other['id']}", token=bob))["code"] == 404
    names = [e["event"] for e in await events(api, admin_token, username="bob")]
    assert {"app_password_created", "app_password_used", "app_password_revoked"} <= set(names)
    assert not any(token in str(e) for e in await events(api, admin_token))


async def test_expiry(api, client, admin_token):
    item = await _create(api, admin_token, expires_in_days=1)
    assert item["expires_at"] is not None
    assert (await api.get("/api/me", token=item["token"]))["code"] == 200
    await client.server.app[keys.DB].execute("UPDATE app_passwords SET expires_at = ? WHERE id = ?",
                                             (int(time.time()) - 1, item["id"]))
    env = await api.get("/api/me", token=item["token"])
    assert env == {"code": 401, "message": "token is expired", "data": None}
    assert (await api.post(CREATE, {"name": "x", "expires_in_days": -1}, token=admin_token))["code"] == 400
    assert (await api.post(CREATE, {"name": ""}, token=admin_token))["code"] == 400


async def test_read_only_and_scope(api, client, admin_token):
    ro = (await _create(api, admin_token, read_only=True, scope_path="/docs/"))
    assert ro["scope_path"] == "/docs" and ro["read_only"] is True
    token = ro["token"]
    assert (await api.get("/api/me", token=token))["code"] == 200
    ap = await app_passwords.lookup(client.server.app[keys.DB], token)
    for method, path, allowed in (("POST", "/api/fs/mkdir", False), ("PUT", "/api/fs/put", False),
                                  ("POST", "/api/fs/list", True), ("GET", "/api/fs/list", True)):
        req = make_mocked_request(method, path, app=client.server.app)
        if allowed:
            app_passwords._route_allowed(req, ap)
        else:
            with pytest.raises(Forbidden):
                app_passwords._route_allowed(req, ap)
    assert (await api.get("/api/admin/user/list", token=token))["code"] == 403  # scoped: never admin
    # an app password never manages the account, whatever its scope
    full = (await _create(api, admin_token))["token"]
    assert (await api.get("/api/admin/user/list", token=full))["code"] == 200
    for path in ("/api/auth/2fa/generate", CREATE, "/api/me/update"):
        env = await api.post(path, {"name": "y", "username": "admin"}, token=full)
        assert env["code"] == 403, (path, env)
    assert (await api.post(CREATE, {"name": "z"}, token=token))["code"] == 403
    assert (await api.post(CREATE, {"name": "../x", "scope_path": "/a/../b"}, token=admin_token))["code"] == 400


async def test_create_needs_recent_authentication(api, client, admin_token):
    db = client.server.app[keys.DB]
    await db.execute("UPDATE sessions SET auth_at = auth_at - 3600")
    env = await api.post(CREATE, {"name": "a"}, token=admin_token)
    assert env == {"code": 403, "message": "re-authentication required", "data": None}
    env = await api.post(CREATE, {"name": "a", "password": "wrong"}, token=admin_token)
    assert env["code"] == 403 and env["message"] == "the current password is wrong"
    env = await api.post(CREATE, {"name": "a", "password": ADMIN_PASSWORD}, token=admin_token)
    assert env["code"] == 200
    # the session now counts as freshly authenticated
    assert (await api.post(CREATE, {"name": "b"}, token=admin_token))["code"] == 200
    # the admin token (no session) must always re-authenticate
    settings_token = client.server.app[keys.SETTINGS].token
    assert (await api.post(CREATE, {"name": "c"}, token=settings_token))["message"] == "re-authentication required"
    assert (await api.post("/api/auth/2fa/generate", token=settings_token))["code"] == 403
    assert (await api.post("/api/auth/2fa/generate", {"password": ADMIN_PASSWORD}, token=settings_token))["code"] == 200


def _basic_request(app, ip="127.0.0.1"):
    req = make_mocked_request("PROPFIND", "/dav/", app=app)
    req[keys.CLIENT_IP] = ip
    return req


async def test_authenticate_basic(api, client, admin_token, clock):
    app = client.server.app
    await api.create_user(admin_token, "carol", "carol-pass-1")
    carol = await api.token("carol", "carol-pass-1")
    ident = await app_passwords.authenticate_basic(_basic_request(app), "carol", "carol-pass-1")
    assert ident.user.username == "carol" and ident.via == "password"
    ap = await _create(api, carol, read_only=True, scope_path="/docs")
    await enrol(api, carol, clock)
    # W9/D5: with 2FA on, the password alone is refused everywhere but login (which asks for the code)
    with pytest.raises(Unauthorized) as exc:
        await app_passwords.authenticate_basic(_basic_request(app), "carol", "carol-pass-1")
    assert exc.value.message == "Invalid username or password"
    ident = await app_passwords.authenticate_basic(_basic_request(app), "carol", ap["token"])
    assert (ident.via, ident.scope_path, ident.read_only) == ("app_password", "/docs", True)
    with pytest.raises(Unauthorized):  # someone else's name with carol's app password
        await app_passwords.authenticate_basic(_basic_request(app), "admin", ap["token"])
    with pytest.raises(Unauthorized):
        await app_passwords.authenticate_basic(_basic_request(app), "carol", "olap_guessed")
    # failures share the login throttle: the IP is now locked for every entry point
    for _ in range(3):
        with pytest.raises((Unauthorized, TooManyRequests)):
            await app_passwords.authenticate_basic(_basic_request(app), "carol", "nope")
    with pytest.raises(TooManyRequests):
        await app_passwords.authenticate_basic(_basic_request(app), "carol", ap["token"])
    assert (await api.login("carol", "carol-pass-1"))["code"] == 429
    reasons = {e["detail"].get("reason") for e in await events(api, admin_token, "login_failed")}
    assert {"2fa_user_needs_app_password", "app_password"} <= reasons


async def test_basic_respects_enrolment_policy(api, client, admin_token):
    app = client.server.app
    await api.create_user(admin_token, "gina", "gina-pass-1")
    gina = await api.token("gina", "gina-pass-1")
    ap = await _create(api, gina)
    body = [{"key": "two_factor_policy", "value": "all"}, {"key": "two_factor_grace_logins", "value": "0"}]
    assert (await api.post("/api/admin/setting/save", body, token=admin_token))["code"] == 200
    with pytest.raises(Unauthorized):  # must enrol first: the bare password stops working here too
        await app_passwords.authenticate_basic(_basic_request(app), "gina", "gina-pass-1")
    assert (await app_passwords.authenticate_basic(_basic_request(app), "gina", ap["token"])).user.username == "gina"
    # the last admin is never locked out
    ident = await app_passwords.authenticate_basic(_basic_request(app), "admin", ADMIN_PASSWORD)
    assert ident.user.is_admin
