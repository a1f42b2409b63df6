"""WebDAV fixtures: the real app on 127.0.0.1, a Local storage at /local (created through the
admin API on a tmp folder), users with the WebDAV bits, and a raw-request helper.

    async def test_x(dav, local):
        async with dav.request("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "1"}) as r:
            assert r.status == 207
"""

from __future__ import annotations

import asyncio
import base64
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient

from openlist.auth import totp
from tests.conftest import Api
from tests.twofa.conftest import Clock

BIT = {name: 1 << i for i, name in enumerate(
    ["see_hides", "no_password", "offline", "write", "rename", "move", "copy", "delete", "webdav_read",
     "webdav_manage"])}
FILE_BITS = BIT["write"] | BIT["rename"] | BIT["move"] | BIT["copy"] | BIT["delete"]
WRITER_PERMISSION = FILE_BITS | BIT["webdav_read"] | BIT["webdav_manage"]
READER_PERMISSION = FILE_BITS | BIT["webdav_read"]


@dataclass(frozen=True)
class Cred:
    username: str
    password: str

    def header(self) -> str:
        return "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()


WRITER = Cred("davw", "davw-pass-1")
READER = Cred("davr", "davr-pass-1")
NODAV = Cred("nodav", "nodav-pass-1")


class Dav:
    """Raw WebDAV requests against the test server."""

    writer, reader, nodav = WRITER, READER, NODAV

    def __init__(self, client: TestClient, api: Api) -> None:
        self.client, self.api = client, api

    @property
    def base(self) -> str:
        return str(self.client.make_url("/dav")).rstrip("/")

    def request(self, method: str, path: str, *, user: Cred | None = None, headers: dict[str, str] | None = None,
                **kw: Any) -> Any:
        hdrs = dict(headers or {})
        if user is not None:
            hdrs["Authorization"] = user.header()
        return self.client.request(method, path, headers=hdrs, **kw)

    async def status(self, method: str, path: str, **kw: Any) -> int:
        async with self.request(method, path, **kw) as resp:
            await resp.read()
            return resp.status


def names(folder: Path) -> list[str]:
    """The sorted entry names of a host folder (sync: tests call it between requests)."""
    return sorted(p.name for p in folder.iterdir())


def read(file: Path) -> bytes:
    return file.read_bytes()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The TOTP clock of tests/twofa (2FA enrolment in the auth tests)."""
    c = Clock()
    monkeypatch.setattr(totp, "now", lambda: c.t)
    return c


@pytest.fixture
def files(tmp_path: Path) -> Path:
    root = tmp_path / "files"
    root.mkdir()
    return root


async def add_storage(api: Api, token: str, mount_path: str, root: Path, **fields: Any) -> None:
    body = {"mount_path": mount_path, "driver": "Local",
            "addition": orjson.dumps({"root_folder_path": str(root)}).decode(), **fields}
    env = await api.post("/api/admin/storage/create", body, token=token)
    assert env["code"] == 200, env


@pytest.fixture
async def dav(client: TestClient, api: Api, admin_token: str) -> Dav:
    await api.create_user(admin_token, WRITER.username, WRITER.password, permission=WRITER_PERMISSION)
    await api.create_user(admin_token, READER.username, READER.password, permission=READER_PERMISSION)
    await api.create_user(admin_token, NODAV.username, NODAV.password, permission=FILE_BITS)
    return Dav(client, api)


@pytest.fixture
async def local(api: Api, admin_token: str, files: Path) -> Path:
    """`files` mounted at /local."""
    await add_storage(api, admin_token, "/local", files)
    return files


# ------------------------------------------------------------------------------------ rclone
@dataclass
class Rclone:
    exe: str
    url: str

    async def run(self, cred: Cred, *args: str, check: bool = True) -> tuple[int, str, str]:
        obscured = await self._exec("obscure", cred.password)
        cmd = [args[0], "--webdav-url", self.url, "--webdav-vendor", "other", "--webdav-user", cred.username,
               "--webdav-pass", obscured[1].strip(), "--config", "/dev/null", "--low-level-retries", "1",
               "--retries", "1", *args[1:]]
        rc, out, err = await self._exec(*cmd)
        if check:
            assert rc == 0, f"rclone {' '.join(args)} → {rc}\n{err}"
        return rc, out, err

    async def _exec(self, *args: str) -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(self.exe, *args, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(proc.communicate(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise
        return proc.returncode or 0, out.decode(), err.decode()


@pytest.fixture
def rclone(dav: Dav) -> Rclone:
    exe = shutil.which("rclone")
    assert exe is not None, "rclone is not installed (scripts/install installs it from Debian)"
    return Rclone(exe, dav.base)
