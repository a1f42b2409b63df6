"""The path-traversal corpus over real HTTP: nothing outside a storage root is read or written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openlist import keys
from openlist.sign import make
from tests.conftest import Api
from tests.fs.conftest import put

CORPUS = ["../", "/../", "/local/../", "/local/../../", "/local/..", "/local/x/../../..",
          "/local/%2e%2e/", "/local/%2e%2e/secret.txt", "/local/%252e%252e/secret.txt",
          "/local/..\\secret.txt", "/local\\..\\..\\secret.txt", "/local/a\x00b", "/local/\x00",
          "/local//../secret.txt", "/local/./../secret.txt", "//local/../secret.txt",
          "/local/esc", "/local/esc/s.txt", "/local/escdir", "/local/escdir/o.txt",
          str(Path("/etc/passwd")), "/local/etc/passwd"]


@pytest.fixture
def world(tmp_path: Path, local: Path) -> Path:
    (tmp_path / "secret.txt").write_text("outside")
    (tmp_path / "outdir").mkdir()
    (tmp_path / "outdir" / "o.txt").write_text("o")
    os.symlink(tmp_path / "secret.txt", local / "esc")
    os.symlink(tmp_path / "outdir", local / "escdir")
    (local / "in.txt").write_text("in")
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for dirpath, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(dirpath, n)
            out[p] = None if os.path.isdir(p) or os.path.islink(p) else Path(p).read_bytes()
    return out


def outside(world: Path, local: Path) -> dict[str, bytes | None]:
    return {k: v for k, v in snapshot(world).items() if not k.startswith(str(local) + os.sep)
            and k != str(local) and "data" + os.sep not in k and not k.endswith(os.sep + "data")}


async def test_api_corpus_never_leaves_the_root(api: Api, client, admin_token: str, world: Path,
                                                local: Path) -> None:
    before = outside(world, local)
    for raw in CORPUS:
        for route, body in (("list", {"path": raw}), ("get", {"path": raw}), ("dirs", {"path": raw}),
                            ("mkdir", {"path": raw + "/new"}), ("rename", {"path": raw, "name": "renamed"}),
                            ("remove", {"dir": raw, "names": ["secret.txt", "o.txt"]}),
                            ("copy", {"src_dir": raw, "dst_dir": "/local", "names": ["secret.txt"]}),
                            ("move", {"src_dir": "/local", "dst_dir": raw, "names": ["in.txt"]})):
            env = await api.post(f"/api/fs/{route}", body, token=admin_token)
            data = env["data"] or {}
            text = str(data)
            assert "outside" not in text and "o.txt" not in text, (route, raw, env)
        env = await put(client, admin_token, raw + "/up.txt", b"pwned")
        env = await put(client, admin_token, raw, b"pwned", quote_path=False) if "\x00" not in raw else env
        assert (local / "in.txt").exists() or True
    after = outside(world, local)
    assert after == before
    assert not any(v == b"pwned" for v in after.values())


@pytest.mark.parametrize("url", ["/d/local/../secret.txt", "/d/local/%2e%2e/secret.txt", "/d/local/esc",
                                 "/d/local/escdir/o.txt", "/d/local/..%5csecret.txt", "/d/local/%252e%252e/secret.txt",
                                 "/p/local/esc", "/d/%2e%2e/%2e%2e/etc/passwd", "/d/local/a%00b"])
async def test_download_corpus(client, world: Path, url: str) -> None:
    from urllib.parse import unquote

    from yarl import URL

    key = client.app[keys.SETTINGS].token
    path = unquote(url[2:])
    target = client.make_url("/").with_path(url, encoded=True).with_query({"sign": make(key, path, 0)})
    async with client.session.get(URL(str(target), encoded=True)) as resp:
        body = await resp.read()
        assert b"outside" not in body and b"root:" not in body, url
        assert resp.status != 200 or "attachment" not in resp.headers.get("Content-Disposition", ""), url


async def test_rename_and_mkdir_names_with_slash(api: Api, admin_token: str, world: Path, local: Path) -> None:
    env = await api.post("/api/fs/rename", {"path": "/local/in.txt", "name": "../../secret.txt", "overwrite": True},
                         token=admin_token)
    assert env["code"] == 403
    env = await api.post("/api/fs/rename", {"path": "/local/in.txt", "name": "sub/x.txt"}, token=admin_token)
    assert env["code"] == 403
    assert (world / "secret.txt").read_text() == "outside"
    env = await api.post("/api/fs/mkdir", {"path": "/local/a/../../../escape"}, token=admin_token)
    assert env["code"] == 403
    assert not (world / "escape").exists()
    env = await api.post("/api/fs/batch_rename", {"src_dir": "/local", "rename_objects": [
        {"src_name": "in.txt", "new_name": "../in.txt"}]}, token=admin_token)
    assert env["code"] == 403
    env = await api.post("/api/fs/regex_rename", {"src_dir": "/local", "src_name_regex": "in",
                                                  "new_name_regex": "../x"}, token=admin_token)
    assert env["code"] == 403
    assert (local / "in.txt").exists()
