"""Absent features answer clearly (§14 refusal pattern) and tasks behave like an empty queue (§7.13)."""

from __future__ import annotations

import pytest

from tests.conftest import Api


@pytest.mark.parametrize("prefix", ["/api/task", "/api/admin/task"])
async def test_task_routes_are_an_empty_queue(api: Api, admin_token: str, prefix: str):
    for kind in ("upload", "copy", "move"):
        assert await api.get(f"{prefix}/{kind}/undone", token=admin_token) == {
            "code": 200, "message": "success", "data": []}
        assert (await api.get(f"{prefix}/{kind}/done", token=admin_token))["data"] == []
        env = await api.post(f"{prefix}/{kind}/info?tid=abc", token=admin_token)
        assert env == {"code": 404, "message": "task not found", "data": None}
        assert (await api.post(f"{prefix}/{kind}/cancel?tid=abc", token=admin_token))["code"] == 404
        env = await api.post(f"{prefix}/{kind}/delete_some", ["a", "b"], token=admin_token)
        assert env["data"] == {"a": "task not found", "b": "task not found"}
        env = await api.post(f"{prefix}/{kind}/retry_some", {"not": "a list"}, token=admin_token)
        assert env == {"code": 400, "message": "invalid request format", "data": None}
        assert (await api.post(f"{prefix}/{kind}/clear_done", token=admin_token))["code"] == 200


async def test_task_routes_keep_the_auth_levels(api: Api, admin_token: str):
    await api.create_user(admin_token, "tina", "tina-pass")
    token = await api.token("tina", "tina-pass")
    assert (await api.get("/api/task/copy/undone", token=token))["data"] == []
    assert (await api.get("/api/admin/task/copy/undone", token=token))["message"] == "You are not an admin"
    assert (await api.get("/api/task/copy/undone"))["code"] == 401  # guest disabled


@pytest.mark.parametrize("method,path,code,message", [
    ("POST", "/api/fs/search", 404, "search not available"),
    ("POST", "/api/admin/index/build", 404, "search not available"),
    ("POST", "/api/fs/multipart/init", 403, "multipart upload is disabled"),
    ("POST", "/api/auth/login/ldap", 403, "ldap is not enabled"),
    ("GET", "/api/auth/sso", 403, "sso login is not enabled"),
    ("GET", "/api/authn/webauthn_begin_login", 403, "WebAuthn login is not enabled"),
    ("POST", "/api/share/create", 403, "sharing is not supported yet"),
    ("POST", "/api/fs/archive/meta", 403, "archives are not supported yet"),
    ("POST", "/api/fs/add_offline_download", 403, "offline download is not supported"),
])
async def test_absent_features_refuse_clearly(api: Api, admin_token: str, method: str, path: str, code: int,
                                              message: str):
    env = await api.request(method, path, {}, token=admin_token)
    assert env == {"code": code, "message": message, "data": None}
