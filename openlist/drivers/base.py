"""The driver contract: a small ABC (`init`, `drop`, `list`, `link`) plus optional capabilities.

    class MyDriver(Driver):
        name = "My"
        config = DriverConfig(name="My", ...)
        Addition = MyAddition            # a dataclass; its fields are the `addition` JSON keys
        async def list(self, path): ...  # path is '/'-rooted inside the storage

A driver that can write also implements some of `Mkdir`, `Rename`, `Move`, `Copy`, `Remove`,
`Put` (checked with isinstance, they are runtime protocols). Paths handed to a driver are
always clean ('/', '/a/b'); names are single segments checked by the fs service.
The admin form (`/api/admin/driver/info`) is generated from `config` and `Addition`
(openlist-api.md §6.3), so a setting is declared exactly once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import posixpath
import typing
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

import orjson

from openlist.errors import BadRequest, ObjectNotFound

CHUNK = 1024 * 1024


# --------------------------------------------------------------------------- settings declaration
def setting(default: Any, *, type: str = "", required: bool = False, help: str = "", options: str = "") -> Any:
    """A driver setting: a dataclass field whose metadata feeds the admin form."""
    return field(default=default, metadata={"type": type, "required": required, "help": help, "options": options})


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    type: str = "string"
    default: str = ""
    options: str = ""
    required: bool = False
    help: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "default": self.default, "options": self.options,
                "required": self.required, "help": self.help}


@dataclass(frozen=True, slots=True)
class DriverConfig:
    name: str
    local_sort: bool = False
    only_proxy: bool = False
    no_cache: bool = False
    no_upload: bool = False
    need_ms: bool = False
    default_root: str = "/"
    alert: str = ""
    only_indices: bool = False
    prefer_proxy: bool = False

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def addition_items(cls: type) -> list[Item]:
    hints = typing.get_type_hints(cls)
    items = []
    for f in dataclasses.fields(cls):
        meta = f.metadata
        kind = meta.get("type") or {bool: "bool", int: "number", float: "float"}.get(hints[f.name], "string")
        items.append(Item(f.name, kind, _text(f.default), meta.get("options", ""), bool(meta.get("required")),
                          meta.get("help", "")))
    return items


def parse_addition(cls: type[Any], text: str) -> Any:
    """`addition` JSON text → the driver's dataclass (missing keys take defaults, unknown are dropped)."""
    try:
        raw = orjson.loads(text or "{}")
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"addition is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise BadRequest("addition must be a JSON object")
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in raw or raw[f.name] is None:
            continue
        value, tp = raw[f.name], hints[f.name]
        try:
            if tp is bool:
                value = value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1")
            elif tp is int:
                value = int(value) if str(value).strip() else f.default
            elif tp is float:
                value = float(value)
            else:
                value = value if isinstance(value, str) else _text(value)
        except (TypeError, ValueError):
            raise BadRequest(f"addition field {f.name} must be {tp.__name__}") from None
        kwargs[f.name] = value
    return cls(**kwargs)


def dump_addition(value: Any) -> str:
    """Re-serialise in declaration order with defaults filled in (as OpenList does after init)."""
    return orjson.dumps({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}).decode()


# --------------------------------------------------------------------------- objects and links
@dataclass(slots=True)
class Obj:
    name: str
    size: int
    is_dir: bool
    modified: float  # unix seconds
    created: float = 0.0
    hashes: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """How to read a file: a host `file` (served with web.FileResponse) or in-memory `data`."""

    size: int
    modified: float
    file: Path | None = None
    data: bytes | None = None


async def read_link(link: Link, chunk: int = CHUNK) -> AsyncIterator[bytes]:
    """Stream a link's content without loading a host file into memory (cross-storage copy)."""
    if link.data is not None:
        for i in range(0, len(link.data), chunk):
            yield link.data[i:i + chunk]
        return
    assert link.file is not None
    fh = await asyncio.to_thread(open, link.file, "rb")
    try:
        while True:
            block = await asyncio.to_thread(fh.read, chunk)
            if not block:
                break
            yield block
    finally:
        await asyncio.to_thread(fh.close)


# --------------------------------------------------------------------------- the contract
class Driver(ABC):
    name: ClassVar[str]
    config: ClassVar[DriverConfig]
    Addition: ClassVar[type[Any]]

    def __init__(self, addition: Any) -> None:
        self.addition = addition

    async def init(self) -> None:  # noqa: B027 - optional hook, empty by default
        """Check the settings and connect; raise with a readable message on failure."""

    def normalized(self) -> Any:
        """The settings as saved after a successful init (Local makes the root absolute)."""
        return self.addition

    async def drop(self) -> None:  # noqa: B027 - optional hook, empty by default
        """Release resources (storage disabled, updated or deleted)."""

    @abstractmethod
    async def list(self, path: str) -> list[Obj]:
        """Entries of the folder `path`; ObjectNotFound when it does not exist."""

    async def get(self, path: str) -> Obj:
        """One object. The default lists the parent folder."""
        if path == "/":
            return Obj("root", 0, True, 0.0, 0.0)
        parent, name = posixpath.split(path)
        for obj in await self.list(parent or "/"):
            if obj.name == name:
                return obj
        raise ObjectNotFound(path)

    @abstractmethod
    async def link(self, path: str) -> Link:
        """How to read the file `path`."""

    async def usage(self) -> tuple[int, int] | None:
        """(total, free) bytes of the space behind the storage, when known (`mount_details`)."""
        return None

    async def dir_version(self, path: str) -> object | None:
        """A cheap token that changes when the folder's entries change (None: unknown).

        The listing cache revalidates with it, so changes made outside openlist show up."""
        return None


@runtime_checkable
class Mkdir(Protocol):
    async def mkdir(self, path: str) -> None:
        """Create folder `path` and missing parents; an existing folder is fine."""


@runtime_checkable
class Rename(Protocol):
    async def rename(self, path: str, new_name: str) -> None: ...


@runtime_checkable
class Move(Protocol):
    async def move(self, src: str, dst_dir: str) -> None: ...


@runtime_checkable
class Copy(Protocol):
    async def copy(self, src: str, dst_dir: str) -> None: ...


@runtime_checkable
class Remove(Protocol):
    async def remove(self, path: str) -> None:
        """Delete a file or a folder recursively; a missing object is an ObjectNotFound."""


@runtime_checkable
class Put(Protocol):
    async def put(self, dir_path: str, name: str, body: AsyncIterator[bytes], *, mtime: float | None) -> None:
        """Store a stream as `dir_path/name` atomically: nothing appears under the final name until
        the body is complete, and an existing file survives a failed overwrite."""
