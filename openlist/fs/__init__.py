"""File-system service (issue 3): mount table, listing cache, permission and meta checks.

`fs_ctx` opens it after the database: storages are mounted (a failing one only records its
error) and a hook re-syncs storages and metas when the CLI changed the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from openlist import keys
from openlist.fs.writes import FileSystem


async def fs_ctx(app: web.Application) -> AsyncIterator[None]:
    fs = FileSystem(app[keys.DB], app[keys.SETTINGS], app[keys.SECRETBOX])
    await fs.start()
    app[keys.FS] = fs
    app[keys.ON_EXTERNAL_CHANGE].append(fs.sync_external)
    try:
        yield
    finally:
        await fs.stop()
