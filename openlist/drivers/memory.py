"""`Memory`: an in-memory tree, for tests and demos. Content is lost when the storage drops."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from openlist.drivers.base import Driver, DriverConfig, Link, Obj, setting
from openlist.errors import ObjectNotFound, ServerError


@dataclass(frozen=True)
class MemoryAddition:
    max_size: int = setting(64 * 1024 * 1024, help="largest file accepted, in bytes")


@dataclass
class _Node:
    is_dir: bool
    data: bytes = b""
    modified: float = field(default_factory=time.time)
    children: dict[str, _Node] = field(default_factory=dict)


def _parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


class Memory(Driver):
    name = "Memory"
    config = DriverConfig(name="Memory", local_sort=True, only_proxy=True, no_cache=False)
    Addition = MemoryAddition
    addition: MemoryAddition

    def __init__(self, addition: MemoryAddition) -> None:
        super().__init__(addition)
        self.tree = _Node(True)

    def _node(self, path: str) -> _Node:
        node = self.tree
        for part in _parts(path):
            if not node.is_dir or part not in node.children:
                raise ObjectNotFound(path)
            node = node.children[part]
        return node

    def _dir(self, path: str) -> _Node:
        node = self._node(path)
        if not node.is_dir:
            raise ServerError(f"{path}: not a folder")
        return node

    def _split(self, path: str) -> tuple[_Node, str]:
        parts = _parts(path)
        if not parts:
            raise ServerError("the root cannot be changed")
        return self._dir("/" + "/".join(parts[:-1])), parts[-1]

    @staticmethod
    def _obj(name: str, node: _Node) -> Obj:
        return Obj(name, 0 if node.is_dir else len(node.data), node.is_dir, node.modified, node.modified)

    async def list(self, path: str) -> list[Obj]:
        return [self._obj(name, node) for name, node in self._dir(path).children.items()]

    async def get(self, path: str) -> Obj:
        parts = _parts(path)
        return self._obj(parts[-1] if parts else "root", self._node(path))

    async def link(self, path: str) -> Link:
        node = self._node(path)
        if node.is_dir:
            raise ServerError(f"{path}: is a folder")
        return Link(size=len(node.data), modified=node.modified, data=node.data)

    async def mkdir(self, path: str) -> None:
        node = self.tree
        for part in _parts(path):
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Node(True)
                node.modified = time.time()
            elif not child.is_dir:
                raise ServerError("file exists")
            node = child

    async def rename(self, path: str, new_name: str) -> None:
        parent, name = self._split(path)
        if name not in parent.children:
            raise ObjectNotFound(path)
        parent.children[new_name] = parent.children.pop(name)

    async def move(self, src: str, dst_dir: str) -> None:
        parent, name = self._split(src)
        target = self._dir(dst_dir)
        if name not in parent.children:
            raise ObjectNotFound(src)
        target.children[name] = parent.children.pop(name)

    async def copy(self, src: str, dst_dir: str) -> None:
        parent, name = self._split(src)
        if name not in parent.children:
            raise ObjectNotFound(src)
        self._dir(dst_dir).children[name] = _clone(parent.children[name])

    async def remove(self, path: str) -> None:
        parent, name = self._split(path)
        if parent.children.pop(name, None) is None:
            raise ObjectNotFound(path)

    async def put(self, dir_path: str, name: str, body: AsyncIterator[bytes], *, mtime: float | None) -> None:
        folder = self._dir(dir_path)
        buf = bytearray()
        async for chunk in body:
            buf += chunk
            if len(buf) > self.addition.max_size:
                raise ServerError(f"file larger than {self.addition.max_size} bytes")
        folder.children[name] = _Node(False, bytes(buf), mtime if mtime is not None else time.time())


def _clone(node: _Node) -> _Node:
    return _Node(node.is_dir, node.data, node.modified, {k: _clone(v) for k, v in node.children.items()})
