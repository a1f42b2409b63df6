"""Fixtures for the file API: a real host folder mounted as Local at /local, upload helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
import pytest
from aiohttp.test_utils import TestClient

from openlist import keys
from tests.conftest import Api


@pytest.fixture
def files(tmp_path: Path) -> Path:
    root = tmp_path / "files"
    root.mkdir()
    return root


async def add_storage(api: Api, token: str, mount_path: str, driver: str = "Local",
                      expect: int = 200, **fields: Any) -> dict[str, Any]:
    addition = fields.pop("addition", {})
    body = {"mount_path": mount_path, "driver": driver, "addition": orjson.dumps(addition).decode(), **fields}
    env = await api.post("/api/admin/storage/create", body, token=token)
    assert env["code"] == expect, env
    return env


@pytest.fixture
async def local(api: Api, admin_token: str, files: Path) -> AsyncIterator[Path]:
    """`files` mounted at /local."""
    await add_storage(api, admin_token, "/local", addition={"root_folder_path": str(files)})
    yield files


async def put(client: TestClient, token: str, path: str, data: Any = b"", *, headers: dict[str, str] | None = None,
              quote_path: bool = True) -> dict[str, Any]:
    hdrs = {"Authorization": token, "File-Path": quote(path, safe="") if quote_path else path, **(headers or {})}
    async with client.put("/api/fs/put", data=data, headers=hdrs) as resp:
        assert resp.status == 200
        env: dict[str, Any] = await resp.json()
        return env


async def listing(api: Api, token: str, path: str, **body: Any) -> dict[str, Any]:
    env = await api.post("/api/fs/list", {"path": path, **body}, token=token)
    return env


def sign_of(client: TestClient, path: str) -> str:
    from openlist.sign import make

    return make(client.app[keys.SETTINGS].token, path, 0)  # type: ignore[index]


async def enable_guest(api: Api, token: str, permission: int = 0, base_path: str = "/") -> None:
    users = (await api.get("/api/admin/user/list", token=token))["data"]["content"]
    guest = next(u for u in users if u["role"] == 1)
    env = await api.post("/api/admin/user/update", {**guest, "disabled": False, "permission": permission,
                                                    "base_path": base_path}, token=token)
    assert env["code"] == 200, env


async def add_meta(api: Api, token: str, expect: int = 200, **fields: Any) -> dict[str, Any]:
    env = await api.post("/api/admin/meta/create", fields, token=token)
    assert env["code"] == expect, env
    return env
