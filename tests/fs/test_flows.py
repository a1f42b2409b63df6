"""Flows 4–6 of openlist-api.md §13, verbatim."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Api
from tests.fs.conftest import add_storage, put, sign_of


async def test_flow4_storage_upload_list_download(api: Api, client, admin_token: str, local: Path) -> None:
    env = await put(client, admin_token, "/local/a.txt", b"hello", headers={"Last-Modified": "1735689600000"},
                    quote_path=False)
    env = await put(client, admin_token, "%2Flocal%2Fa.txt", b"hello",
                    headers={"Last-Modified": "1735689600000"}, quote_path=False)
    assert env == {"code": 200, "message": "success", "data": None}
    assert (local / "a.txt").read_bytes() == b"hello"
    assert (local / "a.txt").stat().st_mtime == 1735689600
    env = await api.post("/api/fs/list", {"path": "/local"}, token=admin_token)
    assert env["code"] == 200, env
    item = env["data"]["content"][0]
    sign = sign_of(client, "/local/a.txt")
    assert {k: item[k] for k in ("name", "size", "is_dir", "type", "sign")} == \
        {"name": "a.txt", "size": 5, "is_dir": False, "type": 4, "sign": sign}
    async with client.get(f"/d/local/a.txt?sign={sign}") as resp:
        assert resp.status == 200
        assert await resp.read() == b"hello"
        assert resp.headers["Content-Disposition"].startswith("attachment;")
    async with client.get(f"/d/local/a.txt?sign={sign}", headers={"Range": "bytes=1-3"}) as resp:
        assert resp.status == 206
        assert await resp.read() == b"ell"
        assert resp.headers["Content-Range"] == "bytes 1-3/5"
    async with client.get("/d/local/a.txt?sign=bad:0") as resp:
        assert resp.status == 401
        assert "sign invalid" in await resp.text()
        assert resp.content_type == "text/html"
    async with client.get("/d/local/a.txt") as resp:
        assert resp.status == 401
        assert "expire missing" in await resp.text()


async def test_flow5_virtual_folders(api: Api, admin_token: str, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    await add_storage(api, admin_token, "/local", addition={"root_folder_path": str(tmp_path / "a")})
    await add_storage(api, admin_token, "/media/tv", addition={"root_folder_path": str(tmp_path / "b")})
    env = await api.post("/api/fs/list", {"path": "/"}, token=admin_token)
    content = env["data"]["content"]
    assert [c["name"] for c in content] == ["local", "media"]
    assert all(c["is_dir"] and c["type"] == 1 and c["sign"] == "" for c in content)
    env = await api.post("/api/fs/list", {"path": "/media"}, token=admin_token)
    assert [c["name"] for c in env["data"]["content"]] == ["tv"]
    env = await api.post("/api/fs/mkdir", {"path": "/media/x"}, token=admin_token)
    assert env == {"code": 500, "message": "failed get storage: storage not found; rawPath: /media/x", "data": None}


async def test_flow6_empty_folder(api: Api, admin_token: str, local: Path) -> None:
    (local / "empty").mkdir()
    env = await api.post("/api/fs/list", {"path": "/local/empty"}, token=admin_token)
    assert env["code"] == 200
    data = env["data"]
    assert data["content"] is None and data["total"] == 0 and data["provider"] == "unknown"
    env = await api.post("/api/fs/dirs", {"path": "/local/empty"}, token=admin_token)
    assert env == {"code": 200, "message": "success", "data": None}
