"""Numbered SQL migrations (db/migrations/NNNN_name.sql), applied in order, recorded, append-only."""

from __future__ import annotations

import re
import sqlite3
from importlib import resources

import aiosqlite


class DatabaseError(Exception):
    """The database cannot be used: corrupt, not SQLite, or newer than this code."""


_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def available() -> list[tuple[int, str, str]]:
    folder = resources.files("openlist.db") / "migrations"
    out = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    out.sort()
    numbers = [n for n, _, _ in out]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migration numbers must be 1..N without gaps, got {numbers}")
    return out


async def migrate(conn: aiosqlite.Connection) -> int:
    """Bring the schema up to date; returns the schema version."""
    migrations = available()
    latest = migrations[-1][0] if migrations else 0
    try:
        async with conn.execute("PRAGMA quick_check") as cur:
            row = await cur.fetchone()
        if row is None or row[0] != "ok":
            raise DatabaseError(f"database integrity check failed: {row[0] if row else 'no answer'}")
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))"
        )
        async with conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cur:
            row = await cur.fetchone()
        current = int(row[0]) if row else 0
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"the database file is corrupt or not an SQLite database ({exc})") from None
    if current > latest:
        raise DatabaseError(
            f"the database schema is version {current}, newer than this openlist knows ({latest}); "
            "upgrade openlist or restore a backup"
        )
    for number, name, sql in migrations:
        if number <= current:
            continue
        await conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split(sql):
                await conn.execute(statement)
            await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (number, name))
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
        current = number
    return current


def _split(sql: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows about strings and triggers)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        if not buf and line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
