"""Storages mounted into one tree: driver life cycle, the mount table, metas and cached listings.

`StorageSet` is the lower half of the file-system service (`openlist.fs.service` adds the read
operations and `openlist.fs.writes` the writes). It (re)initialises drivers, records their
status, follows changes made by other processes (the CLI), and owns the listing cache.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging

from openlist.db import Database
from openlist.db import metas as metas_db
from openlist.db import storages as storages_db
from openlist.db.storages import Storage
from openlist.drivers import find as find_driver
from openlist.drivers.base import Obj, dump_addition, parse_addition
from openlist.errors import OpenListError, ServerError
from openlist.fs.access import MetaIndex
from openlist.fs.cache import Entry, ListingCache
from openlist.fs.mounts import Mount, MountTable
from openlist.fs.render import Types
from openlist.secretbox import SecretBox
from openlist.settings import Settings

log = logging.getLogger("openlist.fs")
STATUS_WORK, STATUS_DISABLED = "work", "disabled"
DEFAULT_TTL = 60.0  # seconds, for drivers that can revalidate (Local) when cache_expiration is 0


def storage_not_found(path: str) -> ServerError:
    if path == "/":
        return ServerError("failed get storage: storage not found; please add a storage first")
    return ServerError(f"failed get storage: storage not found; rawPath: {path}")


class StorageSet:
    def __init__(self, db: Database, settings: Settings, box: SecretBox) -> None:
        self.db, self.settings, self.box = db, settings, box
        self.mounts = MountTable()
        self.cache = ListingCache()
        self.metas = MetaIndex()
        self.types = Types()
        self._lock = asyncio.Lock()  # serialises mount-table changes
        self._inflight: dict[tuple[int, str], asyncio.Future[Entry]] = {}

    # ------------------------------------------------------------------ storages
    async def start(self) -> None:
        await self.reload_metas()
        for storage in await storages_db.all_storages(self.db):
            if not storage.disabled:
                await self.mount(storage)

    async def stop(self) -> None:
        for mount in self.mounts:
            await self._drop(mount)

    async def _drop(self, mount: Mount) -> None:
        if mount.driver is not None:
            try:
                await mount.driver.drop()
            except Exception:
                log.exception("dropping storage %s failed", mount.path)

    async def mount(self, storage: Storage) -> Storage:
        """(Re)initialise a storage's driver and put it into the tree; the status is saved.

        A failing driver still mounts (its status holds the error, operations report it); it
        never crashes the server."""
        async with self._lock:
            old = self.mounts.remove(storage.id)
            if old is not None:
                await self._drop(old)
            self.cache.drop_storage(storage.id)
            cls = find_driver(storage.driver)
            driver = None
            try:
                if cls is None:
                    raise ServerError(f"no driver named: {storage.driver}")
                driver = cls(parse_addition(cls.Addition, storage.addition))
                await driver.init()
                storage = storage.replace(status=STATUS_WORK, addition=dump_addition(driver.normalized()))
            except Exception as exc:  # any driver failure becomes the status text
                message = exc.message if isinstance(exc, OpenListError) else str(exc) or type(exc).__name__
                storage = storage.replace(status=message)
                driver = None
            self.mounts.put(Mount(storage, driver))
        await storages_db.update(self.db, storage)
        return storage

    async def unmount(self, storage_id: int) -> None:
        async with self._lock:
            old = self.mounts.remove(storage_id)
            self.cache.drop_storage(storage_id)
        if old is not None:
            await self._drop(old)

    async def sync_external(self) -> None:
        """Another process (the CLI) changed the database: re-read storages and metas."""
        await self.reload_metas()
        rows = {s.id: s for s in await storages_db.all_storages(self.db)}
        for mount in self.mounts:
            if mount.storage.id not in rows or rows[mount.storage.id].disabled:
                await self.unmount(mount.storage.id)
        for storage in rows.values():
            current = self.mounts.by_id(storage.id)
            if storage.disabled:
                if storage.status != STATUS_DISABLED:
                    await storages_db.set_status(self.db, storage.id, STATUS_DISABLED)
                continue
            if current is None or current.storage.replace(status="") != storage.replace(status=""):
                await self.mount(storage)

    async def reload_metas(self) -> None:
        self.metas.load(await metas_db.all_metas(self.db, self.box))

    async def mount_details(self, storage_id: int) -> dict[str, int] | None:
        """§6.1 `mount_details` of a working storage whose driver knows its disk usage."""
        mount = self.mounts.by_id(storage_id)
        if mount is None or mount.driver is None:
            return None
        usage = await mount.driver.usage()
        if usage is None:
            return None
        total, free = usage
        return {"total_space": total, "used_space": total - free, "free_space": free}

    # ------------------------------------------------------------------ lookups
    def resolve(self, path: str) -> tuple[Mount, str]:
        found = self.mounts.resolve(path)
        if found is None:
            raise storage_not_found(path)
        mount, rel = found
        if mount.driver is None:
            raise ServerError(mount.storage.status or "storage is not initialised")
        return mount, rel

    def _ttl(self, mount: Mount, path: str) -> float:
        storage = mount.storage
        minutes = storage.cache_expiration
        for line in storage.custom_cache_policies.splitlines():
            pattern, _, value = line.rpartition(":")
            if pattern and fnmatch.fnmatch(path, pattern.strip()):
                try:
                    minutes = int(value)
                except ValueError:
                    pass
                break
        if minutes > 0:
            return minutes * 60.0
        return DEFAULT_TTL

    async def listing(self, path: str, *, refresh: bool = False) -> tuple[Mount, Entry]:
        """The cached, sorted objects of folder `path` (absolute)."""
        mount, rel = self.resolve(path)
        driver = mount.driver
        assert driver is not None
        sid = mount.storage.id
        entry = None if refresh else self.cache.get(sid, rel)
        if entry is not None:
            if entry.version is None:
                return mount, entry
            version = await driver.dir_version(rel)
            if version == entry.version:
                return mount, entry
        # one listing per folder at a time: concurrent cold requests share it (no stampede)
        key = (sid, rel)
        pending = self._inflight.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._fill(mount, rel, path))
            self._inflight[key] = pending
            pending.add_done_callback(lambda _f: self._inflight.pop(key, None))
        return mount, await asyncio.shield(pending)

    async def _fill(self, mount: Mount, rel: str, path: str) -> Entry:
        driver = mount.driver
        assert driver is not None
        sid = mount.storage.id
        generation = self.cache.write_generation(sid)
        version = await driver.dir_version(rel)
        objs = self._sorted(mount.storage, await driver.list(rel))
        return self.cache.put(sid, rel, objs, self._ttl(mount, path), version, generation)

    @staticmethod
    def _sorted(storage: Storage, objs: list[Obj]) -> list[Obj]:
        objs.sort(key=lambda o: o.name.encode("utf-8", "surrogateescape"))
        if storage.order_by in ("name", "size", "modified"):
            attr = storage.order_by
            objs.sort(key=lambda o: getattr(o, attr), reverse=storage.order_direction == "desc")
        if storage.extract_folder in ("front", "back"):
            objs.sort(key=lambda o: o.is_dir, reverse=storage.extract_folder == "front")
        return objs
