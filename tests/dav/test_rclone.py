"""A real WebDAV client against the server: rclone (Debian's package) with an on-the-fly
`:webdav:` remote — mkdir, upload a tree, list it, download it back, move, delete."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Api
from tests.dav.conftest import WRITER_PERMISSION, Cred, Dav, Rclone, names, read
from tests.twofa.conftest import Clock, enrol


def make_tree(root: Path) -> dict[str, bytes]:
    content = {"a.txt": b"alpha\n", "sub dir/b 空格.bin": bytes(range(256)) * 300, "sub dir/deep/c.md": b"# c\n",
               "empty.dat": b"", "100%#?.txt": b"odd name"}
    for rel, data in content.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return content


async def test_rclone_round_trip(dav: Dav, rclone: Rclone, local: Path, tmp_path: Path) -> None:
    src, back = tmp_path / "src", tmp_path / "back"
    src.mkdir()
    content = make_tree(src)
    w = dav.writer
    await rclone.run(w, "mkdir", ":webdav:local/up")
    await rclone.run(w, "copy", str(src), ":webdav:local/up")
    for rel, data in content.items():
        assert read(local / "up" / rel) == data, rel
    _, out, _ = await rclone.run(w, "lsjson", "-R", ":webdav:local/up")
    listed = {e["Path"]: e for e in json.loads(out)}
    assert {p for p, e in listed.items() if not e["IsDir"]} == set(content)
    assert listed["sub dir/b 空格.bin"]["Size"] == 256 * 300 and listed["sub dir"]["IsDir"]
    await rclone.run(w, "copy", ":webdav:local/up", str(back))
    for rel, data in content.items():
        assert read(back / rel) == data, rel
    # server-side move and rename, single-file delete, purge
    await rclone.run(w, "moveto", ":webdav:local/up/a.txt", ":webdav:local/up/sub dir/renamed.txt")
    assert read(local / "up" / "sub dir" / "renamed.txt") == b"alpha\n" and not (local / "up" / "a.txt").exists()
    await rclone.run(w, "deletefile", ":webdav:local/up/empty.dat")
    await rclone.run(w, "purge", ":webdav:local/up/sub dir")
    assert names(local / "up") == ["100%#?.txt"]
    _, out, _ = await rclone.run(w, "cat", ":webdav:local/up/100%#?.txt")
    assert out == "odd name"


async def test_rclone_with_app_password_and_refusals(dav: Dav, api: Api, admin_token: str, rclone: Rclone,
                                                     clock: Clock, local: Path, tmp_path: Path) -> None:
    (local / "f.txt").write_bytes(b"data")
    await api.create_user(admin_token, "tfa", "tfa-pass-1", permission=WRITER_PERMISSION)
    token = await api.token("tfa", "tfa-pass-1")
    env = await api.post("/api/me/app_passwords/create", {"name": "rclone", "read_only": True}, token=token)
    app_password = env["data"]["token"]
    await enrol(api, token, clock)
    rc, _, err = await rclone.run(Cred("tfa", "tfa-pass-1"), "lsjson", ":webdav:local", check=False)
    assert rc != 0 and "401" in err  # D5: the password alone is not enough with 2FA
    _, out, _ = await rclone.run(Cred("tfa", app_password), "lsjson", ":webdav:local")
    assert [e["Name"] for e in json.loads(out)] == ["f.txt"]
    up = tmp_path / "up.txt"
    up.write_bytes(b"nope")
    rc, _, err = await rclone.run(Cred("tfa", app_password), "copy", str(up), ":webdav:local", check=False)
    assert rc != 0 and "403" in err  # read-only app password
    assert names(local) == ["f.txt"]
