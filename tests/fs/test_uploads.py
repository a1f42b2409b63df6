"""PUT /api/fs/put and /api/fs/form: headers, atomicity, concurrency, large streams (§7.9)."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import aiohttp
import pytest

from openlist import keys
from openlist.drivers.local import TEMP_PREFIX
from tests.conftest import Api
from tests.fs.conftest import listing, put, sign_of


@pytest.mark.parametrize("name", ["empty.txt", "a b c.txt", "视频 文件.mkv", "x+y=z&1.txt", "%41.txt"])
async def test_names(api: Api, client, admin_token: str, local: Path, name: str) -> None:
    data = b"" if name == "empty.txt" else name.encode()
    env = await put(client, admin_token, f"/local/dir/{name}", data)
    assert env == {"code": 200, "message": "success", "data": None}
    assert (local / "dir" / name).read_bytes() == data
    env = await listing(api, admin_token, "/local/dir")
    assert [(c["name"], c["size"]) for c in env["data"]["content"]] == [(name, len(data))]
    url = f"/d/local/dir/{quote(name)}?sign={sign_of(client, f'/local/dir/{name}')}"
    async with client.get(url) as resp:
        assert resp.status == 200 and await resp.read() == data


async def test_file_path_plus_is_kept(client, admin_token: str, local: Path) -> None:
    env = await put(client, admin_token, "/local/a+b%20c.txt", b"x", quote_path=False)
    assert env["code"] == 200
    assert (local / "a+b c.txt").exists()


async def test_overwrite_header_and_mtime(client, admin_token: str, local: Path) -> None:
    assert (await put(client, admin_token, "/local/f.txt", b"one"))["code"] == 200
    env = await put(client, admin_token, "/local/f.txt", b"two", headers={"Overwrite": "false"})
    assert env == {"code": 403, "message": "file exists", "data": None}
    assert (local / "f.txt").read_bytes() == b"one"
    env = await put(client, admin_token, "/local/f.txt", b"three", headers={"Last-Modified": "1600000000123"})
    assert env["code"] == 200 and (local / "f.txt").read_bytes() == b"three"
    assert (local / "f.txt").stat().st_mtime == pytest.approx(1600000000.123, abs=0.01)
    env = await put(client, admin_token, "/local/g.txt", b"g", headers={"Last-Modified": "not-a-number"})
    assert env["code"] == 200


async def test_bad_requests(client, admin_token: str, local: Path) -> None:
    async with client.put("/api/fs/put", data=b"x", headers={"Authorization": admin_token}) as resp:
        assert (await resp.json())["code"] == 400
    assert (await put(client, admin_token, "/", b"x"))["code"] in (400, 403)
    assert (await put(client, admin_token, "/local", b"x"))["code"] == 500  # a storage root is no file
    await client.app[keys.SETTINGS].set("ignore_system_files", "true")
    for name in (".DS_Store", "._x", "Thumbs.db"):
        env = await put(client, admin_token, f"/local/{name}", b"x")
        assert env == {"code": 403, "message": "system file upload ignored", "data": None}
    env = await put(client, admin_token, "/nowhere/x.txt", b"x")
    assert env == {"code": 500, "message": "failed get storage: storage not found; rawPath: /nowhere/x.txt",
                   "data": None}


async def test_connection_stays_usable_after_refusal(client, admin_token: str, local: Path) -> None:
    conn = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=conn) as session:
        url = client.make_url("/api/fs/put")
        hdrs = {"Authorization": admin_token, "File-Path": "/local/f.txt", "Overwrite": "false"}
        (local / "f.txt").write_text("keep")
        for _ in range(3):
            async with session.put(url, data=io.BytesIO(b"z" * 3_000_000), headers=hdrs) as resp:
                assert (await resp.json())["message"] == "file exists"
        async with session.get(client.make_url("/api/public/settings")) as resp:
            assert (await resp.json())["code"] == 200


async def test_form_upload(api: Api, client, admin_token: str, local: Path) -> None:
    form = aiohttp.FormData()
    form.add_field("other", "ignored")
    form.add_field("file", b"form-data", filename="f.bin", content_type="application/octet-stream")
    hdrs = {"Authorization": admin_token, "File-Path": quote("/local/up/表单 f.bin"), "Last-Modified": "1700000000000"}
    async with client.put("/api/fs/form", data=form, headers=hdrs) as resp:
        env = await resp.json()
    assert env["code"] == 200, env
    assert (local / "up" / "表单 f.bin").read_bytes() == b"form-data"
    assert (local / "up" / "表单 f.bin").stat().st_mtime == 1700000000


async def test_concurrent_uploads_one_folder(api: Api, client, admin_token: str, local: Path) -> None:
    async def one(i: int) -> dict:  # type: ignore[type-arg]
        return await put(client, admin_token, f"/local/many/f{i:02}.bin", bytes([i]) * (50_000 + i))

    envs = await asyncio.gather(*(one(i) for i in range(24)))
    assert all(e["code"] == 200 for e in envs)
    same = await asyncio.gather(*(put(client, admin_token, "/local/many/same.bin", bytes([i]) * 100_000)
                                  for i in range(8)))
    assert all(e["code"] == 200 for e in same)
    data = (local / "many" / "same.bin").read_bytes()
    assert len(data) == 100_000 and len(set(data)) == 1  # one whole upload won, never a mix
    for i in range(24):
        assert (local / "many" / f"f{i:02}.bin").read_bytes() == bytes([i]) * (50_000 + i)
    assert not [n for n in os.listdir(local / "many") if n.startswith(TEMP_PREFIX)]
    env = await listing(api, admin_token, "/local/many")
    assert env["data"]["total"] == 25


async def test_aborted_upload_leaves_nothing(client, admin_token: str, local: Path) -> None:
    (local / "keep.bin").write_bytes(b"old")
    for name in ("new.bin", "keep.bin"):
        reader, writer = await asyncio.open_connection(client.host, client.port)
        writer.write((f"PUT /api/fs/put HTTP/1.1\r\nHost: x\r\nAuthorization: {admin_token}\r\n"
                      f"File-Path: /local/{name}\r\nContent-Length: 10000000\r\n\r\n").encode() + b"a" * 300_000)
        await writer.drain()
        await asyncio.sleep(0.2)
        writer.close()
        await writer.wait_closed()
    for _ in range(50):
        await asyncio.sleep(0.05)
        if not [n for n in os.listdir(local) if n.startswith(TEMP_PREFIX)]:
            break
    assert sorted(os.listdir(local)) == ["keep.bin"]
    assert (local / "keep.bin").read_bytes() == b"old"


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
async def test_large_streamed_upload_and_download_in_constant_memory(client, admin_token: str, local: Path) -> None:
    size = 200 * 1024 * 1024
    block = b"\xab" * (1024 * 1024)
    peak = 0
    baseline = _rss()
    done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss())
            await asyncio.sleep(0.02)

    async def body() -> AsyncIterator[bytes]:
        for _ in range(size // len(block)):
            yield block

    sampler = asyncio.create_task(sample())
    env = await put(client, admin_token, "/local/big.bin", body())
    assert env["code"] == 200
    assert (local / "big.bin").stat().st_size == size
    got = 0
    async with client.get("/d/local/big.bin?sign=" + sign_of(client, "/local/big.bin")) as resp:
        assert resp.status == 200
        async for chunk in resp.content.iter_chunked(1024 * 1024):
            got += len(chunk)
    done.set()
    await sampler
    assert got == size
    assert peak - baseline < 64 * 1024 * 1024, f"RSS grew by {(peak - baseline) >> 20} MiB"


async def test_as_task_answers_with_a_finished_task(client, admin_token: str, local: Path) -> None:
    env = await put(client, admin_token, "/local/t/task.bin", b"12345", headers={"As-Task": "true"})
    assert env["code"] == 200, env
    task = env["data"]["task"]
    assert task["name"] == "upload task.bin to [/local](/t)"
    assert task["state"] == 2 and task["progress"] == 100.0 and task["total_bytes"] == 5
    assert task["creator"] == "admin" and task["error"] == ""
    assert (local / "t" / "task.bin").read_bytes() == b"12345"


async def test_upload_over_a_folder_or_under_a_file_fails_cleanly(api: Api, client, admin_token: str,
                                                                   local: Path) -> None:
    (local / "d").mkdir()
    (local / "d" / "keep.txt").write_text("k")
    (local / "f.txt").write_text("f")
    env = await put(client, admin_token, "/local/d", b"x")
    assert env["code"] == 500
    assert (local / "d" / "keep.txt").read_text() == "k"
    env = await put(client, admin_token, "/local/f.txt/child.txt", b"x")
    assert env["code"] == 500
    assert (local / "f.txt").read_text() == "f"
    assert not [n for n in os.listdir(local) if n.startswith(TEMP_PREFIX)]
    assert not [n for n in os.listdir(local / "d") if n.startswith(TEMP_PREFIX)]
    env = await listing(api, admin_token, "/local/f.txt")
    assert env["code"] == 500
