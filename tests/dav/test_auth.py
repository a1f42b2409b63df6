"""Who may use /dav: Basic (app password, or the password of a user without 2FA — W9/D5), the
admin token as Bearer, permission bits 8/9, app-password scope and read-only, metas, base paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openlist import keys
from tests.conftest import ADMIN_PASSWORD, Api
from tests.dav.conftest import WRITER_PERMISSION, Cred, Dav, names
from tests.twofa.conftest import Clock, enrol, events

REALM = 'Basic realm="openlist"'


async def app_password(api: Api, token: str, **body: Any) -> str:
    env = await api.post("/api/me/app_passwords/create", {"name": "dav", **body}, token=token)
    assert env["code"] == 200, env
    return str(env["data"]["token"])


async def test_no_or_bad_credentials_get_401_with_realm(dav: Dav, local: Path) -> None:
    for headers in ({}, {"Authorization": "Basic !!!"}, {"Authorization": "Bearer nope"},
                    {"Authorization": Cred("davw", "wrong").header()}, {"Authorization": Cred("ghost", "x").header()}):
        async with dav.request("PROPFIND", "/dav/local", headers={"Depth": "0", **headers}) as resp:
            assert resp.status == 401, headers
            assert resp.headers["WWW-Authenticate"] == REALM
            assert await resp.read() == b""


async def test_failures_share_the_login_throttle(dav: Dav, api: Api, local: Path) -> None:
    bad = Cred("davw", "wrong")
    statuses = [await dav.status("PROPFIND", "/dav/local", user=bad, headers={"Depth": "0"}) for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    # the right password is now refused too, on WebDAV and on the JSON login (one counter per IP)
    assert await dav.status("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "0"}) == 429
    assert (await api.login(dav.writer.username, dav.writer.password))["code"] == 429
    assert await dav.status("OPTIONS", "/dav/local") == 200  # OPTIONS passes


async def test_two_factor_user_needs_an_app_password(dav: Dav, api: Api, admin_token: str, clock: Clock,
                                                      local: Path) -> None:
    (local / "f.txt").write_bytes(b"secret")
    await api.create_user(admin_token, "tfa", "tfa-pass-1", permission=WRITER_PERMISSION)
    token = await api.token("tfa", "tfa-pass-1")
    full = await app_password(api, token, name="laptop")
    read_only = await app_password(api, token, name="phone", read_only=True)
    scoped = await app_password(api, token, name="scoped", scope_path="/local/sub")
    await enrol(api, token, clock)
    # D5: the bare password is refused with 401 and counted as a failure
    assert await dav.status("GET", "/dav/local/f.txt", user=Cred("tfa", "tfa-pass-1")) == 401
    reasons = [e["detail"].get("reason") for e in await events(api, admin_token, "login_failed")]
    assert "2fa_user_needs_app_password" in reasons
    db = dav.client.app[keys.DB]  # type: ignore[index]
    assert await db.fetchval("SELECT failures FROM throttle WHERE key = 'ip:127.0.0.1'") == 1
    # the app password works for reads and writes
    async with dav.request("GET", "/dav/local/f.txt", user=Cred("tfa", full)) as resp:
        assert resp.status == 200 and await resp.read() == b"secret"
    assert await dav.status("PUT", "/dav/local/g.txt", user=Cred("tfa", full), data=b"g") == 201
    assert await db.fetchval("SELECT failures FROM throttle WHERE key = 'ip:127.0.0.1'") is None  # success resets
    # someone else's name with it, or a guessed one → 401
    assert await dav.status("GET", "/dav/local/f.txt", user=Cred("davw", full)) == 401
    # read-only: reads yes, every write method no (and nothing changes on disk)
    ro = Cred("tfa", read_only)
    assert await dav.status("PROPFIND", "/dav/local", user=ro, headers={"Depth": "1"}) == 207
    assert await dav.status("PUT", "/dav/local/h.txt", user=ro, data=b"h") == 403
    assert await dav.status("MKCOL", "/dav/local/d", user=ro) == 403
    assert await dav.status("DELETE", "/dav/local/f.txt", user=ro) == 403
    assert await dav.status("MOVE", "/dav/local/f.txt", user=ro, headers={"Destination": "/dav/local/m.txt"}) == 403
    assert await dav.status("COPY", "/dav/local/f.txt", user=ro, headers={"Destination": "/dav/local/c.txt"}) == 403
    assert names(local) == ["f.txt", "g.txt"]
    # scoped to /local/sub: outside it nothing, inside it everything
    sc = Cred("tfa", scoped)
    assert await dav.status("GET", "/dav/local/f.txt", user=sc) == 403
    assert await dav.status("MKCOL", "/dav/local/other", user=sc) == 403
    assert await dav.status("MKCOL", "/dav/local/sub", user=sc) == 201  # the scope folder itself
    assert await dav.status("PUT", "/dav/local/sub/in.txt", user=sc, data=b"in") == 201
    assert await dav.status("COPY", "/dav/local/sub/in.txt", user=sc, headers={"Destination": "/dav/local/out.txt"}) == 403
    assert await dav.status("MOVE", "/dav/local/sub/in.txt", user=sc, headers={"Destination": "/dav/local/out.txt"}) == 403
    assert not (local / "out.txt").exists()


async def test_permission_bits(dav: Dav, api: Api, admin_token: str, local: Path) -> None:
    (local / "f.txt").write_bytes(b"1")
    # no bit 8 (webdav_read) → 403 after a correct login, even with every file bit
    assert await dav.status("PROPFIND", "/dav/local", user=dav.nodav, headers={"Depth": "0"}) == 403
    # bit 8 without bit 9 (webdav_manage): reads yes, writes 403
    r = dav.reader
    assert await dav.status("PROPFIND", "/dav/local", user=r, headers={"Depth": "1"}) == 207
    assert await dav.status("GET", "/dav/local/f.txt", user=r) == 200
    for method, kw in (("PUT", {"data": b"x"}), ("MKCOL", {}), ("DELETE", {}),
                       ("MOVE", {"headers": {"Destination": "/dav/local/g.txt"}}),
                       ("COPY", {"headers": {"Destination": "/dav/local/g.txt"}})):
        path = "/dav/local/new" if method == "MKCOL" else "/dav/local/f.txt"
        assert await dav.status(method, path, user=r, **kw) == 403, method
    # bit 9 but not the file bit: webdav_manage does not replace write/delete/rename/copy
    await api.create_user(admin_token, "onlydav", "onlydav-pass", permission=(1 << 8) | (1 << 9))
    o = Cred("onlydav", "onlydav-pass")
    assert await dav.status("PUT", "/dav/local/x.txt", user=o, data=b"x") == 403
    assert await dav.status("DELETE", "/dav/local/f.txt", user=o) == 403
    assert await dav.status("MOVE", "/dav/local/f.txt", user=o, headers={"Destination": "/dav/local/g.txt"}) == 403
    assert await dav.status("COPY", "/dav/local/f.txt", user=o, headers={"Destination": "/dav/local/g.txt"}) == 403
    assert names(local) == ["f.txt"]
    # a disabled user is refused at login
    users = (await api.get("/api/admin/user/list", token=admin_token))["data"]["content"]
    davw = next(u for u in users if u["username"] == "davw")
    assert (await api.post("/api/admin/user/update", {**davw, "disabled": True}, token=admin_token))["code"] == 200
    assert await dav.status("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "0"}) in (401, 403)


async def test_admin_token_as_bearer(dav: Dav, api: Api, local: Path) -> None:
    token = dav.client.app[keys.SETTINGS].token  # type: ignore[index]
    bearer = {"Authorization": f"Bearer {token}"}
    assert await dav.status("PROPFIND", "/dav/local", headers={"Depth": "0", **bearer}) == 207
    # the admin's default permission (29183) has webdav_read but not webdav_manage
    assert await dav.status("PUT", "/dav/local/a.txt", headers=bearer, data=b"a") == 403
    # and its password works over Basic while it has no 2FA
    admin = Cred("admin", ADMIN_PASSWORD)
    assert await dav.status("PROPFIND", "/dav/local", user=admin, headers={"Depth": "0"}) == 207


async def test_metas_and_base_path(dav: Dav, api: Api, admin_token: str, local: Path) -> None:
    for name in ("pub", "hidden", "team", "locked"):
        (local / name).mkdir()
        (local / name / "f.txt").write_bytes(name.encode())
    metas = [{"path": "/local", "hide": "^hidden$", "h_sub": False},
             {"path": "/local/locked", "password": "pw", "p_sub": True},
             {"path": "/local/team", "write_users": [1], "write_users_sub": True}]
    for meta in metas:
        assert (await api.post("/api/admin/meta/create", meta, token=admin_token))["code"] == 200
    w = dav.writer
    async with dav.request("PROPFIND", "/dav/local", user=w, headers={"Depth": "1"}) as resp:
        body = (await resp.read()).decode()
    assert "/dav/local/pub/" in body and "/dav/local/hidden/" not in body  # hide applies
    assert await dav.status("PROPFIND", "/dav/local/hidden", user=w, headers={"Depth": "0"}) == 403
    assert await dav.status("GET", "/dav/local/locked/f.txt", user=w) == 403  # folder password, no bit 1
    assert await dav.status("PUT", "/dav/local/team/g.txt", user=w, data=b"g") == 403  # write_users
    assert await dav.status("PUT", "/dav/local/pub/g.txt", user=w, data=b"g") == 201
    # a user whose base path is /local/pub sees it as the root and cannot leave it
    await api.create_user(admin_token, "based", "based-pass", base_path="/local/pub", permission=WRITER_PERMISSION)
    b = Cred("based", "based-pass")
    async with dav.request("PROPFIND", "/dav/", user=b, headers={"Depth": "1"}) as resp:
        assert resp.status == 207
        body = (await resp.read()).decode()
    assert "/dav/f.txt" in body and "/dav/g.txt" in body and "team" not in body
    assert await dav.status("COPY", "/dav/f.txt", user=b, headers={"Destination": "/dav/copy.txt"}) == 201
    assert (local / "pub" / "copy.txt").read_bytes() == b"pub"
