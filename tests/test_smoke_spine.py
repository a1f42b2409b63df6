async def test_ping_and_login(api, client, admin_token):
    async with client.get("/ping") as resp:
        assert resp.status == 200 and await resp.text() == "pong"
    me = await api.get("/api/me", token=admin_token)
    assert me["data"]["username"] == "admin" and me["data"]["permission"] == 29183
