"""Database: external-change detection (CLI edits apply on the next request) and refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openlist.db import Database


async def test_external_commits_are_seen_every_time_and_own_writes_are_not(tmp_path: Path):
    db = Database(tmp_path / "data.db")
    await db.open()
    try:
        assert await db.external_change() is False  # baseline
        for i in range(5):
            await db.execute("INSERT INTO settings (key, value) VALUES (?, 'x')", (f"own{i}",))
            assert await db.external_change() is False
            with sqlite3.connect(tmp_path / "data.db") as other:  # e.g. `openlist admin set` in another process
                other.execute("INSERT INTO settings (key, value) VALUES (?, 'y')", (f"cli{i}",))
            assert await db.external_change() is True
            assert await db.external_change() is False
    finally:
        await db.close()
