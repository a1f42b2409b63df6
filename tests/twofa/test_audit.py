"""GET /api/admin/audit: admin only, newest first, paged, filtered, and never a secret in it."""

from __future__ import annotations

from tests.conftest import ADMIN_PASSWORD


async def test_audit_paging_and_filters(api, admin_token):
    for _ in range(3):
        assert (await api.login("admin", "wrong-password"))["code"] == 401
    await api.create_user(admin_token, "frank", "frank-pass-1")
    frank = await api.token("frank", "frank-pass-1")
    assert (await api.get("/api/admin/audit", token=frank))["code"] == 403
    env = await api.get("/api/admin/audit?event=login_failed&per_page=2&page=1", token=admin_token)
    page1 = env["data"]
    assert page1["total"] == 3 and len(page1["content"]) == 2
    page2 = (await api.get("/api/admin/audit?event=login_failed&per_page=2&page=2", token=admin_token))["data"]
    assert len(page2["content"]) == 1
    ids = [e["id"] for e in page1["content"] + page2["content"]]
    assert ids == sorted(ids, reverse=True)
    item = page1["content"][0]
    assert set(item) == {"id", "time", "event", "user_id", "username", "ip", "source", "actor", "detail"}
    assert item["time"].endswith("Z") and item["username"] == "admin" and item["ip"] == "127.0.0.1"
    assert item["detail"] == {"reason": "password"} and item["source"] == "api"
    assert (await api.get("/api/admin/audit?username=nobody", token=admin_token))["data"] == {"content": [],
                                                                                              "total": 0}
    everything = str(await api.get("/api/admin/audit?per_page=500", token=admin_token))
    assert "wrong-password" not in everything and ADMIN_PASSWORD not in everything
    assert (await api.get("/api/admin/audit?page=x", token=admin_token))["code"] == 400
