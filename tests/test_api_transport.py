"""Transport rules: envelope on every error kind, binding forms, D3, CORS, no tracebacks."""

from __future__ import annotations

import pytest
from aiohttp import web

from openlist import errors
from openlist.api import API_MODULES
from openlist.auth.identity import Level
from tests.conftest import Api


def test_every_api_route_declares_its_auth_level(app: web.Application):
    missing = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if path.startswith("/api/") and getattr(route.handler, "__auth_level__", None) is None:
            missing.append(f"{route.method} {path}")
    assert not missing, missing
    assert len(API_MODULES) >= 4


@pytest.mark.parametrize("exc,code", [
    (errors.BadRequest("b"), 400), (errors.Unauthorized("u"), 401), (errors.OTPRequired(), 402),
    (errors.Forbidden(), 403), (errors.NotFound(), 404), (errors.MethodNotAllowed(), 405),
    (errors.TooManyRequests(), 429), (errors.ServerError("s"), 500), (errors.ObjectNotFound("x"), 500),
    (RuntimeError("secret detail"), 500),
])
async def test_error_kinds_become_the_envelope(config, aiohttp_client, exc: Exception, code: int):
    from openlist.app import create_app

    app = create_app(config)

    async def boom(request: web.Request) -> web.Response:
        raise exc

    boom.__auth_level__ = Level.PUBLIC  # type: ignore[attr-defined]
    app.router.add_get("/api/test/boom", boom)
    api = Api(await aiohttp_client(app))
    env = await api.get("/api/test/boom")
    assert env["code"] == code and env["data"] is None
    assert "Traceback" not in env["message"] and "secret detail" not in env["message"]
    if isinstance(exc, errors.ObjectNotFound):
        assert env["message"].endswith("object not found")


async def test_unknown_api_path_is_json_404(api: Api, client):
    assert await api.get("/api/definitely/not/here") == {"code": 404, "message": "not found", "data": None}
    assert (await api.request("DELETE", "/api/me"))["code"] in (404, 405)


async def test_malformed_json_and_wrong_types(api: Api, client, admin_token: str):
    async with client.post("/api/auth/login", data=b"{not json", headers={"Content-Type": "application/json"}) as r:
        env = await r.json()
    assert r.status == 200 and env["code"] == 400 and "JSON" in env["message"]
    env = await api.post("/api/auth/login", {"username": 5, "password": "x"})
    assert env["code"] == 400 and "username" in env["message"]
    env = await api.post("/api/auth/login", ["a", "list"])
    assert env["code"] == 400
    env = await api.post("/api/admin/user/create", {"username": "x", "permission": "lots"}, token=admin_token)
    assert env["code"] == 400 and "permission" in env["message"]
    env = await api.get("/api/admin/user/get?id=abc", token=admin_token)
    assert env["code"] == 400 and "id" in env["message"]
    env = await api.post("/api/admin/setting/save", {"not": "a list"}, token=admin_token)
    assert env["code"] == 400


async def test_form_and_query_binding(client):
    async with client.post("/api/auth/login", data={"username": "admin", "password": "admin-test-pass"}) as r:
        env = await r.json()
    assert env["code"] == 200 and env["data"]["token"]


async def test_cors_preflight(client):
    async with client.options("/api/fs/list", headers={"Origin": "http://a.example",
                                                       "Access-Control-Request-Method": "POST"}) as r:
        assert r.status == 204 and r.headers["Access-Control-Allow-Origin"] == "*"
    async with client.get("/api/public/settings") as r:
        assert r.headers["Access-Control-Allow-Origin"] == "*"


async def test_public_routes(client, api: Api):
    settings = (await api.get("/api/public/settings"))["data"]
    assert settings["version"].startswith("v4.") and settings["site_title"] == "OpenList"
    assert settings["multipart_enabled"] == "false" and "token" not in settings and "sign_all" not in settings
    assert (await api.get("/api/public/archive_extensions"))["data"] == []
    assert (await api.get("/api/public/offline_download_tools"))["data"] == []
    async with client.get("/favicon.ico", allow_redirects=False) as r:
        assert r.status == 302 and r.headers["Location"] == "https://res.oplist.org/logo/logo.svg"
    async with client.get("/robots.txt") as r:
        assert (await r.text()).startswith("User-agent: *")
    async with client.head("/ping") as r:
        assert r.status == 200


def test_privacy_regs_mask_addresses_and_tokens():
    from openlist.privacy import mask
    from openlist.settings_defaults import PRIVACY_REGS

    out = mask("dial tcp 192.168.1.20:443 and [2001:db8::1] via ?access_token=abc123&x=1", PRIVACY_REGS)
    assert "192.168.1.20" not in out and "*" * len("192.168.1.20") in out
    assert "2001:db8::1" not in out and "abc123" not in out and out.endswith("x=1")


async def test_error_messages_are_masked(config, aiohttp_client):
    from openlist.app import create_app

    app = create_app(config)

    async def leak(request: web.Request) -> web.Response:
        raise errors.ServerError("failed to reach 10.1.2.3")

    leak.__auth_level__ = Level.PUBLIC  # type: ignore[attr-defined]
    app.router.add_get("/api/test/leak", leak)
    env = await Api(await aiohttp_client(app)).get("/api/test/leak")
    assert env["message"] == "failed to reach ********"
