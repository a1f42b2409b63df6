"""Traversal attempts in the URL and in Destination never leave the user's root (§4.4).

Requests go out over a raw socket so that no client library normalises the path first."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.conftest import Api
from tests.dav.conftest import WRITER_PERMISSION, Cred, Dav, names, read

URL_ATTACKS = [
    "/dav/../../secret.txt", "/dav/local/../../secret.txt", "/dav/local/%2e%2e/secret.txt",
    "/dav/local/%2E%2E/%2E%2E/secret.txt", "/dav/local/..%2fsecret.txt", "/dav/local/..%5csecret.txt",
    "/dav/local/..\\secret.txt", "/dav/local/%2e%2e%2f%2e%2e%2fsecret.txt", "/dav/local/a/%00/../secret.txt",
    "/dav/local/./../secret.txt", "/dav//local/..//..//secret.txt",
]


async def raw(dav: Dav, method: str, target: str, cred: Cred, headers: dict[str, str] | None = None,
              body: bytes = b"") -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", dav.client.port)
    head = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{dav.client.port}", f"Authorization: {cred.header()}",
            f"Content-Length: {len(body)}", "Connection: close", *(f"{k}: {v}" for k, v in (headers or {}).items())]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""


@pytest.fixture
def outside(files: Path) -> Path:
    secret = files.parent / "secret.txt"
    secret.write_bytes(b"TOP-SECRET")
    return secret


@pytest.mark.parametrize("target", URL_ATTACKS)
async def test_url_traversal(dav: Dav, local: Path, outside: Path, target: str) -> None:
    (local / "a").mkdir()
    for method in ("GET", "PROPFIND"):
        status, body = await raw(dav, method, target, dav.writer, {"Depth": "1"})
        assert b"TOP-SECRET" not in body and b"secret.txt" not in body, (method, target, status)
        assert status == 403, (method, target, status)  # '..' after decoding: refused, never resolved
    status, _ = await raw(dav, "PUT", target, dav.writer, body=b"OWNED")
    assert status in (400, 403, 404, 405, 409), (target, status)
    status, _ = await raw(dav, "DELETE", target, dav.writer)
    assert status in (400, 403, 404, 405), (target, status)
    assert read(outside) == b"TOP-SECRET"
    assert names(outside.parent) == ["data", "files", "secret.txt"]


DEST_ATTACKS = [
    "/dav/local/../../escaped.txt", "/dav/local/%2e%2e/%2e%2e/escaped.txt", "/dav/local/..%2f..%2fescaped.txt",
    "/dav/local/..%5c..%5cescaped.txt", "/dav/../escaped.txt", "/dav/%2e%2e/escaped.txt",
    "/dav/local/%00/escaped.txt", "http://127.0.0.1:{port}/dav/local/../../escaped.txt",
    "http://127.0.0.1:{port}/dav/local/%2e%2e/%2e%2e/escaped.txt", "/dav/..%2F..%2Fescaped.txt",
]


@pytest.mark.parametrize("dest", DEST_ATTACKS)
async def test_destination_traversal(dav: Dav, local: Path, outside: Path, dest: str) -> None:
    (local / "f.txt").write_bytes(b"payload")
    header = {"Destination": dest.format(port=dav.client.port)}
    for method in ("COPY", "MOVE"):
        status, _ = await raw(dav, method, "/dav/local/f.txt", dav.writer, header)
        assert status == 403, (method, dest, status)
    assert read(local / "f.txt") == b"payload"
    assert names(outside.parent) == ["data", "files", "secret.txt"]
    assert names(local) == ["f.txt"]


async def test_base_path_user_cannot_leave_home(dav: Dav, api: Api, admin_token: str, local: Path) -> None:
    (local / "home").mkdir()
    (local / "other").mkdir()
    (local / "other" / "private.txt").write_bytes(b"PRIVATE")
    (local / "home" / "mine.txt").write_bytes(b"mine")
    await api.create_user(admin_token, "homed", "homed-pass", base_path="/local/home", permission=WRITER_PERMISSION)
    h = Cred("homed", "homed-pass")
    for target in ("/dav/../other/private.txt", "/dav/%2e%2e/other/private.txt", "/dav/..%2fother%2fprivate.txt"):
        status, body = await raw(dav, "GET", target, h)
        assert status in (400, 403, 404) and b"PRIVATE" not in body, (target, status)
    for dest in ("/dav/../other/stolen.txt", "/dav/%2e%2e/other/stolen.txt", "/dav/..%2Fother%2Fstolen.txt"):
        status, _ = await raw(dav, "COPY", "/dav/mine.txt", h, {"Destination": dest})
        assert status in (400, 403, 404, 409, 502), (dest, status)
    assert names(local / "other") == ["private.txt"]
    # /dav/other inside the home is just a missing folder there, never the sibling
    status, body = await raw(dav, "GET", "/dav/other/private.txt", h)
    assert status == 404 and b"PRIVATE" not in body
