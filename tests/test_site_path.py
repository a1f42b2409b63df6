"""site_url with a path: every route moves under it (§2.5)."""

from __future__ import annotations

from openlist.app import create_app
from tests.conftest import Api


async def test_routes_live_under_the_site_path(config_factory, aiohttp_client):
    client = await aiohttp_client(create_app(config_factory(site_url="https://files.example.com/sub/")))
    async with client.get("/", allow_redirects=False) as r:
        assert r.status == 302 and r.headers["Location"] == "/sub/"
    async with client.get("/sub/ping") as r:
        assert await r.text() == "pong"
    api = Api(client)
    assert (await api.get("/sub/api/me"))["message"] == "Guest user is disabled, login please"
    token = (await api.post("/sub/api/auth/login", {"username": "admin", "password": "admin-test-pass"}))["data"]["token"]
    assert (await api.get("/sub/api/me", token=token))["data"]["username"] == "admin"
    assert (await api.get("/sub/api/nope"))["code"] == 404
    async with client.get("/api/me") as r:
        assert r.status == 404
