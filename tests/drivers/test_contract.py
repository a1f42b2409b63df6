"""One contract suite, run over every driver in the registry (conventions point 11)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from openlist.drivers import DRIVERS
from openlist.drivers.base import Copy, Driver, Mkdir, Move, Put, Remove, Rename, read_link
from openlist.drivers.local import Local, LocalAddition
from openlist.drivers.memory import Memory, MemoryAddition
from openlist.errors import ObjectNotFound, OpenListError


async def body(*chunks: bytes) -> AsyncIterator[bytes]:
    for c in chunks:
        yield c


async def failing_body() -> AsyncIterator[bytes]:
    yield b"partial"
    raise ConnectionResetError("client went away")


def make(kind: type[Driver], tmp_path: Path) -> Driver:
    if kind is Local:
        root = tmp_path / "root"
        root.mkdir()
        return Local(LocalAddition(root_folder_path=str(root)))
    if kind is Memory:
        return Memory(MemoryAddition())
    raise AssertionError(f"add {kind.name} to the contract suite")


@pytest.fixture(params=DRIVERS, ids=lambda d: d.name)
async def driver(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Driver]:
    d = make(request.param, tmp_path)
    await d.init()
    yield d
    await d.drop()


async def content(d: Driver, path: str) -> bytes:
    return b"".join([c async for c in read_link(await d.link(path))])


def names(objs: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(o.name for o in objs)


async def test_empty_root_and_missing(driver: Driver) -> None:
    assert await driver.list("/") == []
    root = await driver.get("/")
    assert root.is_dir
    with pytest.raises(ObjectNotFound):
        await driver.list("/nope")
    with pytest.raises(ObjectNotFound):
        await driver.get("/nope")
    with pytest.raises(ObjectNotFound):
        await driver.link("/nope")


async def test_capabilities_declared(driver: Driver) -> None:
    for cap in (Mkdir, Rename, Move, Copy, Remove, Put):
        assert isinstance(driver, cap)


@pytest.mark.parametrize("name", ["a.txt", "with space.txt", "视频 1.mp4", "empty", "plus+sign&=.bin"])
async def test_put_get_link_roundtrip(driver: Driver, name: str) -> None:
    data = b"" if name == "empty" else name.encode() * 3
    await driver.put("/", name, body(data[:2], data[2:]), mtime=1735689600.0)  # type: ignore[attr-defined]
    obj = await driver.get("/" + name)
    assert (obj.name, obj.size, obj.is_dir) == (name, len(data), False)
    assert int(obj.modified) == 1735689600
    assert await content(driver, "/" + name) == data
    assert names(await driver.list("/")) == [name]


async def test_mkdir_nested_and_idempotent(driver: Driver) -> None:
    await driver.mkdir("/a/b/c")  # type: ignore[attr-defined]
    await driver.mkdir("/a/b/c")  # type: ignore[attr-defined]
    assert names(await driver.list("/a/b")) == ["c"]
    await driver.put("/a", "f", body(b"x"), mtime=None)  # type: ignore[attr-defined]
    with pytest.raises(OpenListError, match="file exists"):
        await driver.mkdir("/a/f")  # type: ignore[attr-defined]


async def test_rename_move_copy_remove(driver: Driver) -> None:
    d = driver
    await d.mkdir("/src/sub")  # type: ignore[attr-defined]
    await d.mkdir("/dst")  # type: ignore[attr-defined]
    await d.put("/src/sub", "x.txt", body(b"xx"), mtime=None)  # type: ignore[attr-defined]
    await d.rename("/src/sub/x.txt", "y.txt")  # type: ignore[attr-defined]
    assert names(await d.list("/src/sub")) == ["y.txt"]
    await d.copy("/src/sub", "/dst")  # type: ignore[attr-defined]
    assert await content(d, "/dst/sub/y.txt") == b"xx"
    await d.move("/src/sub/y.txt", "/dst")  # type: ignore[attr-defined]
    assert names(await d.list("/src/sub")) == []
    assert await content(d, "/dst/y.txt") == b"xx"
    await d.remove("/dst/sub")  # type: ignore[attr-defined]
    assert names(await d.list("/dst")) == ["y.txt"]
    with pytest.raises(ObjectNotFound):
        await d.remove("/dst/nope")  # type: ignore[attr-defined]


async def test_copy_is_independent(driver: Driver) -> None:
    await driver.mkdir("/a")  # type: ignore[attr-defined]
    await driver.mkdir("/b")  # type: ignore[attr-defined]
    await driver.put("/a", "f", body(b"one"), mtime=None)  # type: ignore[attr-defined]
    await driver.copy("/a/f", "/b")  # type: ignore[attr-defined]
    await driver.put("/a", "f", body(b"two"), mtime=None)  # type: ignore[attr-defined]
    assert await content(driver, "/b/f") == b"one"


async def test_aborted_upload_leaves_nothing(driver: Driver) -> None:
    with pytest.raises(ConnectionResetError):
        await driver.put("/", "big.bin", failing_body(), mtime=None)  # type: ignore[attr-defined]
    assert await driver.list("/") == []


async def test_failed_overwrite_keeps_old_file(driver: Driver) -> None:
    await driver.put("/", "keep.txt", body(b"old"), mtime=None)  # type: ignore[attr-defined]
    with pytest.raises(ConnectionResetError):
        await driver.put("/", "keep.txt", failing_body(), mtime=None)  # type: ignore[attr-defined]
    assert await content(driver, "/keep.txt") == b"old"
    assert names(await driver.list("/")) == ["keep.txt"]


async def test_overwrite_replaces(driver: Driver) -> None:
    await driver.put("/", "f", body(b"old"), mtime=None)  # type: ignore[attr-defined]
    await driver.put("/", "f", body(b"newer"), mtime=None)  # type: ignore[attr-defined]
    assert await content(driver, "/f") == b"newer"
