"""The users table. Rows become frozen `User` objects; a missing row raises UserNotFound."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from openlist.db import Database
from openlist.errors import OpenListError

ROLE_GENERAL, ROLE_GUEST, ROLE_ADMIN = 0, 1, 2
ADMIN_PERMISSION = 0x71FF  # 29183: bits 0-8, 12, 13, 14 (openlist-api.md §4.2)


class UserNotFound(OpenListError):
    code = 500
    default_message = "failed find user: record not found"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    pwd_hash: str
    pwd_ts: int
    base_path: str
    role: int
    disabled: bool
    permission: int
    sso_id: str
    allow_ldap: bool
    otp_secret: bytes | None
    otp_pending: bytes | None
    otp_pending_exp: int
    otp_last_step: int
    otp_enabled_at: int
    grace_logins: int

    @property
    def otp(self) -> bool:
        return self.otp_secret is not None

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def is_guest(self) -> bool:
        return self.role == ROLE_GUEST

    def can(self, bit: int) -> bool:
        return bool((self.permission >> bit) & 1)

    def to_json(self) -> dict[str, Any]:
        """OpenList's user object (§4.1): never the hash, salt, pwd_ts or OTP secret."""
        return {
            "id": self.id,
            "username": self.username,
            "password": "",
            "base_path": self.base_path,
            "role": self.role,
            "disabled": self.disabled,
            "permission": self.permission,
            "sso_id": self.sso_id,
            "allow_ldap": self.allow_ldap,
            "otp": self.otp,
        }


_COLUMNS = (
    "id, username, pwd_hash, pwd_ts, base_path, role, disabled, permission, sso_id, allow_ldap, "
    "otp_secret, otp_pending, otp_pending_exp, otp_last_step, otp_enabled_at, grace_logins"
)


def _row(row: sqlite3.Row) -> User:
    return User(
        id=row["id"], username=row["username"], pwd_hash=row["pwd_hash"], pwd_ts=row["pwd_ts"],
        base_path=row["base_path"], role=row["role"], disabled=bool(row["disabled"]),
        permission=row["permission"], sso_id=row["sso_id"], allow_ldap=bool(row["allow_ldap"]),
        otp_secret=row["otp_secret"], otp_pending=row["otp_pending"],
        otp_pending_exp=row["otp_pending_exp"], otp_last_step=row["otp_last_step"],
        otp_enabled_at=row["otp_enabled_at"], grace_logins=row["grace_logins"],
    )


async def get(db: Database, user_id: int) -> User:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,))
    if row is None:
        raise UserNotFound()
    return _row(row)


async def by_name(db: Database, username: str) -> User:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM users WHERE username = ?", (username,))
    if row is None:
        raise UserNotFound()
    return _row(row)


async def find(db: Database, username: str) -> User | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM users WHERE username = ?", (username,))
    return None if row is None else _row(row)


async def first_with_role(db: Database, role: int) -> User:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM users WHERE role = ? ORDER BY id LIMIT 1", (role,))
    if row is None:
        raise UserNotFound()
    return _row(row)


async def page(db: Database, offset: int, limit: int) -> tuple[list[User], int]:
    total = int(await db.fetchval("SELECT COUNT(*) FROM users"))
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM users ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
    return [_row(r) for r in rows], total


async def count_admins(db: Database) -> int:
    return int(await db.fetchval("SELECT COUNT(*) FROM users WHERE role = ?", (ROLE_ADMIN,)))


async def insert(
    db: Database, *, username: str, pwd_hash: str, base_path: str, role: int, permission: int,
    disabled: bool = False, sso_id: str = "", allow_ldap: bool = True,
) -> int:
    try:
        return await db.execute(
            "INSERT INTO users (username, pwd_hash, pwd_ts, base_path, role, disabled, permission, sso_id,"
            " allow_ldap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (username, pwd_hash, int(time.time()), base_path, role, int(disabled), permission, sso_id,
             int(allow_ldap)),
        )
    except sqlite3.IntegrityError:
        raise OpenListError(f"user {username} already exists") from None


async def update_profile(
    db: Database, user_id: int, *, username: str, base_path: str, disabled: bool, permission: int,
    sso_id: str, allow_ldap: bool,
) -> None:
    try:
        await db.execute(
            "UPDATE users SET username = ?, base_path = ?, disabled = ?, permission = ?, sso_id = ?,"
            " allow_ldap = ? WHERE id = ?",
            (username, base_path, int(disabled), permission, sso_id, int(allow_ldap), user_id),
        )
    except sqlite3.IntegrityError:
        raise OpenListError(f"user {username} already exists") from None


async def set_password_hash(db: Database, user_id: int, pwd_hash: str, *, bump: bool = True) -> None:
    """Store a new hash. `bump` moves pwd_ts, which invalidates every token of the user (§3.7)."""
    async with db.transaction() as conn:
        if bump:
            # pwd_ts must change even for two changes within one second.
            await conn.execute(
                "UPDATE users SET pwd_hash = ?, pwd_ts = MAX(pwd_ts + 1, unixepoch()) WHERE id = ?",
                (pwd_hash, user_id),
            )
            await conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
            # A password change is what people do after a compromise: app passwords die with it.
            await conn.execute(
                "UPDATE app_passwords SET revoked_at = unixepoch() WHERE user_id = ? AND revoked_at IS NULL",
                (user_id,))
        else:
            await conn.execute("UPDATE users SET pwd_hash = ? WHERE id = ?", (pwd_hash, user_id))


async def delete(db: Database, user_id: int) -> None:
    await db.execute("DELETE FROM users WHERE id = ?", (user_id,))
