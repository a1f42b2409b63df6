"""/api/admin/storage/*, /api/admin/driver/* (§10.2, §10.3) and CLI changes picked up live."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import orjson

from openlist import keys
from tests.conftest import Api
from tests.fs.conftest import add_storage, listing


async def test_driver_catalogue(api: Api, admin_token: str) -> None:
    names = (await api.get("/api/admin/driver/names", token=admin_token))["data"]
    assert "Local" in names and "Memory" in names
    info = (await api.get("/api/admin/driver/info?driver=Local", token=admin_token))["data"]
    assert set(info) == {"common", "additional", "config"}
    assert [i["name"] for i in info["common"]][:3] == ["mount_path", "order", "remark"]
    assert info["common"][-1]["name"] == "enable_sign"
    additional = {i["name"]: i for i in info["additional"]}
    assert list(additional)[0] == "root_folder_path"
    assert additional["root_folder_path"]["required"] is True
    assert additional["show_hidden"] == {"name": "show_hidden", "type": "bool", "default": "true", "options": "",
                                         "required": False, "help": "list dot-files"}
    assert additional["recycle_bin_path"]["default"] == "delete permanently"
    assert info["config"]["name"] == "Local" and info["config"]["only_proxy"] is True
    everything = (await api.get("/api/admin/driver/list", token=admin_token))["data"]
    assert everything["Local"] == info
    env = await api.get("/api/admin/driver/info?driver=Nope", token=admin_token)
    assert env == {"code": 404, "message": "driver [Nope] not found", "data": None}


async def test_storage_crud(api: Api, admin_token: str, files: Path, tmp_path: Path) -> None:
    assert (await api.get("/api/admin/storage/list", token=admin_token))["data"] == {"content": [], "total": 0}
    env = await add_storage(api, admin_token, "local/", addition={"root_folder_path": str(files)}, remark="r")
    sid = env["data"]["id"]
    s = (await api.get(f"/api/admin/storage/get?id={sid}", token=admin_token))["data"]
    assert s["mount_path"] == "/local" and s["status"] == "work" and s["driver"] == "Local"
    addition = orjson.loads(s["addition"])
    assert list(addition)[:2] == ["root_folder_path", "directory_size"]  # declaration order, defaults filled
    assert addition["show_hidden"] is True and addition["root_folder_path"] == str(files)
    assert s["modified"] and s["webdav_policy"] == "native_proxy"
    other = tmp_path / "other"
    other.mkdir()
    (other / "o.txt").write_text("o")
    env = await api.post("/api/admin/storage/update", {**s, "mount_path": "/moved",
                                                       "addition": orjson.dumps({"root_folder_path": str(other)}).decode()},
                         token=admin_token)
    assert env["code"] == 200, env
    assert [c["name"] for c in (await listing(api, admin_token, "/moved"))["data"]["content"]] == ["o.txt"]
    env = await api.post("/api/admin/storage/update", {**s, "driver": "Memory"}, token=admin_token)
    assert env == {"code": 500, "message": "driver cannot be changed", "data": None}
    env = await api.post(f"/api/admin/storage/delete?id={sid}", token=admin_token)
    assert env["code"] == 200
    env = await listing(api, admin_token, "/moved")
    assert env["code"] == 500 and "storage not found" in env["message"]
    env = await api.post("/api/admin/storage/delete?id=abc", token=admin_token)
    assert env["code"] == 400


async def test_create_errors(api: Api, admin_token: str, tmp_path: Path) -> None:
    env = await add_storage(api, admin_token, "/x", driver="Nope", expect=500)
    assert env["message"] == "failed get driver new: no driver named: Nope"
    env = await add_storage(api, admin_token, "/bad", addition={"root_folder_path": str(tmp_path / "missing")},
                            expect=500)
    assert env["message"].startswith("failed init storage but storage is already created: failed init storage: "
                                     "root folder")
    sid = env["data"]["id"]
    s = (await api.get(f"/api/admin/storage/get?id={sid}", token=admin_token))["data"]
    assert "not exists" in s["status"]
    env = await listing(api, admin_token, "/bad")
    assert env["code"] == 500 and "not exists" in env["message"]
    (tmp_path / "missing").mkdir()
    assert (await api.post("/api/admin/storage/load_all", token=admin_token))["code"] == 200
    for _ in range(50):
        await asyncio.sleep(0.02)
        if (await listing(api, admin_token, "/bad"))["code"] == 200:
            break
    assert (await listing(api, admin_token, "/bad"))["code"] == 200


async def test_enable_disable(api: Api, admin_token: str, local: Path) -> None:
    sid = (await api.get("/api/admin/storage/list", token=admin_token))["data"]["content"][0]["id"]
    env = await api.post(f"/api/admin/storage/enable?id={sid}", token=admin_token)
    assert env == {"code": 500, "message": "this storage have enabled", "data": None}
    assert (await api.post(f"/api/admin/storage/disable?id={sid}", token=admin_token))["code"] == 200
    env = await api.post(f"/api/admin/storage/disable?id={sid}", token=admin_token)
    assert env == {"code": 500, "message": "this storage have disabled", "data": None}
    s = (await api.get(f"/api/admin/storage/get?id={sid}", token=admin_token))["data"]
    assert s["disabled"] is True and s["status"] == "disabled"
    assert (await listing(api, admin_token, "/local"))["code"] == 500
    assert (await api.post(f"/api/admin/storage/enable?id={sid}", token=admin_token))["code"] == 200
    assert (await listing(api, admin_token, "/local"))["code"] == 200


async def test_cli_changes_apply_on_next_request(api: Api, client, admin_token: str, local: Path) -> None:
    """`openlist storage disable|enable` writes SQLite directly; the server re-syncs (W8)."""
    db_file = client.app[keys.CONFIG].db_file
    assert (await listing(api, admin_token, "/local"))["code"] == 200

    def cli(disabled: int) -> None:
        conn = sqlite3.connect(db_file)
        conn.execute("UPDATE storages SET disabled = ?, status = ? WHERE mount_path = '/local'",
                     (disabled, "disabled" if disabled else ""))
        conn.commit()
        conn.close()

    await asyncio.to_thread(cli, 1)
    assert (await listing(api, admin_token, "/local"))["code"] == 500
    await asyncio.to_thread(cli, 0)
    assert (await listing(api, admin_token, "/local"))["code"] == 200
    s = (await api.get("/api/admin/storage/list", token=admin_token))["data"]["content"][0]
    assert s["status"] == "work"


async def test_storage_order_and_sorting(api: Api, admin_token: str, files: Path) -> None:
    for name, size in (("b", 3), ("a", 1), ("c", 2)):
        (files / name).write_bytes(b"x" * size)
    (files / "dir").mkdir()
    await add_storage(api, admin_token, "/s", addition={"root_folder_path": str(files)}, order_by="size",
                      order_direction="desc", extract_folder="back")
    env = await listing(api, admin_token, "/s")
    assert [c["name"] for c in env["data"]["content"]] == ["b", "c", "a", "dir"]


async def test_mount_details(api: Api, client, admin_token: str, local: Path) -> None:
    s = (await api.get("/api/admin/storage/list", token=admin_token))["data"]["content"][0]
    assert "mount_details" not in s
    env = await listing(api, admin_token, "/")
    assert "mount_details" not in env["data"]["content"][0]
    settings = client.app[keys.SETTINGS]
    await settings.set("hide_storage_details_in_manage_page", "false")
    await settings.set("hide_storage_details", "false")
    s = (await api.get("/api/admin/storage/list", token=admin_token))["data"]["content"][0]
    d = s["mount_details"]
    assert d["total_space"] > 0 and d["used_space"] + d["free_space"] == d["total_space"]
    env = await listing(api, admin_token, "/")
    assert env["data"]["content"][0]["mount_details"]["total_space"] == d["total_space"]
