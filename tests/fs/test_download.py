"""/d and /p: signs (§8.1–8.2), Range and conditional requests (§8.5), error pages (§8.6)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from openlist import keys
from openlist.sign import make
from tests.conftest import Api
from tests.fs.conftest import add_storage, listing, put, sign_of

DATA = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
async def big(local: Path) -> Path:
    (local / "data.bin").write_bytes(DATA)
    (local / "zero.bin").write_bytes(b"")
    (local / "视频 1.mp4").write_bytes(b"video")
    return local


async def test_sign_vectors_from_the_contract() -> None:
    key = "openlist-test-token"
    assert make(key, "/local/a.txt", 0) == "ppBrj4cru4f0n7bUbxQFLotZgDPvCWbcjML4XeQqt5k=:0"
    assert make(key, "/local/a.txt", 1900000000) == "B-BxRsR1jTcCkSDktr3TP3LiucZ7t-ee7YGGVljVEDA=:1900000000"
    assert make(key, "/local/dir/视频 1.mp4", 0) == "9jXyK3BGF-i1xYrpjS3ZZqgr3PBgavImche7k8GbDEk=:0"
    assert make(key + "-archive", "/local/a.zip", 0) == "NZdxzBX1kgR2qyfuv4mBYDpz1xWePS49Dc6cwLrzSIA=:0"


async def _status(client, url: str, **kw) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    async with client.get(url, **kw) as resp:
        return resp.status, await resp.text(errors="replace")


@pytest.mark.parametrize("route", ["d", "p"])
async def test_sign_failures(client, big: Path, route: str) -> None:
    key = client.app[keys.SETTINGS].token
    good = sign_of(client, "/local/data.bin")
    cases = {
        "": "expire missing",
        "abc": "expire missing",
        "abc:": "expire missing",
        "abc:xyz": "expire invalid",
        make(key, "/local/data.bin", int(time.time()) - 10): "sign expired",
        good[:-4] + "AA=:0": "sign invalid",  # tampered
        sign_of(client, "/local/zero.bin"): "sign invalid",  # another path
        make("other-key", "/local/data.bin", 0): "sign invalid",
    }
    for sign, message in cases.items():
        status, text = await _status(client, f"/{route}/local/data.bin?sign={sign}")
        assert status == 401, (sign, status)
        assert message in text and "401 Unauthorized" in text
    status, _ = await _status(client, f"/{route}/local/data.bin?sign={good}")
    assert status == 200
    future = make(key, "/local/data.bin", int(time.time()) + 3600)
    assert (await _status(client, f"/{route}/local/data.bin?sign={future}"))[0] == 200
    assert (await _status(client, f"/{route}/local/data.bin?sign={good}/"))[0] == 200  # one trailing '/' trimmed


async def test_sign_all_off_and_enable_sign(api: Api, client, admin_token: str, big: Path, tmp_path: Path) -> None:
    await client.app[keys.SETTINGS].set("sign_all", "false")
    assert (await _status(client, "/d/local/data.bin"))[0] == 200
    env = await listing(api, admin_token, "/local")
    assert all(c["sign"] == "" for c in env["data"]["content"])
    other = tmp_path / "signed"
    other.mkdir()
    (other / "s.txt").write_text("s")
    await add_storage(api, admin_token, "/signed", addition={"root_folder_path": str(other)}, enable_sign=True)
    assert (await _status(client, "/d/signed/s.txt"))[0] == 401
    env = await listing(api, admin_token, "/signed")
    assert env["data"]["content"][0]["sign"] == sign_of(client, "/signed/s.txt")


async def test_link_expiration_setting(api: Api, client, admin_token: str, big: Path) -> None:
    await client.app[keys.SETTINGS].set("link_expiration", "2")
    env = await listing(api, admin_token, "/local")
    sign = env["data"]["content"][0]["sign"]
    exp = int(sign.rsplit(":", 1)[1])
    assert abs(exp - (time.time() + 7200)) < 60
    assert (await _status(client, f"/d/local/data.bin?sign={sign}"))[0] == 200


async def test_reset_token_changes_signs(api: Api, client, admin_token: str, big: Path) -> None:
    old = sign_of(client, "/local/data.bin")
    env = await api.post("/api/admin/setting/reset_token", token=admin_token)
    assert env["code"] == 200
    assert (await _status(client, f"/d/local/data.bin?sign={old}"))[0] == 401


async def test_headers_and_non_ascii_name(client, big: Path) -> None:
    path = "/local/视频 1.mp4"
    async with client.get("/d/local/%E8%A7%86%E9%A2%91%201.mp4?sign=" + sign_of(client, path)) as resp:
        assert resp.status == 200
        assert await resp.read() == b"video"
        cd = resp.headers["Content-Disposition"]
        assert cd == ("attachment; filename=\"%E8%A7%86%E9%A2%91%201.mp4\"; "
                      "filename*=utf-8''%E8%A7%86%E9%A2%91%201.mp4")
        assert resp.headers["Content-Type"] == "video/mp4"
        assert resp.headers["Accept-Ranges"] == "bytes"
        assert resp.headers.get("ETag")
        assert resp.headers.get("Last-Modified")


async def test_head(client, big: Path) -> None:
    async with client.head("/d/local/data.bin?sign=" + sign_of(client, "/local/data.bin")) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Length"] == str(len(DATA))
        assert await resp.read() == b""


@pytest.mark.parametrize("rng,status,expected,crange", [
    ("bytes=0-0", 206, DATA[:1], f"bytes 0-0/{len(DATA)}"),
    ("bytes=100-199", 206, DATA[100:200], f"bytes 100-199/{len(DATA)}"),
    ("bytes=-10", 206, DATA[-10:], f"bytes {len(DATA) - 10}-{len(DATA) - 1}/{len(DATA)}"),
    ("bytes=10000-", 206, DATA[10000:], f"bytes 10000-{len(DATA) - 1}/{len(DATA)}"),
    ("bytes=10000-999999", 206, DATA[10000:], f"bytes 10000-{len(DATA) - 1}/{len(DATA)}"),
    ("bytes=20000-20001", 416, None, f"bytes */{len(DATA)}"),
    ("bytes=5-1", 416, None, None),
    ("bytes=abc", 416, None, None),
])
async def test_ranges(client, big: Path, rng: str, status: int, expected: bytes | None, crange: str | None) -> None:
    url = "/d/local/data.bin?sign=" + sign_of(client, "/local/data.bin")
    async with client.get(url, headers={"Range": rng}) as resp:
        assert resp.status == status, await resp.text()
        if expected is not None:
            assert await resp.read() == expected
        if crange is not None:
            assert resp.headers["Content-Range"] == crange


async def test_conditionals(client, big: Path) -> None:
    url = "/d/local/data.bin?sign=" + sign_of(client, "/local/data.bin")
    async with client.get(url) as resp:
        etag, modified = resp.headers["ETag"], resp.headers["Last-Modified"]
    async with client.get(url, headers={"If-None-Match": etag}) as resp:
        assert resp.status == 304
    async with client.get(url, headers={"Range": "bytes=0-9", "If-Range": etag}) as resp:
        assert resp.status == 206
    async with client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"stale"'}) as resp:
        assert resp.status == 200 and len(await resp.read()) == len(DATA)
    async with client.get(url, headers={"If-Modified-Since": modified}) as resp:
        assert resp.status == 304
    async with client.get(url, headers={"If-Match": '"nope"'}) as resp:
        assert resp.status == 412


async def test_zero_byte_file_ignores_range(client, big: Path) -> None:
    url = "/d/local/zero.bin?sign=" + sign_of(client, "/local/zero.bin")
    for headers in ({}, {"Range": "bytes=0-10"}, {"Range": "bytes=5-"}):
        async with client.get(url, headers=headers) as resp:
            assert resp.status == 200 and await resp.read() == b""
            assert resp.headers["Content-Length"] == "0"


@pytest.mark.parametrize("route", ["local/data.bin", "mem/data.bin"])
async def test_multiple_ranges(api: Api, client, admin_token: str, big: Path, route: str) -> None:
    await add_storage(api, admin_token, "/mem", driver="Memory")
    assert (await put(client, admin_token, "/mem/data.bin", DATA))["code"] == 200
    url = f"/d/{route}?sign=" + sign_of(client, "/" + route)
    async with client.get(url, headers={"Range": "bytes=0-9, 100-104,-3"}) as resp:
        assert resp.status == 206
        ctype = resp.headers["Content-Type"]
        assert ctype.startswith("multipart/byteranges; boundary=")
        body = await resp.read()
        assert int(resp.headers["Content-Length"]) == len(body)
    boundary = ctype.split("boundary=")[1].encode()
    parts = [p for p in body.split(b"--" + boundary) if p.strip(b"\r\n-")]
    got = [(p.split(b"\r\n\r\n", 1)[0], p.split(b"\r\n\r\n", 1)[1][:-2]) for p in parts]
    size = len(DATA)
    assert [g[1] for g in got] == [DATA[0:10], DATA[100:105], DATA[-3:]]
    assert b"Content-Range: bytes 100-104/%d" % size in got[1][0]
    # more than the file in total → the whole file, 200
    async with client.get(url, headers={"Range": f"bytes=0-{size - 1},0-{size - 1}"}) as resp:
        assert resp.status == 200 and await resp.read() == DATA
    async with client.get(url, headers={"Range": f"bytes={size + 5}-{size + 9},{size + 20}-"}) as resp:
        assert resp.status == 416 and resp.headers["Content-Range"] == f"bytes */{size}"


async def test_error_pages(client, big: Path) -> None:
    status, text = await _status(client, "/d/local/missing.bin?sign=" + sign_of(client, "/local/missing.bin"))
    assert status == 500 and "object not found" in text and "<h1>500 Internal Server Error</h1>" in text
    status, text = await _status(client, "/d/nowhere/x?sign=" + sign_of(client, "/nowhere/x"))
    assert status == 500 and "storage not found" in text
    status, _ = await _status(client, "/d/local?sign=" + sign_of(client, "/local"))
    assert status == 500


async def test_memory_driver_download_and_range(api: Api, client, admin_token: str) -> None:
    await add_storage(api, admin_token, "/mem", driver="Memory")
    assert (await put(client, admin_token, "/mem/m.txt", b"0123456789"))["code"] == 200
    url = "/p/mem/m.txt?sign=" + sign_of(client, "/mem/m.txt")
    async with client.get(url) as resp:
        assert resp.status == 200 and await resp.read() == b"0123456789"
    async with client.get(url, headers={"Range": "bytes=2-4"}) as resp:
        assert resp.status == 206 and await resp.read() == b"234"
        assert resp.headers["Content-Range"] == "bytes 2-4/10"
    async with client.get(url, headers={"Range": "bytes=50-"}) as resp:
        assert resp.status == 416


async def test_max_client_download_speed(client, big: Path) -> None:
    await client.app[keys.SETTINGS].set("max_client_download_speed", str(40 * 1024))
    url = "/d/local/data.bin?sign=" + sign_of(client, "/local/data.bin")
    t0 = time.monotonic()
    async with client.get(url) as resp:
        assert resp.status == 200 and await resp.read() == DATA
        assert resp.headers["ETag"] and resp.headers["Content-Length"] == str(len(DATA))
    assert time.monotonic() - t0 >= 0.2  # 10 KiB at 40 KiB/s
    async with client.get(url, headers={"Range": "bytes=10-19"}) as resp:
        assert resp.status == 206 and await resp.read() == DATA[10:20]
        assert resp.headers["Content-Range"] == f"bytes 10-19/{len(DATA)}"
    async with client.head(url) as resp:  # HEAD is not limited
        assert resp.status == 200


async def test_down_proxy_url(api: Api, client, admin_token: str, tmp_path: Path) -> None:
    root = tmp_path / "dp"
    root.mkdir()
    (root / "a b.txt").write_text("x")
    await add_storage(api, admin_token, "/dp", addition={"root_folder_path": str(root)},
                      down_proxy_url="https://cdn.example/base/\nhttps://second.example")
    sign = sign_of(client, "/dp/a b.txt")
    env = await api.post("/api/fs/get", {"path": "/dp/a b.txt"}, token=admin_token)
    assert env["data"]["raw_url"] == f"https://cdn.example/base/dp/a%20b.txt?sign={sign}"
    async with client.get(f"/p/dp/a%20b.txt?sign={sign}", allow_redirects=False) as resp:
        assert resp.status == 302
        assert resp.headers["Location"] == f"https://cdn.example/base/dp/a%20b.txt?sign={sign}"
    async with client.get(f"/p/dp/a%20b.txt?d&sign={sign}", allow_redirects=False) as resp:
        assert resp.status == 200 and await resp.read() == b"x"
