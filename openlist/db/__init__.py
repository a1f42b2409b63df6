"""SQLite access: one writer connection behind an asyncio.Lock, one reader connection.

    async with db.transaction() as conn:      # BEGIN IMMEDIATE … COMMIT (or ROLLBACK)
        await conn.execute("UPDATE …", (…))
    row = await db.fetchone("SELECT …", (…))   # reads never wait for the writer (WAL)

`external_change()` tells whether another process (the CLI, a second server) committed since
the last call; caches use it so that CLI edits apply on the next request with no restart (W8).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from openlist.db.migrate import DatabaseError, migrate

__all__ = ["Database", "DatabaseError"]

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._data_version: int | None = None
        self._stamp: tuple[tuple[int, int, int], ...] = ()
        self._checked_at = 0.0

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._writer = await self._connect()
            await migrate(self._writer)
            self._reader = await self._connect()
        except BaseException:
            await self.close()
            raise

    async def _connect(self) -> aiosqlite.Connection:
        try:
            conn = await aiosqlite.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open database {self.path}: {exc}") from None
        conn.row_factory = aiosqlite.Row
        try:
            for pragma in PRAGMAS:
                await conn.execute(pragma)
        except sqlite3.DatabaseError as exc:
            await conn.close()
            raise DatabaseError(f"{self.path} is not a usable SQLite database ({exc})") from None
        return conn

    async def close(self) -> None:
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    @property
    def writer(self) -> aiosqlite.Connection:
        assert self._writer is not None, "database is not open"
        return self._writer

    @property
    def reader(self) -> aiosqlite.Connection:
        assert self._reader is not None, "database is not open"
        return self._reader

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """The only way to write. aiosqlite serialises calls, not transactions: hence the lock."""
        async with self._lock:
            conn = self.writer
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One write statement in its own transaction; returns lastrowid (or rowcount for UPDATE/DELETE)."""
        async with self.transaction() as conn:
            cur = await conn.execute(sql, params)
            if sql.lstrip()[:6].upper() == "INSERT":
                return int(cur.lastrowid or 0)
            return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        async with self.reader.execute(sql, params) as cur:
            row: sqlite3.Row | None = await cur.fetchone()
            return row

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async with self.reader.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def fetchval(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    def _file_stamp(self) -> tuple[tuple[int, int, int], ...]:
        out = []
        for path in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                st = os.stat(path)
            except FileNotFoundError:
                out.append((0, 0, 0))
            else:
                out.append((st.st_ino, st.st_size, st.st_mtime_ns))
        return tuple(out)

    async def external_change(self) -> bool:
        """True when a connection other than our writer committed since the previous call.

        PRAGMA data_version on the writer connection changes only for commits made elsewhere
        (the CLI, another server process), so our own writes never trigger it. That costs a
        round trip to the SQLite thread, so it is skipped while the database and WAL files are
        untouched (any commit in WAL mode writes the WAL; two stat calls cost microseconds),
        with a full check at least every second in case a commit hit the same coarse mtime tick.
        """
        stamp = self._file_stamp()
        now = time.monotonic()
        if stamp == self._stamp and now - self._checked_at < 1.0:
            return False
        async with self.writer.execute("PRAGMA data_version") as cur:
            row = await cur.fetchone()
        version = int(row[0]) if row else 0
        changed = self._data_version is not None and version != self._data_version
        self._data_version, self._stamp, self._checked_at = version, stamp, now
        return changed
