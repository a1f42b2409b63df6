"""`safe_join` and the Local driver never read or write outside the root (conventions point 12)."""

# ruff: noqa: ASYNC240 - tests inspect the host folder directly
from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from openlist.drivers.local import TEMP_PREFIX, Local, LocalAddition, safe_join
from openlist.errors import Forbidden, ObjectNotFound, OpenListError, ServerError

CORPUS = ["../", "../secret.txt", "a/../../secret.txt", "..\\secret.txt", "a\\..\\..\\secret.txt",
          "x\x00y", "/..", "/../secret.txt", "%2e%2e/", "....//secret.txt"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text("outside")
    (tmp_path / "outside_dir").mkdir()
    (tmp_path / "outside_dir" / "o.txt").write_text("o")
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "in.txt").write_text("inside")
    os.symlink(tmp_path / "secret.txt", root / "esc_file")
    os.symlink(tmp_path / "outside_dir", root / "esc_dir")
    os.symlink(root / "a" / "in.txt", root / "ok_link")
    os.symlink("/", root / "a" / "slash")
    return root


@pytest.fixture
async def local(tree: Path) -> AsyncIterator[Local]:
    d = Local(LocalAddition(root_folder_path=str(tree)))
    await d.init()
    yield d


@pytest.mark.parametrize("rel", CORPUS)
def test_safe_join_refuses_or_stays_inside(tree: Path, rel: str) -> None:
    root = os.path.realpath(tree)
    try:
        got = safe_join(root, rel)
    except (Forbidden, ObjectNotFound):
        return
    assert got == root or got.startswith(root + os.sep), got  # literal names like '%2e%2e' stay inside


@pytest.mark.parametrize("rel", ["/esc_file", "/esc_dir", "/esc_dir/o.txt", "/a/slash/etc/passwd"])
def test_safe_join_refuses_symlink_escapes(tree: Path, rel: str) -> None:
    with pytest.raises(ObjectNotFound):
        safe_join(os.path.realpath(tree), rel)


def test_safe_join_allows_inner_symlink(tree: Path) -> None:
    root = os.path.realpath(tree)
    assert safe_join(root, "/ok_link") == os.path.join(root, "a", "in.txt")


async def test_listing_hides_escaping_symlinks(local: Local) -> None:
    assert sorted(o.name for o in await local.list("/")) == ["a", "ok_link"]
    assert [o.name for o in await local.list("/a")] == ["in.txt"]


@pytest.mark.parametrize("rel", ["/esc_file", "/esc_dir/o.txt", "/a/slash/etc/passwd", "/../secret.txt"])
async def test_no_read_outside(local: Local, rel: str) -> None:
    with pytest.raises(OpenListError):
        await local.link(rel)
    with pytest.raises(OpenListError):
        await local.get(rel)


async def test_remove_symlink_removes_link_only(local: Local, tree: Path) -> None:
    await local.remove("/esc_file")
    assert not os.path.lexists(tree / "esc_file")
    assert (tree.parent / "secret.txt").read_text() == "outside"
    await local.remove("/esc_dir")
    assert (tree.parent / "outside_dir" / "o.txt").exists()


async def test_put_over_symlink_replaces_the_link(local: Local, tree: Path) -> None:
    async def body() -> AsyncIterator[bytes]:
        yield b"new"

    await local.put("/", "esc_file", body(), mtime=None)
    assert (tree.parent / "secret.txt").read_text() == "outside"
    assert not os.path.islink(tree / "esc_file")
    with pytest.raises(OpenListError):
        await local.put("/esc_dir", "x", body(), mtime=None)
    assert sorted(os.listdir(tree.parent / "outside_dir")) == ["o.txt"]


async def test_writes_into_escaping_dir_refused(local: Local, tree: Path) -> None:
    with pytest.raises(OpenListError):
        await local.mkdir("/esc_dir/new")
    with pytest.raises(OpenListError):
        await local.move("/a/in.txt", "/esc_dir")
    with pytest.raises(OpenListError):
        await local.copy("/a/in.txt", "/esc_dir")
    assert sorted(os.listdir(tree.parent / "outside_dir")) == ["o.txt"]
    assert (tree / "a" / "in.txt").exists()


async def test_init_errors(tmp_path: Path) -> None:
    d = Local(LocalAddition(root_folder_path=str(tmp_path / "missing")))
    with pytest.raises(ServerError, match="not exists"):
        await d.init()


async def test_temp_files_are_not_listed_and_stale_ones_reaped(local: Local, tree: Path) -> None:
    (tree / f"{TEMP_PREFIX}live").write_text("partial")
    (tree / f"{TEMP_PREFIX}crashed").write_text("partial")
    os.utime(tree / f"{TEMP_PREFIX}crashed", (1, 1))
    assert not [o.name for o in await local.list("/") if o.name.startswith(TEMP_PREFIX)]
    assert (tree / f"{TEMP_PREFIX}live").exists()
    assert not (tree / f"{TEMP_PREFIX}crashed").exists()


async def test_show_hidden_and_recycle_bin(tree: Path, tmp_path: Path) -> None:
    (tree / ".hidden").write_text("h")
    bin_dir = tmp_path / "bin"
    d = Local(LocalAddition(root_folder_path=str(tree), show_hidden=False, recycle_bin_path=str(bin_dir)))
    await d.init()
    assert ".hidden" not in [o.name for o in await d.list("/")]
    await d.remove("/a/in.txt")
    assert not (tree / "a" / "in.txt").exists()
    assert len(os.listdir(bin_dir)) == 1


async def test_copy_follows_inner_links_only(local: Local, tree: Path) -> None:
    (tree / "dst").mkdir()
    await local.copy("/ok_link", "/dst")
    assert (tree / "dst" / "ok_link").read_text() == "inside"
    assert not (tree / "dst" / "ok_link").is_symlink()
    with pytest.raises(OpenListError):
        await local.copy("/esc_file", "/dst")
    assert sorted(os.listdir(tree / "dst")) == ["ok_link"]


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "", "a\x00b"])
async def test_driver_refuses_bad_names(local: Local, tree: Path, name: str) -> None:
    async def body() -> AsyncIterator[bytes]:
        yield b"x"

    with pytest.raises(Forbidden):
        await local.put("/a", name, body(), mtime=None)
    with pytest.raises(Forbidden):
        await local.rename("/a/in.txt", name)
    assert (tree / "a" / "in.txt").exists()
