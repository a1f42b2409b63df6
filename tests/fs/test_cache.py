"""The listing cache: shared cold listings, writes never overtaken by a slower listing."""

from __future__ import annotations

import asyncio
from pathlib import Path

from openlist import keys
from openlist.drivers.local import Local
from tests.conftest import Api
from tests.fs.conftest import add_storage, listing, put


async def test_concurrent_cold_listings_share_one_scan(api: Api, client, admin_token: str, local: Path,
                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for i in range(50):
        (local / f"f{i}").write_text("x")
    calls = 0
    original = Local.list

    async def counting(self: Local, path: str):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return await original(self, path)

    monkeypatch.setattr(Local, "list", counting)
    envs = await asyncio.gather(*(listing(api, admin_token, "/local") for _ in range(8)))
    assert all(e["data"]["total"] == 50 for e in envs)
    assert calls == 1


async def test_listing_overtaken_by_a_write_is_not_kept(api: Api, client, admin_token: str) -> None:
    await add_storage(api, admin_token, "/mem", driver="Memory")
    fs = client.app[keys.FS]
    mount, _ = fs.resolve("/mem")
    original = mount.driver.list
    gate = asyncio.Event()

    async def slow(path: str):  # type: ignore[no-untyped-def]
        objs = await original(path)
        await gate.wait()
        return objs

    mount.driver.list = slow  # type: ignore[method-assign]
    pending = asyncio.create_task(listing(api, admin_token, "/mem"))
    await asyncio.sleep(0.05)
    assert (await put(client, admin_token, "/mem/new.txt", b"n"))["code"] == 200
    gate.set()
    await pending
    mount.driver.list = original  # type: ignore[method-assign]
    env = await listing(api, admin_token, "/mem")
    assert [c["name"] for c in env["data"]["content"]] == ["new.txt"]


async def test_writes_invalidate(api: Api, client, admin_token: str) -> None:
    await add_storage(api, admin_token, "/mem", driver="Memory")
    assert (await listing(api, admin_token, "/mem"))["data"]["content"] is None
    await put(client, admin_token, "/mem/a/b.txt", b"b")
    assert [c["name"] for c in (await listing(api, admin_token, "/mem"))["data"]["content"]] == ["a"]
    assert [c["name"] for c in (await listing(api, admin_token, "/mem/a"))["data"]["content"]] == ["b.txt"]
    await api.post("/api/fs/rename", {"path": "/mem/a/b.txt", "name": "c.txt"}, token=admin_token)
    assert [c["name"] for c in (await listing(api, admin_token, "/mem/a"))["data"]["content"]] == ["c.txt"]
    await api.post("/api/fs/mkdir", {"path": "/mem/z"}, token=admin_token)
    await api.post("/api/fs/move", {"src_dir": "/mem", "dst_dir": "/mem/z", "names": ["a"]}, token=admin_token)
    assert [c["name"] for c in (await listing(api, admin_token, "/mem"))["data"]["content"]] == ["z"]
    assert [c["name"] for c in (await listing(api, admin_token, "/mem/z/a"))["data"]["content"]] == ["c.txt"]
    await api.post("/api/fs/remove", {"dir": "/mem/z", "names": ["a"]}, token=admin_token)
    assert (await listing(api, admin_token, "/mem/z"))["data"]["content"] is None
    assert (await listing(api, admin_token, "/mem/z/a"))["code"] == 500
