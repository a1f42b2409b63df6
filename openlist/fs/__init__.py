"""File-system service (issue 3): mount table, listing cache, permission and meta checks."""

from __future__ import annotations

from typing import AsyncIterator

from aiohttp import web


async def fs_ctx(app: web.Application) -> AsyncIterator[None]:
    """Open the mount table (storages) after the database; placeholder until issue 3 lands."""
    yield
