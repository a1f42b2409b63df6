"""Login, sessions and every 401/403 message of openlist-api.md §2.6, over real HTTP."""

from __future__ import annotations

import time

import jwt
import pytest

from openlist import keys
from openlist.app import create_app
from openlist.auth import tokens
from openlist.auth.passwords import static_hash
from tests.conftest import ADMIN_PASSWORD, Api

STATIC_ADMIN = "6fcb57cd10b2c11d765dcf16148d99130afd895082af83725ee8bb181b1d2b0f"


def test_static_hash_vectors():
    assert static_hash("admin") == STATIC_ADMIN
    assert static_hash("") == "263d6a3a1bc3780769ef456641d81a41ea52b66dd25fe02b5959967fd852127d"
    assert static_hash("密码") == "41e5ec28ac4275a76b1a97dd1364ba417d26f4c4db52d1d6e2573b712da0f724"


async def test_login_plaintext_and_hash_check_one_record(api: Api):
    env = await api.login()
    assert env["code"] == 200 and env["message"] == "success"
    token = env["data"]["token"]
    assert token.startswith("eyJ") and not token.startswith("Bearer")
    env = await api.post("/api/auth/login/hash", {"username": "admin", "password": static_hash(ADMIN_PASSWORD),
                                                  "otp_code": ""})
    assert env["code"] == 200
    me = await api.get("/api/me", token=env["data"]["token"])
    assert me["data"] == {"id": 1, "username": "admin", "password": "", "base_path": "/", "role": 2,
                          "disabled": False, "permission": 29183, "sso_id": "", "allow_ldap": True,
                          "otp": False, **{k: v for k, v in me["data"].items() if k not in (
                              "id", "username", "password", "base_path", "role", "disabled", "permission",
                              "sso_id", "allow_ldap", "otp")}}


@pytest.mark.parametrize("username,password", [("admin", "wrong"), ("nobody", ADMIN_PASSWORD), ("guest", "guest")])
async def test_bad_credentials(api: Api, username: str, password: str):
    env = await api.login(username, password)
    assert env == {"code": 401, "message": "Invalid username or password", "data": None}


async def test_login_requires_username(api: Api):
    env = await api.post("/api/auth/login", {"password": "x"})
    assert env["code"] == 400 and "username" in env["message"]


async def test_jwt_claims_and_pinned_algorithm(api: Api, config):
    token = await api.token()
    payload = jwt.decode(token, config.jwt_secret, algorithms=["HS256"])
    assert payload["username"] == "admin"
    assert {"pwd_ts", "exp", "nbf", "iat"} <= set(payload)
    assert payload["exp"] - payload["iat"] == 48 * 3600


async def test_token_messages(api: Api, app, config):
    db = app[keys.DB]
    assert (await api.get("/api/me", token="Bearer whatever"))["message"] == "token is invalidated"
    assert (await api.get("/api/me", token="garbage"))["message"] == "token is invalidated"

    async def known(token: str) -> str:
        await db.execute("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, auth_at) VALUES"
                         " (?, 1, 0, 0, 0)", (tokens.token_hash(token),))
        return token

    now = int(time.time())
    expired = jwt.encode({"username": "admin", "pwd_ts": 0, "exp": now - 10, "nbf": now - 100, "iat": now - 100},
                         config.jwt_secret, algorithm="HS256")
    assert (await api.get("/api/me", token=await known(expired)))["message"] == "token is expired"
    future = jwt.encode({"username": "admin", "pwd_ts": 0, "exp": now + 1000, "nbf": now + 500, "iat": now},
                        config.jwt_secret, algorithm="HS256")
    assert (await api.get("/api/me", token=await known(future)))["message"] == "token not active yet"
    assert (await api.get("/api/me", token=await known("not.a.jwt")))["message"] == "that's not even a token"
    # W10: alg "none" and a wrong key are refused even for a token the server knows
    none_alg = jwt.encode({"username": "admin", "pwd_ts": 0, "exp": now + 100}, None, algorithm="none")
    env = await api.get("/api/me", token=await known(none_alg))
    assert env["code"] == 401 and env["message"] == "couldn't handle this token"
    other_key = "another-key-of-sufficient-length-32b"
    forged = jwt.encode({"username": "admin", "pwd_ts": 0, "exp": now + 100}, other_key, algorithm="HS256")
    env = await api.get("/api/me", token=await known(forged))
    assert env["code"] == 401 and env["message"] == "couldn't handle this token"


async def test_guest_rules(api: Api, admin_token: str):
    assert await api.get("/api/me") == {"code": 401, "message": "Guest user is disabled, login please", "data": None}
    users = (await api.get("/api/admin/user/list", token=admin_token))["data"]["content"]
    guest = next(u for u in users if u["role"] == 1)
    assert guest["disabled"] is True and guest["permission"] == 0
    env = await api.post("/api/admin/user/update", {**guest, "disabled": False}, token=admin_token)
    assert env["code"] == 200
    me = await api.get("/api/me", headers={"Authorization": ""})
    assert me["code"] == 200 and me["data"]["username"] == "guest"
    assert (await api.post("/api/me/update", {"username": "x"}))["message"] == "Guest user can not update profile"
    assert (await api.get("/api/admin/user/list")) == {"code": 403, "message": "You are not an admin", "data": None}


async def test_non_admin_forbidden(api: Api, admin_token: str):
    await api.create_user(admin_token, "alice", "alice-pass")
    token = await api.token("alice", "alice-pass")
    assert await api.get("/api/admin/user/list", token=token) == {
        "code": 403, "message": "You are not an admin", "data": None}
    assert (await api.get("/api/admin/setting/list", token=token))["code"] == 403


async def test_admin_token_setting_acts_as_admin(api: Api, app):
    token = app[keys.SETTINGS].token
    assert token.startswith("openlist-") and len(token) == len("openlist-") + 36 + 64
    me = await api.get("/api/me", token=token)
    assert me["data"]["username"] == "admin"
    assert (await api.get("/api/me", token=token[:-1] + "x"))["code"] == 401


async def test_logout_revokes_only_that_token(api: Api):
    t1, t2 = await api.token(), await api.token()
    assert t1 != t2
    assert (await api.get("/api/auth/logout", token=t1))["code"] == 200
    assert (await api.get("/api/me", token=t1))["message"] == "token is invalidated"
    assert (await api.get("/api/me", token=t2))["code"] == 200


async def test_password_change_kills_sessions(api: Api, admin_token: str):
    uid = await api.create_user(admin_token, "bob", "bob-pass", permission=8)
    t1, t2 = await api.token("bob", "bob-pass"), await api.token("bob", "bob-pass")
    env = await api.post("/api/me/update", {"username": "bob", "password": "new-pass", "sso_id": ""}, token=t1)
    assert env["code"] == 200
    for t in (t1, t2):
        assert (await api.get("/api/me", token=t))["code"] == 401
    assert (await api.login("bob", "bob-pass"))["code"] == 401
    assert (await api.login("bob", "new-pass"))["code"] == 200
    # admin update without a password keeps password and sessions (D8) …
    t3 = await api.token("bob", "new-pass")
    user = (await api.get(f"/api/admin/user/get?id={uid}", token=admin_token))["data"]
    assert (await api.post("/api/admin/user/update", {**user, "base_path": "/x"}, token=admin_token))["code"] == 200
    assert (await api.get("/api/me", token=t3))["data"]["base_path"] == "/x"
    # … with a password it logs the user out
    assert (await api.post("/api/admin/user/update", {**user, "password": "third"}, token=admin_token))["code"] == 200
    assert (await api.get("/api/me", token=t3))["code"] == 401


async def test_stale_pwd_ts_claim(api: Api, app, config):
    """A token whose pwd_ts differs from the user's gets the exact OpenList message."""
    now = int(time.time())
    token = jwt.encode({"username": "admin", "pwd_ts": 1, "exp": now + 100, "nbf": now, "iat": now},
                       config.jwt_secret, algorithm="HS256")
    await app[keys.DB].execute("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, auth_at)"
                               " VALUES (?, 1, 0, ?, 0)", (tokens.token_hash(token), now + 100))
    assert (await api.get("/api/me", token=token))["message"] == "Password has been changed, login please"


async def test_disabled_user(api: Api, admin_token: str):
    uid = await api.create_user(admin_token, "carol", "carol-pass")
    token = await api.token("carol", "carol-pass")
    user = (await api.get(f"/api/admin/user/get?id={uid}", token=admin_token))["data"]
    await api.post("/api/admin/user/update", {**user, "disabled": True}, token=admin_token)
    # disabling revokes the sessions; a fresh login is refused with OpenList's message (D9)
    assert (await api.get("/api/me", token=token))["code"] == 401
    assert await api.login("carol", "carol-pass") == {
        "code": 401, "message": "Current user is disabled, replace please", "data": None}


async def test_disabled_user_message_on_live_session(api: Api, app, admin_token: str):
    uid = await api.create_user(admin_token, "dave", "dave-pass")
    token = await api.token("dave", "dave-pass")
    await app[keys.DB].execute("UPDATE users SET disabled = 1 WHERE id = ?", (uid,))
    assert (await api.get("/api/me", token=token))["message"] == "Current user is disabled, replace please"


async def test_deleted_user_token(api: Api, admin_token: str):
    uid = await api.create_user(admin_token, "erin", "erin-pass")
    token = await api.token("erin", "erin-pass")
    assert (await api.post(f"/api/admin/user/delete?id={uid}", token=admin_token))["code"] == 200
    assert (await api.get("/api/me", token=token))["code"] == 401


async def test_tokens_survive_restart(config, aiohttp_client):
    app1 = create_app(config)
    client1 = await aiohttp_client(app1)
    token = await Api(client1).token()
    await client1.close()
    app2 = create_app(config)
    api2 = Api(await aiohttp_client(app2))
    me = await api2.get("/api/me", token=token)
    assert me["code"] == 200 and me["data"]["username"] == "admin"


async def test_sessions_store_only_token_hashes(api: Api, app, data_dir):
    token = await api.token()
    rows = await app[keys.DB].fetchall("SELECT token_hash FROM sessions")
    assert [r[0] for r in rows] == [tokens.token_hash(token)]
    raw = b"".join(p.read_bytes() for p in data_dir.glob("data.db*"))
    assert token.encode() not in raw
    assert ADMIN_PASSWORD.encode() not in raw and static_hash(ADMIN_PASSWORD).encode() not in raw


async def test_password_change_revokes_app_passwords(api: Api, admin_token: str):
    await api.create_user(admin_token, "gina", "gina-pass")
    token = await api.token("gina", "gina-pass")
    env = await api.post("/api/me/app_passwords/create", {"name": "sync", "password": "gina-pass"}, token=token)
    assert env["code"] == 200, env
    app_pw = env["data"]["token"]
    assert (await api.get("/api/me", token=app_pw))["code"] == 200
    await api.post("/api/me/update", {"username": "gina", "password": "gina-new"}, token=token)
    assert (await api.get("/api/me", token=app_pw))["code"] == 401
