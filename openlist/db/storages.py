"""The storages table (openlist-api.md §6.1). Rows become frozen `Storage` objects."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Any

from openlist.db import Database
from openlist.errors import ServerError


class StorageNotFound(ServerError):
    default_message = "storage not found"


@dataclass(frozen=True, slots=True)
class Storage:
    id: int = 0
    mount_path: str = ""
    order: int = 0
    driver: str = ""
    cache_expiration: int = 0
    custom_cache_policies: str = ""
    status: str = ""
    addition: str = "{}"
    remark: str = ""
    modified: str = ""
    disabled: bool = False
    disable_index: bool = False
    enable_sign: bool = False
    order_by: str = ""
    order_direction: str = ""
    extract_folder: str = ""
    web_proxy: bool = False
    webdav_policy: str = ""  # "" = the driver's default, filled in on save
    proxy_range: bool = False
    down_proxy_url: str = ""
    disable_proxy_sign: bool = False

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> Storage:
        return dataclasses.replace(self, **changes)


FIELDS = tuple(f.name for f in dataclasses.fields(Storage))
_BOOLS = {f.name for f in dataclasses.fields(Storage) if f.type in (bool, "bool")}
_COLS = ", ".join(f'"{f}"' for f in FIELDS)


def _row(row: sqlite3.Row) -> Storage:
    values: dict[str, Any] = {f: (bool(row[f]) if f in _BOOLS else row[f]) for f in FIELDS}
    return Storage(**values)


async def all_storages(db: Database) -> list[Storage]:
    return [_row(r) for r in await db.fetchall(f'SELECT {_COLS} FROM storages ORDER BY "order", id')]


async def get(db: Database, storage_id: int) -> Storage:
    row = await db.fetchone(f"SELECT {_COLS} FROM storages WHERE id = ?", (storage_id,))
    if row is None:
        raise StorageNotFound()
    return _row(row)


def _values(s: Storage) -> list[Any]:
    return [int(v) if isinstance(v, bool) else v for v in (getattr(s, f) for f in FIELDS[1:])]


async def insert(db: Database, s: Storage) -> int:
    marks = ",".join("?" * (len(FIELDS) - 1))
    cols = ", ".join(f'"{f}"' for f in FIELDS[1:])
    try:
        return await db.execute(f"INSERT INTO storages ({cols}) VALUES ({marks})", _values(s))
    except sqlite3.IntegrityError:
        raise ServerError(f"the mount path {s.mount_path} is already used") from None


async def update(db: Database, s: Storage) -> None:
    sets = ", ".join(f'"{f}" = ?' for f in FIELDS[1:])
    try:
        await db.execute(f"UPDATE storages SET {sets} WHERE id = ?", [*_values(s), s.id])
    except sqlite3.IntegrityError:
        raise ServerError(f"the mount path {s.mount_path} is already used") from None


async def set_status(db: Database, storage_id: int, status: str) -> None:
    await db.execute("UPDATE storages SET status = ? WHERE id = ?", (status, storage_id))


async def delete(db: Database, storage_id: int) -> None:
    await db.execute("DELETE FROM storages WHERE id = ?", (storage_id,))
