"""Settings service: seeded defaults, an in-memory snapshot, typed getters.

The snapshot is reloaded when openlist itself saves settings and when another process
(the CLI) committed to the database (`Database.external_change`, checked per request).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openlist import WIRE_VERSION
from openlist.db import Database
from openlist.errors import BadRequest, ServerError
from openlist.settings_defaults import DEFAULTS, DEPRECATED, PUBLIC, READONLY, new_token

_DEFAULT_KEYS = {d[0] for d in DEFAULTS}


@dataclass(frozen=True, slots=True)
class SettingItem:
    key: str
    value: str
    help: str
    type: str
    options: str
    group: int
    flag: int
    index: int

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "help": self.help, "type": self.type,
                "options": self.options, "group": self.group, "flag": self.flag, "index": self.index}


class Settings:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._items: dict[str, SettingItem] = {}
        self.generation = 0  # bumps on every reload; cheap cache key for derived values (index.html…)

    async def seed(self) -> None:
        """Insert missing defaults, mark stale keys deprecated, rewrite `version` (§9.1)."""
        async with self._db.transaction() as conn:
            for index, (key, value, type_, group, flag, options) in enumerate(DEFAULTS):
                if key == "token":
                    value = new_token()
                await conn.execute(
                    "INSERT INTO settings (key, value, type, grp, flag, options, idx) VALUES (?,?,?,?,?,?,?)"
                    " ON CONFLICT(key) DO UPDATE SET type = excluded.type, grp = excluded.grp,"
                    " flag = excluded.flag, options = excluded.options, idx = excluded.idx",
                    (key, value, type_, group, flag, options, index),
                )
            await conn.execute("UPDATE settings SET value = ? WHERE key = 'version'", (WIRE_VERSION,))
            placeholders = ",".join("?" * len(_DEFAULT_KEYS))
            await conn.execute(
                f"UPDATE settings SET flag = ? WHERE key NOT IN ({placeholders})", (DEPRECATED, *_DEFAULT_KEYS)
            )
        await self.reload()

    async def reload(self) -> None:
        rows = await self._db.fetchall(
            "SELECT key, value, help, type, options, grp, flag, idx FROM settings ORDER BY idx, key"
        )
        self._items = {
            r["key"]: SettingItem(r["key"], r["value"], r["help"], r["type"], r["options"], r["grp"],
                                  r["flag"], r["idx"])
            for r in rows
        }
        self.generation += 1

    # -- getters -----------------------------------------------------------------------------
    def get(self, key: str, default: str = "") -> str:
        item = self._items.get(key)
        return item.value if item is not None else default

    def get_bool(self, key: str) -> bool:
        return self.get(key).strip().lower() in ("true", "1")

    def get_int(self, key: str, default: int = 0) -> int:
        try:
            return int(self.get(key).strip())
        except ValueError:
            return default

    def get_list(self, key: str) -> list[str]:
        return [p.strip().lower() for p in self.get(key).split(",") if p.strip()]

    @property
    def token(self) -> str:
        return self.get("token")

    def item(self, key: str) -> SettingItem:
        try:
            return self._items[key]
        except KeyError:
            raise BadRequest(f"setting [{key}] not found") from None

    def items(self, groups: list[int] | None = None) -> list[SettingItem]:
        values = list(self._items.values())
        return values if groups is None else [i for i in values if i.group in groups]

    def public(self) -> dict[str, str]:
        return {i.key: i.value for i in self._items.values() if i.flag in (PUBLIC, READONLY)}

    # -- writers -----------------------------------------------------------------------------
    async def save(self, items: list[dict[str, Any]]) -> None:
        rows = []
        for raw in items:
            key = raw.get("key")
            value = raw.get("value", "")
            if not isinstance(key, str) or not key:
                raise BadRequest("key is required")
            if not isinstance(value, str):
                raise BadRequest(f"setting [{key}]: value must be a string")
            current = self._items.get(key)
            if current is not None and current.flag == READONLY:
                continue  # read-only items (version) are shown, never written
            if current is not None and current.type == "number" and value.strip():
                try:
                    int(value)
                except ValueError:
                    raise BadRequest(f"setting [{key}]: {value!r} is not a number") from None
            if current is not None and current.type == "select" and current.options and value \
                    and value not in current.options.split(","):
                raise BadRequest(f"setting [{key}]: {value!r} is not one of {current.options}")
            if key == "token" and not value:
                raise BadRequest("setting [token] must not be empty")
            rows.append((key, value, str(raw.get("help", "")), str(raw.get("type", "string")),
                         str(raw.get("options", "")), int(raw.get("group", 0) or 0),
                         int(raw.get("flag", 0) or 0), int(raw.get("index", 0) or 0)))
        async with self._db.transaction() as conn:
            for key, value, help_, type_, options, group, flag, index in rows:
                if key in self._items:
                    await conn.execute("UPDATE settings SET value = ? WHERE key = ?", (value, key))
                else:
                    await conn.execute(
                        "INSERT INTO settings (key, value, help, type, options, grp, flag, idx)"
                        " VALUES (?,?,?,?,?,?,?,?)", (key, value, help_, type_, options, group, flag, index))
        await self.reload()

    async def set(self, key: str, value: str) -> None:
        await self._db.execute("UPDATE settings SET value = ? WHERE key = ?", (value, key))
        await self.reload()

    async def reset_token(self) -> str:
        token = new_token()
        await self.set("token", token)
        return token

    async def delete(self, key: str) -> None:
        item = self._items.get(key)
        if item is None or item.flag != DEPRECATED:
            raise ServerError(f"setting [{key}] is not deprecated")
        await self._db.execute("DELETE FROM settings WHERE key = ?", (key,))
        await self.reload()

    def defaults(self, groups: list[int]) -> list[dict[str, Any]]:
        """Default items of the groups (D17: never a fresh random token)."""
        out = []
        for index, (key, value, type_, group, flag, options) in enumerate(DEFAULTS):
            if group in groups:
                if key == "token":
                    value = self.token
                if key == "version":
                    value = WIRE_VERSION
                out.append(SettingItem(key, value, "", type_, options, group, flag, index).to_json())
        return out
