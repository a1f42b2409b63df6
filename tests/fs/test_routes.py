"""Every /api/fs route over a real host folder and real HTTP."""

# ruff: noqa: ASYNC240 - tests inspect the host folder directly
from __future__ import annotations

from pathlib import Path

from tests.conftest import Api
from tests.fs.conftest import add_storage, listing, put, sign_of

ALL = 8 | 16 | 32 | 64 | 128


def names(env: dict) -> list[str]:  # type: ignore[type-arg]
    return [c["name"] for c in env["data"]["content"] or []]


async def test_list_pagination_order_and_shape(api: Api, admin_token: str, local: Path) -> None:
    for i in range(7):
        (local / f"f{i}.txt").write_text("x" * i)
    (local / "dir").mkdir()
    env = await listing(api, admin_token, "/local", page=2, per_page=3)
    assert env["data"]["total"] == 8
    assert names(env) == ["f2.txt", "f3.txt", "f4.txt"]
    env = await listing(api, admin_token, "/local", page=9, per_page=3)
    assert env["data"]["content"] is None and env["data"]["total"] == 8
    env = await listing(api, admin_token, "/local", page=0, per_page=0)
    assert names(env) == ["dir"] + [f"f{i}.txt" for i in range(7)]
    d = env["data"]
    assert set(d) == {"content", "total", "readme", "header", "write", "write_content_bypass", "provider"}
    folder = d["content"][0]
    assert folder["type"] == 1 and folder["sign"] == "" and folder["size"] == 0
    assert set(folder) == {"name", "size", "is_dir", "modified", "created", "sign", "thumb", "type", "hashinfo",
                           "hash_info"}
    assert folder["hashinfo"] == "null" and folder["hash_info"] is None
    # GET with query parameters works too (SDKs)
    env = await api.get("/api/fs/list?path=/local&per_page=2&page=1", token=admin_token)
    assert names(env) == ["dir", "f0.txt"]


async def test_list_sees_external_changes_and_refresh(api: Api, admin_token: str, local: Path) -> None:
    assert (await listing(api, admin_token, "/local"))["data"]["content"] is None
    (local / "new.txt").write_text("n")
    assert names(await listing(api, admin_token, "/local")) == ["new.txt"]
    env = await listing(api, admin_token, "/local", refresh=True)
    assert names(env) == ["new.txt"]


async def test_refresh_needs_write(api: Api, admin_token: str, local: Path) -> None:
    await api.create_user(admin_token, "reader", "pw-reader-1")
    token = await api.token("reader", "pw-reader-1")
    env = await listing(api, token, "/local", refresh=True)
    assert env == {"code": 403, "message": "Refresh without permission", "data": None}


async def test_get_file_folder_root_and_related(api: Api, client, admin_token: str, local: Path) -> None:
    (local / "movie.mp4").write_bytes(b"12345")
    (local / "movie.srt").write_text("sub")
    (local / "other.txt").write_text("o")
    env = await api.post("/api/fs/get", {"path": "/local/movie.mp4"}, token=admin_token)
    d = env["data"]
    assert d["name"] == "movie.mp4" and d["size"] == 5 and d["type"] == 2 and d["provider"] == "Local"
    sign = sign_of(client, "/local/movie.mp4")
    assert d["sign"] == sign
    assert d["raw_url"].endswith(f"/p/local/movie.mp4?sign={sign}")
    assert [r["name"] for r in d["related"]] == ["movie.srt"]
    async with client.get(d["raw_url"].split("://", 1)[1].split("/", 1)[1].join(["/", ""])) as resp:
        assert resp.status == 200 and await resp.read() == b"12345"
    env = await api.post("/api/fs/get", {"path": "/local/other.txt"}, token=admin_token)
    assert env["data"]["related"] is None
    env = await api.post("/api/fs/get", {"path": "/local"}, token=admin_token)
    assert env["data"]["is_dir"] and env["data"]["raw_url"] == ""
    env = await api.post("/api/fs/get", {"path": "/"}, token=admin_token)
    assert env["data"]["name"] == "root" and env["data"]["is_dir"]
    env = await api.post("/api/fs/get", {"path": "/local/nope.txt"}, token=admin_token)
    assert env["code"] == 500 and env["message"].endswith("object not found")


async def test_dirs_and_force_root(api: Api, admin_token: str, local: Path) -> None:
    (local / "d1").mkdir()
    (local / "f.txt").write_text("f")
    env = await api.post("/api/fs/dirs", {"path": "/local"}, token=admin_token)
    assert [d["name"] for d in env["data"]] == ["d1"]
    await api.create_user(admin_token, "u", "pw-user-123", base_path="/local", permission=ALL)
    token = await api.token("u", "pw-user-123")
    env = await api.post("/api/fs/dirs", {"path": "/", "force_root": True}, token=token)
    assert env == {"code": 403, "message": "Permission denied", "data": None}
    env = await api.post("/api/fs/dirs", {"path": "/"}, token=token)
    assert [d["name"] for d in env["data"]] == ["d1"]


async def test_mkdir(api: Api, admin_token: str, local: Path) -> None:
    env = await api.post("/api/fs/mkdir", {"path": "/local/x/y z/视频"}, token=admin_token)
    assert env["code"] == 200, env
    assert (local / "x" / "y z" / "视频").is_dir()
    assert names(await listing(api, admin_token, "/local/x")) == ["y z"]
    env = await api.post("/api/fs/mkdir", {"path": "/local/x"}, token=admin_token)
    assert env["code"] == 200
    (local / "file").write_text("f")
    env = await api.post("/api/fs/mkdir", {"path": "/local/file"}, token=admin_token)
    assert env["code"] == 500 and "file exists" in env["message"]


async def test_rename(api: Api, admin_token: str, local: Path) -> None:
    (local / "a.txt").write_text("a")
    (local / "b.txt").write_text("b")
    assert names(await listing(api, admin_token, "/local")) == ["a.txt", "b.txt"]
    env = await api.post("/api/fs/rename", {"path": "/local/a.txt", "name": "b.txt"}, token=admin_token)
    assert env == {"code": 403, "message": "file [b.txt] exists", "data": None}
    for bad in ("x/y", "..", "", ".", "a\\b"):
        env = await api.post("/api/fs/rename", {"path": "/local/a.txt", "name": bad}, token=admin_token)
        assert env == {"code": 403, "message": "using relative path is not allowed", "data": None}, bad
    env = await api.post("/api/fs/rename", {"path": "/local/a.txt", "name": "c d.txt"}, token=admin_token)
    assert env["code"] == 200
    assert names(await listing(api, admin_token, "/local")) == ["b.txt", "c d.txt"]
    env = await api.post("/api/fs/rename", {"path": "/local/c d.txt", "name": "b.txt", "overwrite": True},
                         token=admin_token)
    assert env["code"] == 200 and (local / "b.txt").read_text() == "a"
    env = await api.post("/api/fs/rename", {"path": "/local", "name": "x"}, token=admin_token)
    assert env == {"code": 500, "message": "rename root folder is not allowed", "data": None}


async def test_move_copy_same_storage(api: Api, admin_token: str, local: Path) -> None:
    (local / "src" / "sub").mkdir(parents=True)
    (local / "src" / "x.txt").write_text("x")
    (local / "src" / "sub" / "y.txt").write_text("y")
    (local / "dst").mkdir()
    assert names(await listing(api, admin_token, "/local/dst")) == []
    env = await api.post("/api/fs/copy", {"src_dir": "/local/src", "dst_dir": "/local/dst",
                                          "names": ["x.txt", "sub"]}, token=admin_token)
    assert env["data"] == {"message": "Copy operations completed immediately"}
    assert names(await listing(api, admin_token, "/local/dst")) == ["sub", "x.txt"]
    env = await api.post("/api/fs/copy", {"src_dir": "/local/src", "dst_dir": "/local/dst", "names": ["x.txt"]},
                         token=admin_token)
    assert env == {"code": 403, "message": "file [x.txt] exists", "data": None}
    env = await api.post("/api/fs/copy", {"src_dir": "/local/src", "dst_dir": "/local/dst", "names": ["x.txt"],
                                          "skip_existing": True}, token=admin_token)
    assert env["code"] == 200
    (local / "src" / "sub" / "z.txt").write_text("z")
    (local / "dst" / "sub" / "y.txt").write_text("changed")
    env = await api.post("/api/fs/copy", {"src_dir": "/local/src", "dst_dir": "/local/dst", "names": ["sub"],
                                          "merge": True}, token=admin_token)
    assert env["code"] == 200, env
    assert (local / "dst" / "sub" / "z.txt").read_text() == "z"
    assert (local / "dst" / "sub" / "y.txt").read_text() == "changed"  # merge skips existing files
    env = await api.post("/api/fs/move", {"src_dir": "/local/src", "dst_dir": "/local/dst", "names": ["x.txt"],
                                          "overwrite": True}, token=admin_token)
    assert env["data"] == {"message": "Move operations completed immediately"}
    assert names(await listing(api, admin_token, "/local/src")) == ["sub"]
    for op in ("move", "copy"):
        env = await api.post(f"/api/fs/{op}", {"src_dir": "/local/src", "dst_dir": "/local/dst", "names": []},
                             token=admin_token)
        assert env == {"code": 400, "message": "Empty file names", "data": None}
        env = await api.post(f"/api/fs/{op}", {"src_dir": "/local/src", "dst_dir": "/local/dst", "names": ["."]},
                             token=admin_token)
        assert env == {"code": 400, "message": "invalid file name [.]", "data": None}
        env = await api.post(f"/api/fs/{op}", {"src_dir": "/local/src", "dst_dir": "/local/src", "names": ["sub"]},
                             token=admin_token)
        assert env == {"code": 500, "message": f"{op} in place", "data": None}
    env = await api.post("/api/fs/move", {"src_dir": "/", "dst_dir": "/local/dst", "names": ["local"]},
                         token=admin_token)
    assert env == {"code": 500, "message": "move root folder is not allowed", "data": None}


async def test_move_copy_across_storages(api: Api, admin_token: str, local: Path) -> None:
    await add_storage(api, admin_token, "/mem", driver="Memory")
    (local / "tree" / "inner").mkdir(parents=True)
    (local / "tree" / "inner" / "deep.bin").write_bytes(b"\x00\x01" * 1000)
    (local / "top.txt").write_text("top")
    env = await api.post("/api/fs/copy", {"src_dir": "/local", "dst_dir": "/mem", "names": ["tree", "top.txt"]},
                         token=admin_token)
    assert env["code"] == 200, env
    assert names(await listing(api, admin_token, "/mem")) == ["top.txt", "tree"]
    env = await api.post("/api/fs/get", {"path": "/mem/tree/inner/deep.bin"}, token=admin_token)
    assert env["data"]["size"] == 2000
    env = await api.post("/api/fs/move", {"src_dir": "/mem", "dst_dir": "/local/tree", "names": ["top.txt"]},
                         token=admin_token)
    assert env["code"] == 200, env
    assert (local / "tree" / "top.txt").read_text() == "top"
    assert names(await listing(api, admin_token, "/mem")) == ["tree"]


async def test_remove(api: Api, admin_token: str, local: Path) -> None:
    (local / "d" / "sub").mkdir(parents=True)
    (local / "d" / "sub" / "f").write_text("f")
    (local / "g.txt").write_text("g")
    assert names(await listing(api, admin_token, "/local")) == ["d", "g.txt"]
    env = await api.post("/api/fs/remove", {"dir": "/local", "names": ["d", "g.txt", "missing"]}, token=admin_token)
    assert env["code"] == 200
    assert list(local.iterdir()) == []
    assert (await listing(api, admin_token, "/local"))["data"]["content"] is None
    env = await api.post("/api/fs/remove", {"dir": "/local", "names": []}, token=admin_token)
    assert env == {"code": 400, "message": "Empty file names", "data": None}
    (local / "keep").write_text("k")
    env = await api.post("/api/fs/remove", {"dir": "/local", "names": [""]}, token=admin_token)  # W14
    assert env == {"code": 400, "message": "invalid file name []", "data": None}
    assert (local / "keep").exists()
    env = await api.post("/api/fs/remove", {"dir": "/", "names": ["local"]}, token=admin_token)
    assert env == {"code": 500, "message": "delete root folder is not allowed", "data": None}


async def test_batch_and_regex_rename(api: Api, admin_token: str, local: Path) -> None:
    for n in ("a.txt", "b.txt", "c.log"):
        (local / n).write_text(n)
    env = await api.post("/api/fs/batch_rename", {"src_dir": "/local", "rename_objects": [
        {"src_name": "a.txt", "new_name": "a1.txt"}, {"src_name": "", "new_name": "skip"}]}, token=admin_token)
    assert env["code"] == 200, env
    env = await api.post("/api/fs/batch_rename", {"src_dir": "/local", "rename_objects": [
        {"src_name": "b.txt", "new_name": "../b.txt"}]}, token=admin_token)
    assert env["code"] == 403
    env = await api.post("/api/fs/regex_rename", {"src_dir": "/local", "src_name_regex": r"^(?P<stem>.*)\.txt$",
                                                  "new_name_regex": "${stem}-$1.md"}, token=admin_token)
    assert env["code"] == 200, env
    assert sorted(p.name for p in local.iterdir()) == ["a1-a1.md", "b-b.md", "c.log"]
    assert names(await listing(api, admin_token, "/local")) == ["a1-a1.md", "b-b.md", "c.log"]


async def test_recursive_move_and_remove_empty(api: Api, admin_token: str, local: Path) -> None:
    (local / "src" / "a" / "b").mkdir(parents=True)
    (local / "src" / "a" / "1.txt").write_text("1")
    (local / "src" / "a" / "b" / "2.txt").write_text("2")
    (local / "src" / "empty" / "deeper").mkdir(parents=True)
    (local / "dst").mkdir()
    (local / "dst" / "2.txt").write_text("old")
    env = await api.post("/api/fs/recursive_move", {"src_dir": "/local/src", "dst_dir": "/local/dst",
                                                    "conflict_policy": "cancel"}, token=admin_token)
    assert env == {"code": 403, "message": "file [2.txt] exists", "data": None}
    env = await api.post("/api/fs/recursive_move", {"src_dir": "/local/src", "dst_dir": "/local/dst",
                                                    "conflict_policy": "overwrite"}, token=admin_token)
    assert env == {"code": 200, "message": "Successfully moved 2 files", "data": None}
    assert (local / "dst" / "2.txt").read_text() == "2"
    env = await api.post("/api/fs/remove_empty_directory", {"src_dir": "/local/src"}, token=admin_token)
    assert env["code"] == 200
    assert list((local / "src").iterdir()) == []
    (local / "src" / "one.txt").write_text("1")
    env = await api.post("/api/fs/recursive_move", {"src_dir": "/local/src", "dst_dir": "/local/dst",
                                                    "conflict_policy": "skip"}, token=admin_token)
    assert env["message"] == "Successfully moved 1 file"


async def test_permission_bits(api: Api, admin_token: str, local: Path) -> None:
    (local / "f.txt").write_text("f")
    await api.create_user(admin_token, "nobits", "pw-nobits-1")
    token = await api.token("nobits", "pw-nobits-1")
    denied = {"code": 403, "message": "permission denied", "data": None}
    assert await api.post("/api/fs/mkdir", {"path": "/local/x"}, token=token) == denied
    assert await api.post("/api/fs/rename", {"path": "/local/f.txt", "name": "g"}, token=token) == denied
    assert await api.post("/api/fs/move", {"src_dir": "/local", "dst_dir": "/local/x", "names": ["f.txt"]},
                          token=token) == denied
    assert await api.post("/api/fs/copy", {"src_dir": "/local", "dst_dir": "/local/x", "names": ["f.txt"]},
                          token=token) == denied
    assert await api.post("/api/fs/remove", {"dir": "/local", "names": ["f.txt"]}, token=token) == denied
    assert await put(api.client, token, "/local/new.txt", b"n") == denied
    assert sorted(p.name for p in local.iterdir()) == ["f.txt"]


async def test_storage_with_vanished_root(api: Api, admin_token: str, tmp_path: Path) -> None:
    root = tmp_path / "gone"
    root.mkdir()
    await add_storage(api, admin_token, "/gone", addition={"root_folder_path": str(root)})
    root.rmdir()
    env = await listing(api, admin_token, "/gone")
    assert env["code"] == 500
    env = await listing(api, admin_token, "/")
    assert names(env) == ["gone"]


async def test_fs_link_admin_only(api: Api, client, admin_token: str, local: Path) -> None:
    (local / "a.txt").write_text("hello")
    env = await api.post("/api/fs/link", {"path": "/local/a.txt"}, token=admin_token)
    assert env["code"] == 200, env
    data = env["data"]
    assert set(data) == {"url", "header", "Expiration", "concurrency", "part_size", "content_length"}
    assert data["url"].endswith(f"/p/local/a.txt?d&sign={sign_of(client, '/local/a.txt')}")
    await api.create_user(admin_token, "u", "pw-user-123", permission=ALL)
    token = await api.token("u", "pw-user-123")
    env = await api.post("/api/fs/link", {"path": "/local/a.txt"}, token=token)
    assert env == {"code": 403, "message": "You are not an admin", "data": None}


async def test_service_children_and_stat(api: Api, client, admin_token: str, local: Path, tmp_path: Path) -> None:
    """The object-level API other surfaces (WebDAV, the web app) build on."""
    from openlist import keys
    from openlist.auth.identity import Identity
    from openlist.db import users

    (local / "d").mkdir()
    (local / "f.txt").write_text("f")
    (tmp_path / "tv").mkdir()
    await add_storage(api, admin_token, "/media/tv", addition={"root_folder_path": str(tmp_path / "tv")})
    fs = client.app[keys.FS]
    admin = Identity(await users.first_with_role(client.app[keys.DB], users.ROLE_ADMIN), "session")
    assert [(o.name, o.is_dir) for o in await fs.children(admin, "/")] == [("local", True), ("media", True)]
    assert [o.name for o in await fs.children(admin, "/local")] == ["d", "f.txt"]
    assert (await fs.stat(admin, "/local/f.txt")).size == 1
    assert (await fs.stat(admin, "/media")).is_dir
    mount, link = await fs.link("/local/f.txt")
    assert link.size == 1 and mount.path == "/local"


async def test_app_password_scope_and_read_only(api: Api, client, admin_token: str, local: Path) -> None:
    """Identities from app passwords (issue 4) carry a path scope and may be read-only."""
    import pytest

    from openlist import keys
    from openlist.auth.identity import Identity
    from openlist.db import users
    from openlist.errors import Forbidden

    (local / "pub").mkdir()
    (local / "pub" / "a.txt").write_text("a")
    (local / "other").mkdir()
    fs = client.app[keys.FS]
    admin = await users.first_with_role(client.app[keys.DB], users.ROLE_ADMIN)
    scoped = Identity(admin, "app_password", scope_path="/local/pub", read_only=True)
    assert [o.name for o in await fs.children(scoped, "/local/pub")] == ["a.txt"]
    with pytest.raises(Forbidden):
        await fs.list(scoped, "/local/other")
    with pytest.raises(Forbidden):
        await fs.get(scoped, "/local")
    with pytest.raises(Forbidden):
        await fs.dirs(scoped, "/", force_root=True)
    for call in (fs.mkdir(scoped, "/local/pub/x"), fs.rename(scoped, "/local/pub/a.txt", "b.txt"),
                 fs.remove(scoped, "/local/pub", ["a.txt"]),
                 fs.copy(scoped, "/local/pub", "/local/pub/x", ["a.txt"]),
                 fs.list(scoped, "/local/pub", refresh=True)):
        with pytest.raises(Forbidden):
            await call
    with pytest.raises(Forbidden):
        fs.check_upload(scoped, "/local/pub/up.txt", form=False)
    writer = Identity(admin, "app_password", scope_path="/local/pub")
    await fs.mkdir(writer, "/local/pub/x")
    assert (local / "pub" / "x").is_dir()


async def test_copy_a_whole_storage_into_another(api: Api, admin_token: str, local: Path) -> None:
    await add_storage(api, admin_token, "/mem", driver="Memory")
    (local / "x.txt").write_text("x")
    env = await api.post("/api/fs/copy", {"src_dir": "/", "dst_dir": "/mem", "names": ["local"]}, token=admin_token)
    assert env["code"] == 200, env
    assert names(await listing(api, admin_token, "/mem/local")) == ["x.txt"]


async def test_recursive_move_cancels_on_clashing_sources(api: Api, admin_token: str, local: Path) -> None:
    (local / "src" / "a").mkdir(parents=True)
    (local / "src" / "b").mkdir()
    (local / "src" / "a" / "same.txt").write_text("a")
    (local / "src" / "b" / "same.txt").write_text("b")
    (local / "dst").mkdir()
    env = await api.post("/api/fs/recursive_move", {"src_dir": "/local/src", "dst_dir": "/local/dst"},
                         token=admin_token)
    assert env == {"code": 403, "message": "file [same.txt] exists", "data": None}
    assert (local / "src" / "a" / "same.txt").exists() and (local / "src" / "b" / "same.txt").exists()
