"""Admin settings and user routes (§10.1, §10.5)."""

from __future__ import annotations

from openlist import keys
from openlist.app import create_app
from tests.conftest import Api


async def test_setting_list_get_save(api: Api, admin_token: str):
    items = (await api.get("/api/admin/setting/list", token=admin_token))["data"]
    assert [i["index"] for i in items] == sorted(i["index"] for i in items)
    assert all(isinstance(i["value"], str) for i in items)
    site = (await api.get("/api/admin/setting/list?group=1", token=admin_token))["data"]
    assert {i["group"] for i in site} == {1} and any(i["key"] == "site_title" for i in site)
    assert (await api.get("/api/admin/setting/list?group=x", token=admin_token))["code"] == 400
    both = (await api.get("/api/admin/setting/list?groups=5,0", token=admin_token))["data"]
    assert any(i["key"] == "token" for i in both)
    item = (await api.get("/api/admin/setting/get?key=site_title", token=admin_token))["data"]
    assert (await api.get("/api/admin/setting/get?key=nope", token=admin_token))["code"] == 400
    item["value"] = "My Files"
    assert (await api.post("/api/admin/setting/save", [item], token=admin_token))["code"] == 200
    assert (await api.get("/api/public/settings"))["data"]["site_title"] == "My Files"
    bad = (await api.get("/api/admin/setting/get?key=default_page_size", token=admin_token))["data"]
    assert (await api.post("/api/admin/setting/save", [{**bad, "value": "many"}], token=admin_token))["code"] == 400
    version = (await api.get("/api/admin/setting/get?key=version", token=admin_token))["data"]
    await api.post("/api/admin/setting/save", [{**version, "value": "hacked"}], token=admin_token)
    assert (await api.get("/api/public/settings"))["data"]["version"].startswith("v4.")


async def test_reset_token_changes_admin_token(api: Api, app, admin_token: str):
    old = app[keys.SETTINGS].token
    env = await api.post("/api/admin/setting/reset_token", token=admin_token)
    assert env["code"] == 200 and env["data"] != old and env["data"].startswith("openlist-")
    assert (await api.get("/api/me", token=old))["code"] == 401
    assert (await api.get("/api/me", token=env["data"]))["code"] == 200
    defaults = (await api.post("/api/admin/setting/default?groups=0", token=admin_token))["data"]
    assert next(i for i in defaults if i["key"] == "token")["value"] == env["data"]  # D17


async def test_settings_survive_restart_and_deprecate_unknown(config, aiohttp_client):
    app = create_app(config)
    api = Api(await aiohttp_client(app))
    token = await api.token()
    await app[keys.DB].execute("INSERT INTO settings (key, value) VALUES ('old_key', 'x')")
    saved_token = app[keys.SETTINGS].token
    app2 = create_app(config)
    api2 = Api(await aiohttp_client(app2))
    assert app2[keys.SETTINGS].token == saved_token
    item = (await api2.get("/api/admin/setting/get?key=old_key", token=token))["data"]
    assert item["flag"] == 3
    assert (await api2.post("/api/admin/setting/delete?key=old_key", token=token))["code"] == 200
    env = await api2.post("/api/admin/setting/delete?key=site_title", token=token)
    assert env == {"code": 500, "message": "setting [site_title] is not deprecated", "data": None}


async def test_user_admin_rules(api: Api, admin_token: str):
    env = await api.post("/api/admin/user/create", {"username": "x", "password": "p", "role": 2}, token=admin_token)
    assert env == {"code": 400, "message": "admin or guest user can not be created", "data": None}
    uid = await api.create_user(admin_token, "frank", "p", base_path="team//docs/", permission=8)
    user = (await api.get(f"/api/admin/user/get?id={uid}", token=admin_token))["data"]
    assert user["base_path"] == "/team/docs" and user["allow_ldap"] is True and user["password"] == ""
    assert (await api.post("/api/admin/user/create", {"username": "frank", "password": "p"},
                           token=admin_token))["code"] == 500
    assert (await api.post("/api/admin/user/update", {**user, "role": 2}, token=admin_token))["message"] == \
        "role can not be changed"
    admin = (await api.get("/api/admin/user/get?id=1", token=admin_token))["data"]
    assert (await api.post("/api/admin/user/update", {**admin, "disabled": True}, token=admin_token))["message"] == \
        "admin user can not be disabled"
    for victim in (1, 2):
        assert await api.post(f"/api/admin/user/delete?id={victim}", token=admin_token) == {
            "code": 500, "message": "cannot delete admin or guest", "data": None}
    page = (await api.get("/api/admin/user/list?page=1&per_page=2", token=admin_token))["data"]
    assert page["total"] == 3 and len(page["content"]) == 2
    assert (await api.get("/api/admin/user/get?id=999", token=admin_token))["code"] == 500
    assert (await api.post("/api/admin/user/del_cache?username=frank", token=admin_token))["code"] == 200


async def test_imported_openlist_hash_is_upgraded(api: Api, app):
    """W7: a row imported from OpenList verifies with its formula once, then becomes argon2id."""
    from openlist.auth.passwords import legacy_hash, static_hash

    db = app[keys.DB]
    stored = "openlist-sha256$abcdefghijklmnop$" + legacy_hash(static_hash("old-pass"), "abcdefghijklmnop")
    await db.execute("INSERT INTO users (username, pwd_hash, pwd_ts, role, permission) VALUES (?, ?, 1, 0, 0)",
                     ("imported", stored))
    assert (await api.login("imported", "old-pass"))["code"] == 200
    new = await db.fetchval("SELECT pwd_hash FROM users WHERE username = 'imported'")
    assert new.startswith("$argon2id$")
    assert (await api.login("imported", "old-pass"))["code"] == 200
