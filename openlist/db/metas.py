"""The metas table (openlist-api.md §5.1). Folder passwords are sealed at rest (W12)."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from openlist.db import Database
from openlist.errors import ServerError
from openlist.secretbox import SecretBox, SecretBoxError


class MetaNotFound(ServerError):
    default_message = "meta not found"


@dataclass(frozen=True, slots=True)
class Meta:
    id: int = 0
    path: str = ""
    password: str = ""  # clear text in memory only
    p_sub: bool = False
    write: bool = False
    w_sub: bool = False
    hide: str = ""
    h_sub: bool = False
    readme: str = ""
    r_sub: bool = False
    header: str = ""
    header_sub: bool = False
    read_users: list[int] | None = None
    read_users_sub: bool = False
    write_users: list[int] | None = None
    write_users_sub: bool = False

    def to_json(self) -> dict[str, Any]:
        # the admin UI shows the password back (§5.1)
        return dataclasses.asdict(self)


FIELDS = tuple(f.name for f in dataclasses.fields(Meta))
_BOOLS = {f.name for f in dataclasses.fields(Meta) if f.type in (bool, "bool")}
_COLS = ", ".join(f'"{f}"' for f in FIELDS)


def _context(path: str) -> str:
    return f"meta-password:{path}"


def _row(row: sqlite3.Row, box: SecretBox) -> Meta:
    values: dict[str, Any] = {}
    for f in FIELDS:
        v = row[f]
        if f in _BOOLS:
            v = bool(v)
        elif f in ("read_users", "write_users"):
            v = orjson.loads(v) if v else None
        elif f == "password":
            try:
                v = box.open(v, context=_context(row["path"])) if v else ""
            except SecretBoxError:
                v = ""  # a lost key must not lock the whole tree; the admin can set it again
        values[f] = v
    return Meta(**values)


def _values(m: Meta, box: SecretBox) -> list[Any]:
    out: list[Any] = []
    for f in FIELDS[1:]:
        v = getattr(m, f)
        if f == "password":
            v = box.seal(v, context=_context(m.path)) if v else None
        elif f in ("read_users", "write_users"):
            v = orjson.dumps(v).decode() if v else None
        elif isinstance(v, bool):
            v = int(v)
        out.append(v)
    return out


async def all_metas(db: Database, box: SecretBox) -> list[Meta]:
    return [_row(r, box) for r in await db.fetchall(f"SELECT {_COLS} FROM metas ORDER BY id")]


async def get(db: Database, box: SecretBox, meta_id: int) -> Meta:
    row = await db.fetchone(f"SELECT {_COLS} FROM metas WHERE id = ?", (meta_id,))
    if row is None:
        raise MetaNotFound()
    return _row(row, box)


async def insert(db: Database, box: SecretBox, m: Meta) -> int:
    cols = ", ".join(f'"{f}"' for f in FIELDS[1:])
    try:
        return await db.execute(f"INSERT INTO metas ({cols}) VALUES ({','.join('?' * (len(FIELDS) - 1))})",
                                _values(m, box))
    except sqlite3.IntegrityError:
        raise ServerError(f"meta for path {m.path} already exists") from None


async def update(db: Database, box: SecretBox, m: Meta) -> None:
    sets = ", ".join(f'"{f}" = ?' for f in FIELDS[1:])
    try:
        n = await db.execute(f"UPDATE metas SET {sets} WHERE id = ?", [*_values(m, box), m.id])
    except sqlite3.IntegrityError:
        raise ServerError(f"meta for path {m.path} already exists") from None
    if n == 0:
        raise MetaNotFound()


async def delete(db: Database, meta_id: int) -> None:
    await db.execute("DELETE FROM metas WHERE id = ?", (meta_id,))
