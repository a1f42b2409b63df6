"""Metas (§5): folder passwords, hide, readme/header, write bypass, read/write users, base_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlist import keys
from tests.conftest import Api
from tests.fs.conftest import add_meta, enable_guest, listing, put, sign_of

NO_ACCESS = {"code": 403, "message": "password is incorrect or you have no permission", "data": None}


@pytest.fixture
async def tree(local: Path) -> Path:
    for d in ("private/inner", "public", ".git", "tmpdir"):
        (local / d).mkdir(parents=True)
    (local / "private" / "p.txt").write_text("p")
    (local / "private" / "inner" / "i.txt").write_text("i")
    (local / "public" / "a.txt").write_text("a")
    (local / "public" / "a.tmp").write_text("t")
    return local


def names(env: dict) -> list[str]:  # type: ignore[type-arg]
    return [c["name"] for c in env["data"]["content"] or []]


async def test_meta_crud_and_password_sealed(api: Api, client, admin_token: str, tree: Path) -> None:
    await add_meta(api, admin_token, path="/local/private", password="s3cret", p_sub=True, hide="^x$\n\n")
    env = await api.get("/api/admin/meta/list", token=admin_token)
    meta = env["data"]["content"][0]
    assert meta["password"] == "s3cret" and meta["hide"] == "^x$" and meta["read_users"] is None
    raw = await client.app[keys.DB].fetchval("SELECT password FROM metas WHERE id = ?", (meta["id"],))
    assert b"s3cret" not in raw  # W12: sealed at rest
    env = await api.post("/api/admin/meta/update", {**meta, "password": "other"}, token=admin_token)
    assert env["code"] == 200
    assert (await api.get(f"/api/admin/meta/get?id={meta['id']}", token=admin_token))["data"]["password"] == "other"
    await add_meta(api, admin_token, expect=500, path="/local/private")
    env = await add_meta(api, admin_token, expect=400, path="/x", hide="([")
    assert env["message"].startswith("([ is illegal")
    assert (await api.post(f"/api/admin/meta/delete?id={meta['id']}", token=admin_token))["code"] == 200
    assert (await api.get("/api/admin/meta/list", token=admin_token))["data"] == {"content": [], "total": 0}


async def test_folder_password(api: Api, client, admin_token: str, tree: Path) -> None:
    await add_meta(api, admin_token, path="/local/private", password="s3cret", p_sub=True)
    await api.create_user(admin_token, "u", "pw-user-123")
    token = await api.token("u", "pw-user-123")
    assert await listing(api, token, "/local/private") == NO_ACCESS
    assert await listing(api, token, "/local/private/inner") == NO_ACCESS
    assert await listing(api, token, "/local/private", password="wrong") == NO_ACCESS
    assert await api.post("/api/fs/get", {"path": "/local/private/p.txt"}, token=token) == NO_ACCESS
    env = await listing(api, token, "/local/private", password="s3cret")
    assert names(env) == ["inner", "p.txt"]
    env = await api.post("/api/fs/list", {"path": "/local/private"}, token=token, headers={"Password": "s3cret"})
    assert env["code"] == 200
    # files under a password are signed even with sign_all off, and /d demands it
    await client.app[keys.SETTINGS].set("sign_all", "false")
    env = await listing(api, token, "/local/private", password="s3cret")
    assert env["data"]["content"][1]["sign"] == sign_of(client, "/local/private/p.txt")
    async with client.get("/d/local/private/p.txt") as resp:
        assert resp.status == 401
    async with client.get("/d/local/public/a.txt") as resp:
        assert resp.status == 200
    # bit 1 skips passwords; the admin has it
    assert (await listing(api, admin_token, "/local/private"))["code"] == 200


async def test_password_without_p_sub(api: Api, admin_token: str, tree: Path) -> None:
    await add_meta(api, admin_token, path="/local/private", password="s3cret", p_sub=False)
    await api.create_user(admin_token, "u", "pw-user-123")
    token = await api.token("u", "pw-user-123")
    assert await listing(api, token, "/local/private") == NO_ACCESS
    assert (await listing(api, token, "/local/private/inner"))["code"] == 200


async def test_hide(api: Api, admin_token: str, tree: Path) -> None:
    await add_meta(api, admin_token, path="/local", hide="^\\.git$\ntmp", h_sub=True)
    await api.create_user(admin_token, "u", "pw-user-123")
    token = await api.token("u", "pw-user-123")
    assert names(await listing(api, token, "/local")) == ["private", "public"]
    assert names(await listing(api, token, "/local/public")) == ["a.txt"]
    assert await listing(api, token, "/local/.git") == NO_ACCESS
    assert await api.post("/api/fs/get", {"path": "/local/public/a.tmp"}, token=token) == NO_ACCESS
    # bit 0 (see_hides): the admin sees everything
    assert names(await listing(api, admin_token, "/local")) == [".git", "private", "public", "tmpdir"]


async def test_hide_applies_to_virtual_folders(api: Api, admin_token: str, tree: Path) -> None:
    await add_meta(api, admin_token, path="/", hide="^local$")
    await api.create_user(admin_token, "u", "pw-user-123")
    token = await api.token("u", "pw-user-123")
    assert (await listing(api, token, "/"))["data"]["content"] is None
    assert names(await listing(api, admin_token, "/")) == ["local"]


async def test_readme_header(api: Api, admin_token: str, tree: Path) -> None:
    await add_meta(api, admin_token, path="/local/public", readme="# Hi", r_sub=False, header="<b>h</b>",
                   header_sub=True)
    env = await listing(api, admin_token, "/local/public")
    assert (env["data"]["readme"], env["data"]["header"]) == ("# Hi", "<b>h</b>")
    env = await api.post("/api/fs/get", {"path": "/local/public/a.txt"}, token=admin_token)
    assert (env["data"]["readme"], env["data"]["header"]) == ("", "<b>h</b>")


async def test_write_bypass_for_guest(api: Api, client, admin_token: str, tree: Path) -> None:
    await enable_guest(api, admin_token)
    assert (await put(client, "", "/local/public/g.txt", b"g"))["code"] == 403
    await add_meta(api, admin_token, path="/local/public", write=True, w_sub=True)
    env = await listing(api, "", "/local/public")
    assert env["data"]["write_content_bypass"] is True and env["data"]["write"] is True
    assert (await put(client, "", "/local/public/g.txt", b"g"))["code"] == 200
    assert (await api.post("/api/fs/mkdir", {"path": "/local/public/sub/x"}, token=""))["code"] == 200
    # bypass covers content only: no rename or delete
    env = await api.post("/api/fs/remove", {"dir": "/local/public", "names": ["g.txt"]}, token="")
    assert env["code"] == 403
    assert (await put(client, "", "/local/private/g.txt", b"g"))["code"] == 403


async def test_read_and_write_users(api: Api, admin_token: str, tree: Path) -> None:
    uid = await api.create_user(admin_token, "u", "pw-user-123", permission=8 | 128)
    await api.create_user(admin_token, "v", "pw-user-456", permission=8 | 128)
    tu, tv = await api.token("u", "pw-user-123"), await api.token("v", "pw-user-456")
    await add_meta(api, admin_token, path="/local/private", read_users=[uid], read_users_sub=True)
    await add_meta(api, admin_token, path="/local/public", write_users=[uid], write_users_sub=True)
    assert "private" in names(await listing(api, tu, "/local"))
    assert "private" not in names(await listing(api, tv, "/local"))
    assert await listing(api, tv, "/local/private/inner") == NO_ACCESS
    assert (await listing(api, tv, "/local/public"))["data"]["write"] is False
    env = await api.post("/api/fs/remove", {"dir": "/local/public", "names": ["a.tmp"]}, token=tv)
    assert env == {"code": 403, "message": "permission denied", "data": None}
    env = await api.post("/api/fs/remove", {"dir": "/local/public", "names": ["a.tmp"]}, token=tu)
    assert env["code"] == 200


async def test_base_path_confinement(api: Api, client, admin_token: str, tree: Path) -> None:
    await api.create_user(admin_token, "jail", "pw-jail-123", base_path="/local/public", permission=8 | 128)
    token = await api.token("jail", "pw-jail-123")
    assert names(await listing(api, token, "/")) == ["a.tmp", "a.txt"]
    env = await api.post("/api/fs/get", {"path": "/a.txt"}, token=token)
    assert env["data"]["raw_url"].split("?")[0].endswith("/p/local/public/a.txt")  # absolute in links
    for bad in ("/../private", "../private", "/..", "/x/../../private"):
        env = await listing(api, token, bad)
        assert env == {"code": 403, "message": "using relative path is not allowed", "data": None}, bad
    assert (await put(client, token, "/../private/x.txt", b"x"))["code"] == 403
    assert (await api.post("/api/fs/remove", {"dir": "/..", "names": ["private"]}, token=token))["code"] == 403
    assert (tree / "private" / "p.txt").exists() and not (tree / "private" / "x.txt").exists()
    assert (await put(client, token, "/new.txt", b"n"))["code"] == 200
    assert (tree / "public" / "new.txt").read_text() == "n"
