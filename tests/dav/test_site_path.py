"""With a site sub-path (site_url https://host/sub) WebDAV lives at /sub/dav: hrefs and
Destination carry the prefix (§2.5, §12)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from openlist.app import create_app
from tests.conftest import Api
from tests.dav.conftest import read


async def test_dav_under_the_site_path(config_factory: Callable[..., Any], aiohttp_client: Callable[..., Any],
                                       files: Path) -> None:
    client = await aiohttp_client(create_app(config_factory(site_url="https://files.example.com/sub/")))
    api = Api(client)
    token = (await api.post("/sub/api/auth/login", {"username": "admin", "password": "admin-test-pass"}))["data"]["token"]
    body = {"mount_path": "/local", "driver": "Local", "addition": orjson.dumps({"root_folder_path": str(files)}).decode()}
    assert (await api.post("/sub/api/admin/storage/create", body, token=token))["code"] == 200
    users = (await api.get("/sub/api/admin/user/list", token=token))["data"]["content"]
    admin = next(u for u in users if u["username"] == "admin")
    env = await api.post("/sub/api/admin/user/update", {**admin, "permission": admin["permission"] | 512}, token=token)
    assert env["code"] == 200, env
    (files / "a.txt").write_bytes(b"A")
    admin_token = (await api.get("/sub/api/admin/setting/get?key=token", token=token))["data"]["value"]
    bearer = {"Authorization": f"Bearer {admin_token}"}
    async with client.request("PROPFIND", "/sub/dav/local", headers={"Depth": "1", **bearer}) as resp:
        assert resp.status == 207
        text = (await resp.read()).decode()
    assert "<D:href>/sub/dav/local/a.txt</D:href>" in text and "<D:href>/sub/dav/local/</D:href>" in text
    async with client.request("COPY", "/sub/dav/local/a.txt", headers={"Destination": "/dav/local/b.txt", **bearer}) as r:
        assert r.status == 502  # not under this server's /dav
    async with client.request("COPY", "/sub/dav/local/a.txt",
                              headers={"Destination": "/sub/dav/local/b.txt", **bearer}) as r:
        assert r.status == 201
    assert read(files / "b.txt") == b"A"
    async with client.request("PROPFIND", "/dav/local", headers={"Depth": "0", **bearer}) as resp:
        assert resp.status == 404  # outside the site path
